import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from portal.accounts.models import PortalUser
from portal.tenancy.constants import CLIENT_ROLES, INTERNAL_ROLES, PARTNER_ROLES, ROLES_BY_KIND
from portal.tenancy.models import FEATURES, Membership, Project, Tenant
from portal.tenancy.tests.factories import tenant_create

pytestmark = pytest.mark.django_db


def test_each_kind_of_tenant_has_its_own_roles() -> None:
    assert dict(ROLES_BY_KIND) == {
        "client": CLIENT_ROLES,
        "partner": PARTNER_ROLES,
        "internal": INTERNAL_ROLES,
    }
    assert set(ROLES_BY_KIND) == set(Tenant.Kind.values)


def test_a_new_tenant_is_an_active_standard_tenant_without_features() -> None:
    tenant = tenant_create(slug="acme")

    tenant.refresh_from_db()
    assert tenant.status == Tenant.Status.ACTIVE
    assert tenant.is_active is True
    assert tenant.plan == "standard"
    assert tenant.features == []
    assert tenant.partner is None
    assert tenant.created_at is not None
    assert tenant.updated_at is not None


@pytest.mark.parametrize("status", [Tenant.Status.SUSPENDED, Tenant.Status.CLOSED])
def test_a_suspended_or_closed_tenant_is_not_active(status: str) -> None:
    assert Tenant(slug="acme", kind="client", status=status).is_active is False


def test_a_tenant_has_the_features_switched_on_for_it() -> None:
    tenant = Tenant(slug="acme", kind="client", features=["team"])

    assert FEATURES == ("team", "partner_workspace")
    assert tenant.has_feature("team") is True
    assert tenant.has_feature("partner_workspace") is False
    assert Tenant(slug="odd", kind="client", features={"team": True}).has_feature("team") is False


def test_a_client_may_belong_to_a_partner() -> None:
    northwind = tenant_create(slug="northwind", kind="partner")
    acme = tenant_create(slug="acme", partner=northwind)

    acme.full_clean()
    assert list(northwind.clients.all()) == [acme]


@pytest.mark.parametrize(
    ("kind", "partner_kind", "message"),
    [
        ("client", "client", "A client's partner must be a partner tenant."),
        ("client", "internal", "A client's partner must be a partner tenant."),
        ("partner", "partner", "Only a client tenant may belong to a partner."),
        ("internal", "partner", "Only a client tenant may belong to a partner."),
    ],
)
def test_only_a_client_may_have_a_partner_and_only_a_partner_may_be_one(
    kind: str, partner_kind: str, message: str
) -> None:
    partner = tenant_create(slug="other", kind=partner_kind)
    tenant = Tenant(slug="acme", name="Acme", kind=kind, partner=partner)

    with pytest.raises(ValidationError) as caught:
        tenant.full_clean()

    assert caught.value.message_dict["partner"] == [message]


def test_the_database_refuses_a_partner_on_a_tenant_that_is_not_a_client() -> None:
    northwind = tenant_create(slug="northwind", kind="partner")

    with pytest.raises(IntegrityError), transaction.atomic():
        tenant_create(slug="other", kind="partner", partner=northwind)


@pytest.mark.parametrize(("field", "value"), [("kind", "reseller"), ("status", "paused")])
def test_the_database_refuses_an_unknown_kind_or_status(field: str, value: str) -> None:
    tenant = tenant_create(slug="acme")

    with pytest.raises(IntegrityError), transaction.atomic():
        Tenant.objects.filter(pk=tenant.pk).update(**{field: value})


def test_a_partner_with_clients_cannot_be_deleted() -> None:
    northwind = tenant_create(slug="northwind", kind="partner")
    tenant_create(slug="acme", partner=northwind)

    with pytest.raises(ProtectedError):
        northwind.delete()


def test_project_slugs_are_unique_within_a_tenant_only() -> None:
    acme = tenant_create(slug="acme")
    beta = tenant_create(slug="beta")
    Project.objects.create(tenant=acme, slug="bookings", name="Bookings")
    Project.objects.create(tenant=beta, slug="bookings", name="Bookings")

    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.create(tenant=acme, slug="bookings", name="Again")


@pytest.mark.parametrize("kind", ["partner", "internal"])
def test_only_a_client_tenant_has_projects(kind: str) -> None:
    project = Project(tenant=tenant_create(slug="other", kind=kind), slug="x", name="X")

    with pytest.raises(ValidationError) as caught:
        project.full_clean()

    assert caught.value.message_dict["tenant"] == ["Only a client tenant has projects."]


def test_a_user_has_one_membership_whose_role_is_stored_as_given() -> None:
    user = PortalUser.objects.create_user("someone@example.com")
    acme = tenant_create(slug="acme")
    membership = Membership.objects.create(user=user, tenant=acme, role="legacy_superuser")

    membership.refresh_from_db()
    assert user.membership == membership
    assert membership.role == "legacy_superuser"
    assert membership.all_projects is True
    assert membership.all_clients is True
    assert list(acme.memberships.all()) == [membership]
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, tenant=acme, role="client_staff")


def test_the_database_constraints_allow_exactly_the_model_choices() -> None:
    constraints = {c.name: c for c in Tenant._meta.constraints}

    assert constraints["tenancy_tenant_kind_valid"].condition.children == [
        ("kind__in", Tenant.Kind.values)
    ]
    assert constraints["tenancy_tenant_status_valid"].condition.children == [
        ("status__in", Tenant.Status.values)
    ]
