from django.db import migrations

COMPONENTS = (
    ("outbound-calling", "Outbound calling"),
    ("inbound-calling", "Inbound calling"),
    ("portal", "Portal"),
    ("integration-api", "Integration API"),
)


def create_components(apps, schema_editor):
    ServiceComponent = apps.get_model("status", "ServiceComponent")
    for position, (slug, name) in enumerate(COMPONENTS, start=1):
        ServiceComponent.objects.get_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )


def remove_components(apps, schema_editor):
    ServiceComponent = apps.get_model("status", "ServiceComponent")
    ServiceComponent.objects.filter(slug__in=[slug for slug, _ in COMPONENTS]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("status", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_components, remove_components),
    ]
