"""Settings' API keys section: a client admin creates (shown once), lists and revokes keys;
other client roles never see it; another tenant's keys never appear."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.test import Client
from django.utils import timezone

from portal.access.tests.world import World, build_world, member
from portal.api.models import ApiKey
from portal.audit.models import AuditEvent
from portal.team.tests.helpers import html, signed_in

from .helpers import api, make_key, shown_key, with_globex_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    world = with_globex_key(build_world())
    return world


def _tomorrow() -> str:
    return (timezone.now().date() + dt.timedelta(days=1)).isoformat()


def _written() -> tuple[int, int]:
    return ApiKey.objects.count(), AuditEvent.objects.count()


def test_a_client_admin_sees_the_section_with_the_keys_of_its_own_organisation(
    world: World,
) -> None:
    mine, _ = make_key(world.acme, projects=(world.acme_bookings,), name="CRM sync")
    text = html(signed_in(world.users["client_admin"]).get("/settings"))
    assert 'id="api-keys"' in text
    assert "CRM sync" in text
    assert mine.display_prefix in text
    assert "Bookings line" in text
    assert "Command line" in text  # created by the command, not a person
    assert "Never" in text  # not used yet, no expiry
    assert 'action="/settings/api-keys"' in text
    assert f'action="/settings/api-keys/{mine.pk}/revoke"' in text
    assert "Globex secret integration" not in text
    assert "<script" not in text
    assert "style=" not in text


@pytest.mark.parametrize("role", ["client_manager", "client_staff", "partner_admin"])
def test_other_roles_do_not_see_the_section(world: World, role: str) -> None:
    make_key(world.acme, name="CRM sync")
    page = signed_in(world.users[role], mfa=True).get("/settings")
    assert page.status_code == 200
    assert 'id="api-keys"' not in html(page)
    assert "CRM sync" not in html(page)


@pytest.mark.parametrize("role", ["client_manager", "client_staff"])
def test_other_client_roles_cannot_create_or_revoke(world: World, role: str) -> None:
    key, _ = make_key(world.acme)
    before = _written()
    client = signed_in(world.users[role])
    assert client.post("/settings/api-keys", {"name": "Mine"}).status_code == 404
    assert client.post(f"/settings/api-keys/{key.pk}/revoke").status_code == 404
    assert _written() == before
    assert ApiKey.objects.get(pk=key.pk).revoked_at is None


def test_creating_a_key_shows_it_once_and_stores_its_digest(world: World) -> None:
    client = signed_in(world.users["client_admin"])
    response = client.post(
        "/settings/api-keys",
        {"name": "CRM sync", "expires_on": _tomorrow(), "projects": [world.acme_bookings.pk]},
    )
    assert response.status_code == 200
    text = html(response)
    assert "It is shown only this once" in text
    assert "no-store" in response["Cache-Control"]
    plaintext = shown_key(response)
    row = ApiKey.objects.get(name="CRM sync")
    assert row.tenant == world.acme
    assert row.created_by == world.users["client_admin"]
    assert row.digest == hashlib.sha256(plaintext.encode()).hexdigest()
    assert list(row.projects.all()) == [world.acme_bookings]
    assert row.expires_at == dt.datetime.combine(
        timezone.now().date() + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC
    )
    event = AuditEvent.objects.get(action="api_key_created", target_tenant=world.acme)
    assert (event.actor, event.target_tenant) == (world.users["client_admin"], world.acme)
    assert plaintext not in str(event.details)
    settings_page = html(client.get("/settings"))
    assert plaintext not in settings_page
    assert row.display_prefix in settings_page
    projects = api(Client(), "get", "/api/v1/projects", plaintext)
    assert [p["slug"] for p in projects.json()["items"]] == ["bookings"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": ""}, "Give the key a name."),
        ({"name": "x" * 101}, "Keep the name to 100 characters or fewer."),
        ({"name": "Old", "expires_on": "2020-01-01"}, "Choose a date after today."),
        ({"name": "Odd", "expires_on": "soon"}, "Enter a date, like 2027-06-30."),
        ({"name": "Theirs", "projects": ["GLOBEX"]}, "Choose projects from the list."),
    ],
)
def test_bad_input_re_renders_settings_with_the_message_and_writes_nothing(
    world: World, data: dict[str, object], message: str
) -> None:
    if data.get("projects") == ["GLOBEX"]:
        data = {**data, "projects": [world.globex_sales.pk]}
    before = _written()
    response = signed_in(world.users["client_admin"]).post("/settings/api-keys", data)
    assert response.status_code == 400
    text = html(response)
    assert message in text
    assert "There is a problem with the new key" in text
    assert "Active sessions" in text  # the whole Settings page, not a fragment
    assert _written() == before


def test_the_error_summary_links_each_message_to_its_control(world: World) -> None:
    response = signed_in(world.users["client_admin"]).post(
        "/settings/api-keys", {"name": "", "projects": [world.globex_sales.pk]}
    )
    text = html(response)
    prefix = f"key-{world.acme.pk}"
    assert f'<a href="#{prefix}-name">Give the key a name.</a>' in text
    assert f'<a href="#{prefix}-projects">Choose projects from the list.</a>' in text
    assert f'id="{prefix}-name"' in text
    assert f'<fieldset id="{prefix}-projects">' in text


def test_an_admin_with_some_projects_must_narrow_the_key_to_them(world: World) -> None:
    admin = member("narrow@example.com", world.acme, "client_admin", all_projects=False)
    admin.membership.projects.set([world.acme_bookings])
    client = signed_in(admin)
    text = html(client.get("/settings"))
    assert "Bookings line" in text
    assert "Reminders" not in text
    refused = client.post("/settings/api-keys", {"name": "Everything"})
    assert refused.status_code == 400
    assert "Choose at least one project" in html(refused)
    wider = client.post(
        "/settings/api-keys", {"name": "Wider", "projects": [world.acme_reminders.pk]}
    )
    assert wider.status_code == 400
    assert not ApiKey.objects.filter(tenant=world.acme).exists()
    ok = client.post(
        "/settings/api-keys", {"name": "Bookings", "projects": [world.acme_bookings.pk]}
    )
    assert ok.status_code == 200


def test_a_stale_sign_in_is_sent_to_the_provider_before_a_key_is_made(
    world: World, forge_op: object
) -> None:
    client = signed_in(world.users["client_admin"], auth_age=dt.timedelta(minutes=20))
    response = client.post("/settings/api-keys", {"name": "CRM", "next": "/settings"})
    assert response.status_code == 302
    assert response["Location"].startswith(f"{forge_op.issuer}/authorize?")  # type: ignore[attr-defined]
    assert "max_age=600" in response["Location"]
    assert not ApiKey.objects.filter(tenant=world.acme).exists()


def test_revoking_a_key_stops_it_and_is_audited(world: World) -> None:
    key, plaintext = make_key(world.acme, name="CRM")
    client = signed_in(world.users["client_admin"])
    response = client.post(f"/settings/api-keys/{key.pk}/revoke")
    assert response.status_code == 302
    assert response["Location"] == "/settings#api-keys"
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert key.revoked_by == world.users["client_admin"]
    event = AuditEvent.objects.get(action="api_key_revoked")
    assert event.actor == world.users["client_admin"]
    assert event.details == {"id": key.pk, "name": "CRM"}
    assert api(Client(), "get", "/api/v1/projects", plaintext).json()["code"] == "api_key_revoked"
    text = html(client.get("/settings"))
    assert "Revoked" in text
    assert f'action="/settings/api-keys/{key.pk}/revoke"' not in text
    again = client.post(f"/settings/api-keys/{key.pk}/revoke")
    assert again.status_code == 302
    assert AuditEvent.objects.filter(action="api_key_revoked").count() == 1


def test_another_tenants_key_cannot_be_revoked_from_settings(world: World) -> None:
    theirs = ApiKey.objects.get(tenant=world.globex)
    response = signed_in(world.users["client_admin"]).post(f"/settings/api-keys/{theirs.pk}/revoke")
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_an_admin_with_some_projects_neither_sees_nor_revokes_wider_keys(world: World) -> None:
    """A key of all projects, or of a project outside the admin's, is another project's object:
    the same 404 as a key that does not exist (spec section 5)."""
    every, _ = make_key(world.acme, name="Every project")
    reminders, _ = make_key(world.acme, projects=(world.acme_reminders,), name="Reminders key")
    bookings, _ = make_key(world.acme, projects=(world.acme_bookings,), name="Bookings key")
    admin = member("narrow2@example.com", world.acme, "client_admin", all_projects=False)
    admin.membership.projects.set([world.acme_bookings])
    client = signed_in(admin)
    text = html(client.get("/settings"))
    assert "Bookings key" in text
    assert "Every project" not in text
    assert "Reminders" not in text
    for wider in (every, reminders):
        assert client.post(f"/settings/api-keys/{wider.pk}/revoke").status_code == 404
        wider.refresh_from_db()
        assert wider.revoked_at is None
    assert client.post(f"/settings/api-keys/{bookings.pk}/revoke").status_code == 302
    bookings.refresh_from_db()
    assert bookings.revoked_at is not None
