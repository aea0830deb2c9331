"""Partner Integrations: per client in the partner's scope, its API keys and webhook endpoints;
a partner admin manages them, a partner user only views; other clients stay out of reach."""

from __future__ import annotations

import pytest
from django.test import Client

from portal.access.tests.world import World, build_world, member
from portal.api.models import ApiKey, WebhookEndpoint
from portal.audit.models import AuditEvent
from portal.team.tests.helpers import html, signed_in
from portal.tenancy.models import Project, Tenant

from .helpers import make_key, shown_key, with_globex_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    world = with_globex_key(build_world())
    WebhookEndpoint.objects.create(tenant=world.globex, url="https://globex.example/hook")
    southwind = Tenant.objects.create(
        slug="southwind", name="Southwind", kind="partner", features=["partner_workspace"]
    )
    initech = Tenant.objects.create(
        slug="initech", name="Initech", kind="client", partner=southwind
    )
    Project.objects.create(tenant=initech, slug="main", name="Initech main")
    make_key(initech, name="Initech key")
    member("other.admin@example.com", southwind, "partner_admin")
    return world


def _initech() -> Tenant:
    return Tenant.objects.get(slug="initech")


def _admin(world: World) -> Client:
    return signed_in(world.users["partner_admin"], mfa=True)


def _written() -> tuple[int, int, int]:
    return ApiKey.objects.count(), WebhookEndpoint.objects.count(), AuditEvent.objects.count()


def test_a_partner_admin_sees_each_clients_keys_and_endpoints_with_the_forms(
    world: World,
) -> None:
    key, _ = make_key(world.acme, name="Acme CRM")
    hook = WebhookEndpoint.objects.create(
        tenant=world.acme, url="https://crm.acme.example/aidial", description="CRM"
    )
    page = _admin(world).get("/partner/integrations")
    assert page.status_code == 200
    text = html(page)
    assert "Acme Dental" in text
    assert "Acme CRM" in text
    assert key.display_prefix in text
    assert "https://crm.acme.example/aidial" in text
    assert f'action="/partner/integrations/clients/{world.acme.pk}/api-keys"' in text
    assert f'action="/partner/integrations/clients/{world.acme.pk}/webhooks"' in text
    assert f'action="/partner/integrations/api-keys/{key.pk}/revoke"' in text
    assert f'action="/partner/integrations/webhooks/{hook.pk}/active"' in text
    for other in ("Globex", "globex.example", "Initech"):
        assert other not in text
    assert "<script" not in text
    assert "style=" not in text


def test_a_partner_user_views_read_only(world: World) -> None:
    key, _ = make_key(world.acme, name="Acme CRM")
    hook = WebhookEndpoint.objects.create(tenant=world.acme, url="https://crm.acme.example/h")
    client = signed_in(world.users["partner_user"])
    text = html(client.get("/partner/integrations"))
    assert "Acme CRM" in text
    assert "https://crm.acme.example/h" in text
    assert "Only a partner admin can change them." in text
    assert 'action="/partner/integrations' not in text
    before = _written()
    for path, data in (
        (f"/partner/integrations/clients/{world.acme.pk}/api-keys", {"name": "Mine"}),
        (f"/partner/integrations/api-keys/{key.pk}/revoke", {}),
        (f"/partner/integrations/clients/{world.acme.pk}/webhooks", {"url": "https://x.example"}),
        (f"/partner/integrations/webhooks/{hook.pk}/active", {"active": "off"}),
    ):
        assert client.post(path, data).status_code == 404, path
    assert _written() == before
    assert ApiKey.objects.get(pk=key.pk).revoked_at is None
    assert WebhookEndpoint.objects.get(pk=hook.pk).active


def test_a_partner_admin_creates_a_key_for_a_client_shown_once(world: World) -> None:
    client = _admin(world)
    response = client.post(
        f"/partner/integrations/clients/{world.acme.pk}/api-keys",
        {"name": "Lead source", "projects": [world.acme_reminders.pk]},
    )
    assert response.status_code == 200
    plaintext = shown_key(response)
    row = ApiKey.objects.get(name="Lead source")
    assert (row.tenant, row.created_by) == (world.acme, world.users["partner_admin"])
    assert list(row.projects.all()) == [world.acme_reminders]
    assert f'href="/partner/integrations#client-{world.acme.pk}"' in html(response)
    event = AuditEvent.objects.get(action="api_key_created", target_tenant=world.acme)
    assert (event.actor, event.actor_tenant) == (world.users["partner_admin"], world.northwind)
    assert plaintext not in html(client.get("/partner/integrations"))


