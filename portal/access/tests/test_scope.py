"""Object scope: another tenant's, client's or project's object is a 404 like a missing one."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from portal.tenancy.models import Tenant

from .world import MFA_AMR, World, build_world, member, sign_in_directly

pytestmark = pytest.mark.django_db
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def _same_not_found(client: Client, path: str, missing: str) -> None:
    hidden, absent = client.get(path), client.get(missing)
    assert hidden.status_code == absent.status_code == 404
    assert TOKEN.sub(b"", hidden.content) == TOKEN.sub(b"", absent.content)


def _signed_in(world: World, role: str) -> Client:
    client = Client()
    sign_in_directly(client, world.users[role], amr=MFA_AMR, mfa_enrolled=True)
    return client


@pytest.mark.parametrize("role", ["client_admin", "client_manager", "client_staff"])
def test_another_tenants_call_is_not_found_for_client_roles(role: str) -> None:
    world = build_world()
    client = _signed_in(world, role)
    assert client.get(f"/calls/{world.acme_call.pk}").status_code == 200
    _same_not_found(client, f"/calls/{world.globex_call.pk}", "/calls/987654321")
    listing = client.get("/calls").content.decode()
    assert "+61400000001" in listing
    assert "+61499999999" not in listing
    assert "Globex" not in listing


@pytest.mark.parametrize("role", ["partner_admin", "partner_user"])
def test_a_partner_sees_its_clients_only(role: str) -> None:
    world = build_world()
    client = _signed_in(world, role)
    assert client.get(f"/calls/{world.acme_call.pk}").status_code == 200
    _same_not_found(client, f"/calls/{world.globex_call.pk}", "/calls/987654321")
    for page in ("/calls", "/partner/clients", "/partner/projects"):
        text = client.get(page).content.decode()
        assert "Globex" not in text
        assert "+61499999999" not in text


def test_a_suspended_client_is_out_of_scope_for_its_partner() -> None:
    world = build_world()
    client = _signed_in(world, "partner_admin")
    world.acme.status = Tenant.Status.SUSPENDED
    world.acme.save()
    _same_not_found(client, f"/calls/{world.acme_call.pk}", "/calls/987654321")
    page = client.get("/partner/clients").content.decode()
    assert "Show only Acme Dental" not in page  # named as not active, nothing more
    assert "<li>Acme Dental — Suspended</li>" in page
    assert "Acme Dental" not in client.get("/calls").content.decode()


def test_a_partner_user_with_a_client_list_sees_only_those_clients() -> None:
    world = build_world()
    other = Tenant.objects.create(
        slug="brightsmile", name="Bright Smile", kind="client", partner=world.northwind
    )
    narrowed = member("narrow@example.com", world.northwind, "partner_user", all_clients=False)
    narrowed.membership.clients.set([other])
    client = Client()
    sign_in_directly(client, narrowed)
    _same_not_found(client, f"/calls/{world.acme_call.pk}", "/calls/987654321")
    clients = client.get("/partner/clients").content.decode()
    assert "Bright Smile" in clients
    assert "Acme Dental" not in clients


def test_a_client_user_scoped_to_projects_sees_only_their_calls() -> None:
    world = build_world()
    scoped = member("scoped@example.com", world.acme, "client_staff", all_projects=False)
    scoped.membership.projects.set([world.acme_bookings])
    client = Client()
    sign_in_directly(client, scoped)
    assert client.get(f"/calls/{world.acme_call.pk}").status_code == 200
    _same_not_found(client, f"/calls/{world.acme_reminder_call.pk}", "/calls/987654321")
    listing = client.get("/calls").content.decode()
    assert "+61400000001" in listing
    assert "+61400000002" not in listing


def test_an_unknown_tenant_id_is_not_found_in_the_internal_surface() -> None:
    world = build_world()
    client = _signed_in(world, "aidial_operator")
    assert client.get(f"/internal/tenants/{world.globex.pk}").status_code == 200
    assert client.get("/internal/tenants/987654321").status_code == 404


def test_team_pages_list_only_the_own_tenants_members() -> None:
    world = build_world()
    member("globex.person@example.com", world.globex, "client_admin")
    text = _signed_in(world, "client_admin").get("/team").content.decode()
    assert "client_staff@example.com" in text
    assert "globex.person@example.com" not in text
    partner_team = _signed_in(world, "partner_admin").get("/partner/team").content.decode()
    assert "partner_user@example.com" in partner_team
    assert "client_admin@example.com" not in partner_team


def test_the_tenant_audit_log_shows_only_the_own_tenants_events() -> None:
    from portal.audit.services import audit_record

    world = build_world()
    audit_record(
        action="sign_in",
        outcome="succeeded",
        actor=world.users["client_staff"],
        reason="acme-event",
    )
    globex_user = member("g@example.com", world.globex, "client_admin")
    audit_record(action="sign_in", outcome="failed", actor=globex_user, reason="globex-event")
    text = _signed_in(world, "client_admin").get("/audit-log").content.decode()
    assert "acme-event" in text
    assert "globex-event" not in text
    internal = _signed_in(world, "aidial_operator").get("/internal/audit-log").content.decode()
    assert "acme-event" in internal
    assert "globex-event" in internal