def test_a_bad_key_form_re_renders_the_page_with_the_message(world: World) -> None:
    before = _written()
    response = _admin(world).post(
        f"/partner/integrations/clients/{world.acme.pk}/api-keys",
        {"name": "", "projects": [world.globex_sales.pk]},
    )
    assert response.status_code == 400
    text = html(response)
    assert f'<a href="#key-{world.acme.pk}-name">Give the key a name.</a>' in text
    assert "Choose projects from the list." in text
    assert "There is a problem" in text
    assert "<title>Error: Integrations" in text
    assert _written() == before


@pytest.mark.parametrize("target", ["globex", "initech", "missing"])
def test_clients_outside_the_partners_scope_are_not_found(world: World, target: str) -> None:
    client_id = {
        "globex": world.globex.pk,
        "initech": _initech().pk,
        "missing": 999999,
    }[target]
    theirs = ApiKey.objects.filter(tenant_id=client_id).first()
    before = _written()
    client = _admin(world)
    base = "/partner/integrations"
    assert client.post(f"{base}/clients/{client_id}/api-keys", {"name": "x"}).status_code == 404
    webhook = {"url": "https://x.example/h"}
    assert client.post(f"{base}/clients/{client_id}/webhooks", webhook).status_code == 404
    if theirs is not None:
        assert client.post(f"{base}/api-keys/{theirs.pk}/revoke").status_code == 404
        theirs.refresh_from_db()
        assert theirs.revoked_at is None
    assert _written() == before


def test_a_partner_admin_revokes_a_clients_key(world: World) -> None:
    key, _ = make_key(world.acme, name="Old CRM")
    response = _admin(world).post(f"/partner/integrations/api-keys/{key.pk}/revoke")
    assert response.status_code == 302
    assert response["Location"] == f"/partner/integrations#client-{world.acme.pk}"
    key.refresh_from_db()
    assert key.revoked_by == world.users["partner_admin"]


def test_webhook_endpoints_are_added_validated_and_switched(world: World) -> None:
    client = _admin(world)
    base = f"/partner/integrations/clients/{world.acme.pk}/webhooks"
    for url, message in (
        ("http://crm.acme.example/h", "Enter an https:// address"),
        ("", "Enter the address AiDial should post call events to."),
        ("not a url", "Enter an https:// address"),
    ):
        refused = client.post(base, {"url": url, "description": "CRM"})
        assert refused.status_code == 400
        assert message in html(refused)
        assert not WebhookEndpoint.objects.filter(tenant=world.acme).exists()
    added = client.post(base, {"url": "https://crm.acme.example/h", "description": "CRM"})
    assert added.status_code == 302
    assert added["Location"] == f"/partner/integrations#client-{world.acme.pk}"
    endpoint = WebhookEndpoint.objects.get(tenant=world.acme)
    assert (endpoint.url, endpoint.description, endpoint.active) == (
        "https://crm.acme.example/h",
        "CRM",
        True,
    )
    assert endpoint.created_by == world.users["partner_admin"]
    path = f"/partner/integrations/webhooks/{endpoint.pk}/active"
    assert client.post(path, {"active": "off"}).status_code == 302
    assert not WebhookEndpoint.objects.get(pk=endpoint.pk).active
    assert client.post(path, {"active": "maybe"}).status_code == 404
    assert client.post(path, {"active": "on"}).status_code == 302
    assert WebhookEndpoint.objects.get(pk=endpoint.pk).active
    assert client.post(path, {"active": "on"}).status_code == 302  # already on: no event
    events = AuditEvent.objects.filter(action__startswith="webhook_").order_by("id")
    assert [(e.action, e.actor, e.target_tenant_id) for e in events] == [
        (action, world.users["partner_admin"], world.acme.pk)
        for action in ("webhook_added", "webhook_turned_off", "webhook_turned_on")
    ]
    assert all(e.details == {"id": endpoint.pk, "host": "crm.acme.example"} for e in events)
    theirs = WebhookEndpoint.objects.get(tenant=world.globex)
    refused = client.post(f"/partner/integrations/webhooks/{theirs.pk}/active", {"active": "off"})
    assert refused.status_code == 404
    assert WebhookEndpoint.objects.get(pk=theirs.pk).active


def test_a_client_admin_does_not_reach_integrations(world: World) -> None:
    client = signed_in(world.users["client_admin"])
    assert client.get("/partner/integrations").status_code == 404
    path = f"/partner/integrations/clients/{world.acme.pk}/api-keys"
    assert client.post(path, {"name": "x"}).status_code == 404
