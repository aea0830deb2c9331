"""The internal Tenants pages: search and filters, a tenant's detail, suspend and reactivate,
plan and feature switches. ``aidial_admin`` changes; ``aidial_operator`` only looks."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client

from portal.access.tests.world import World, build_world, member
from portal.audit.models import AuditEvent
from portal.team.tests.helpers import html, signed_in
from portal.tenancy.models import Project, Tenant

pytestmark = pytest.mark.django_db

FORM_ACTIONS = re.compile(r'<form method="post" action="(/internal/tenants/[^"]*)"')
TABLE_ROWS = re.compile(r'<th scope="row"><a href="/internal/tenants/\d+">([^<]+)</a></th>')


@pytest.fixture
def world() -> World:
    world = build_world()
    Tenant.objects.create(slug="dormant", name="Dormant Co", kind="client", status="suspended")
    return world


def _admin(world: World, auth_age: dt.timedelta = dt.timedelta(0)) -> Client:
    return signed_in(world.users["aidial_admin"], mfa=True, auth_age=auth_age)


def _operator(world: World) -> Client:
    return signed_in(world.users["aidial_operator"], mfa=True)


def _listed(response: Any) -> list[str]:
    return TABLE_ROWS.findall(html(response))


def tenant_state() -> dict[str, Any]:
    """Everything the tenant actions can write: compared before and after a refused post."""
    return {
        "tenants": sorted(Tenant.objects.values_list("pk", "status", "plan", "features")),
        "audit": sorted(AuditEvent.objects.values_list("pk", "action")),
    }


# The Tenants list.


@pytest.mark.parametrize("who", ["aidial_admin", "aidial_operator"])
def test_both_internal_roles_see_every_tenant(world: World, who: str) -> None:
    response = signed_in(world.users[who], mfa=True).get("/internal/tenants")
    assert response.status_code == 200
    assert _listed(response) == [
        "Acme Dental",
        "Dormant Co",
        "Globex Secret Co",
        "AiDial",
        "Northwind Agency",
    ]
    text = html(response)
    assert "5 tenants." in text
    assert "Suspended" in text
    assert "<script" not in text
    assert "style=" not in text


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ({"q": "acme"}, ["Acme Dental"]),
        ({"q": "  NORTH "}, ["Northwind Agency"]),
        ({"q": "globex"}, ["Globex Secret Co"]),  # the slug
        ({"kind": "partner"}, ["Northwind Agency"]),
        ({"kind": "internal"}, ["AiDial"]),
        ({"status": "suspended"}, ["Dormant Co"]),
        ({"kind": "client", "status": "active"}, ["Acme Dental", "Globex Secret Co"]),
        ({"q": "co", "kind": "client"}, ["Dormant Co", "Globex Secret Co"]),
        ({"q": "nothing-like-this"}, []),
    ],
)
def test_search_and_filters_narrow_the_list(
    world: World, query: dict[str, str], names: list[str]
) -> None:
    response = _operator(world).get("/internal/tenants", query)
    assert response.status_code == 200
    assert _listed(response) == names
    if not names:
        assert "No tenants match these filters." in html(response)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"kind": "planet"}, "Kind: Choose a kind from the list."),
        ({"status": "asleep"}, "Status: Choose a status from the list."),
        ({"q": "x" * 101}, "Name or slug: Search for at most 100 characters."),
        ({"page": "0"}, "That page does not exist."),
        ({"page": "two"}, "That page does not exist."),
    ],
)
def test_bad_filters_are_a_400_with_the_reason_and_no_list(
    world: World, query: dict[str, str], message: str
) -> None:
    response = _operator(world).get("/internal/tenants", query)
    assert response.status_code == 400
    text = html(response)
    assert message in text
    assert "<title>Error: Tenants" in text
    assert _listed(response) == []


def test_the_list_is_paged_and_pages_keep_the_filters(world: World) -> None:
    Tenant.objects.bulk_create(
        Tenant(slug=f"bulk-{i:03}", name=f"Bulk {i:03}", kind="client") for i in range(60)
    )
    client = _operator(world)
    first = client.get("/internal/tenants", {"q": "bulk"})
    assert len(_listed(first)) == 50
    assert "60 tenants match these filters." in html(first)
    assert 'href="?q=bulk&amp;page=2"' in html(first)
    second = client.get("/internal/tenants", {"q": "bulk", "page": "2"})
    assert _listed(second) == [f"Bulk {i:03}" for i in range(50, 60)]
    beyond = client.get("/internal/tenants", {"q": "bulk", "page": "9"})
    assert _listed(beyond) == _listed(second)


# A tenant's detail.


def test_an_admin_sees_members_projects_and_both_forms(world: World) -> None:
    text = html(_admin(world).get(f"/internal/tenants/{world.acme.pk}"))
    assert "<h1>Acme Dental</h1>" in text
    assert "client_admin@example.com" in text
    assert "<td>Client admin</td>" in text
    assert "<td>Unrecognised role (billing_clerk)</td>" in text
    assert "Bookings line" in text
    assert "Reminders" in text
    assert "Northwind Agency" in text  # its partner
    assert "partner_admin@example.com" not in text  # the partner's members are its own
    assert "Globex sales" not in text
    assert set(FORM_ACTIONS.findall(text)) == {
        f"/internal/tenants/{world.acme.pk}/plan",
        f"/internal/tenants/{world.acme.pk}/status",
    }
    assert f'name="next" value="/internal/tenants/{world.acme.pk}"' in text
    assert 'value="team" checked' in text.replace('id="id_features_0" ', "")


def test_an_operator_sees_the_same_tenant_without_any_form(world: World) -> None:
    text = html(_operator(world).get(f"/internal/tenants/{world.acme.pk}"))
    assert "client_admin@example.com" in text
    assert "Bookings line" in text
    assert FORM_ACTIONS.findall(text) == []
    assert "Only an AiDial admin can change them." in text


def test_the_status_form_offers_what_can_be_done_next(world: World) -> None:
    dormant = Tenant.objects.get(slug="dormant")
    offered = re.compile(r'<option value="(\w+)" selected>')
    admin = _admin(world)
    assert offered.findall(html(admin.get(f"/internal/tenants/{world.acme.pk}"))) == ["suspended"]
    assert offered.findall(html(admin.get(f"/internal/tenants/{dormant.pk}"))) == ["active"]


def test_the_internal_tenant_cannot_be_suspended_from_its_page(world: World) -> None:
    text = html(_admin(world).get(f"/internal/tenants/{world.aidial.pk}"))
    assert FORM_ACTIONS.findall(text) == [f"/internal/tenants/{world.aidial.pk}/plan"]


def test_a_missing_tenant_is_not_found(world: World) -> None:
    missing = Tenant.objects.order_by("-pk").values_list("pk", flat=True)[0] + 100
    admin = _admin(world)
    assert admin.get(f"/internal/tenants/{missing}").status_code == 404
    before = tenant_state()
    assert admin.post(f"/internal/tenants/{missing}/plan", {"plan": "gold"}).status_code == 404
    response = admin.post(
        f"/internal/tenants/{missing}/status", {"status": "suspended", "reason": "Unpaid"}
    )
    assert response.status_code == 404
    assert tenant_state() == before


# Suspend and reactivate.


def test_suspending_ends_access_and_reactivating_restores_it(world: World) -> None:
    acme_member = signed_in(world.users["client_staff"])
    partner = signed_in(world.users["partner_user"], mfa=True)
    assert acme_member.get("/dashboard").status_code == 200
    assert partner.get(f"/calls/{world.acme_call.pk}").status_code == 200

    response = _admin(world).post(
        f"/internal/tenants/{world.acme.pk}/status",
        {"status": "suspended", "reason": "Unpaid invoices"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/internal/tenants/{world.acme.pk}"
    event = AuditEvent.objects.get()
    assert (event.action, event.outcome, event.actor_id) == (
        "tenant_suspended",
        "succeeded",
        world.users["aidial_admin"].pk,
    )
    assert (event.actor_tenant_id, event.target_tenant_id) == (world.aidial.pk, world.acme.pk)
    assert event.details == {"reason": "Unpaid invoices"}
    assert acme_member.get("/dashboard").status_code == 403
    assert partner.get(f"/calls/{world.acme_call.pk}").status_code == 404
    clients_page = html(partner.get("/partner/clients"))
    assert "Show only Acme Dental" not in clients_page
    assert "<li>Acme Dental — Suspended</li>" in clients_page

    _admin(world).post(
        f"/internal/tenants/{world.acme.pk}/status", {"status": "active", "reason": "Paid up"}
    )
    assert AuditEvent.objects.filter(action="tenant_reactivated").count() == 1
    assert acme_member.get("/dashboard").status_code == 200
    assert partner.get(f"/calls/{world.acme_call.pk}").status_code == 200


@pytest.mark.parametrize(
    ("tenant", "data", "message"),
    [
        ("acme", {"status": "suspended", "reason": ""}, "Give a reason (at least 3 characters)."),
        ("acme", {"status": "suspended", "reason": "ab"}, "Give a reason (at least 3 characters)."),
        ("acme", {"status": "closed", "reason": "Gone"}, "Choose suspend or reactivate."),
        (
            "acme",
            {"status": "suspended", "reason": "Asked by boss@acme.example"},
            "Leave email addresses out of the reason: it is kept in the audit trail.",
        ),
        ("acme", {"status": "active", "reason": "Again"}, "Acme Dental is active: it cannot be"),
        (
            "dormant",
            {"status": "suspended", "reason": "Again"},
            "Dormant Co is suspended: it cannot be suspended.",
        ),
        (
            "aidial",
            {"status": "suspended", "reason": "Oops"},
            "AiDial&#x27;s own organisation cannot be suspended.",
        ),
    ],
)
def test_a_refused_status_change_is_a_400_and_writes_nothing(
    world: World, tenant: str, data: dict[str, str], message: str
) -> None:
    target = Tenant.objects.get(slug=tenant)
    before = tenant_state()
    response = _admin(world).post(f"/internal/tenants/{target.pk}/status", data)
    assert response.status_code == 400
    assert message in html(response)
    assert "Nothing was changed" in html(response)
    assert tenant_state() == before


def test_a_stale_sign_in_goes_to_the_provider_before_any_change(
    world: World, forge_op: Any
) -> None:
    client = _admin(world, auth_age=dt.timedelta(minutes=11))
    before = tenant_state()
    for action, data in (
        ("status", {"status": "suspended", "reason": "Unpaid"}),
        ("plan", {"plan": "gold", "features": ["team"]}),
    ):
        response = client.post(
            f"/internal/tenants/{world.acme.pk}/{action}",
            {**data, "next": f"/internal/tenants/{world.acme.pk}"},
        )
        assert response.status_code == 302
        assert response["Location"].startswith(f"{forge_op.issuer}/authorize?")
        assert "max_age=600" in response["Location"]
    assert tenant_state() == before


# Plan and feature switches.


def test_changing_plan_and_features_audits_each_and_applies_at_the_next_request(
    world: World,
) -> None:
    partner = signed_in(world.users["partner_admin"], mfa=True)
    assert partner.get("/partner/clients").status_code == 200  # context now cached
    response = _admin(world).post(
        f"/internal/tenants/{world.northwind.pk}/plan", {"plan": "partner-plus", "features": []}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/internal/tenants/{world.northwind.pk}"
    world.northwind.refresh_from_db()
    assert (world.northwind.plan, world.northwind.features) == ("partner-plus", [])
    events = {e.action: e for e in AuditEvent.objects.all()}
    assert set(events) == {"tenant_plan_changed", "tenant_features_changed"}
    assert events["tenant_plan_changed"].details == {"from": "standard", "to": "partner-plus"}
    assert events["tenant_features_changed"].details == {
        "from": ["partner_workspace"],
        "to": [],
        "added": [],
        "removed": ["partner_workspace"],
    }
    for event in events.values():
        assert (event.actor_id, event.target_tenant_id, event.outcome) == (
            world.users["aidial_admin"].pk,
            world.northwind.pk,
            "succeeded",
        )
    assert partner.get("/partner/clients").status_code == 404
    assert partner.get("/dashboard").status_code == 200

    _admin(world).post(
        f"/internal/tenants/{world.northwind.pk}/plan",
        {"plan": "partner-plus", "features": ["partner_workspace"]},
    )
    assert AuditEvent.objects.filter(action="tenant_plan_changed").count() == 1
    assert AuditEvent.objects.filter(action="tenant_features_changed").count() == 2
    assert partner.get("/partner/clients").status_code == 200


def test_switching_team_on_for_a_client_shows_the_team_page_at_once(world: World) -> None:
    globex_admin = signed_in(member("boss@globex.example", world.globex, "client_admin"))
    assert globex_admin.get("/team").status_code == 404
    _admin(world).post(
        f"/internal/tenants/{world.globex.pk}/plan", {"plan": "standard", "features": ["team"]}
    )
    assert [e.action for e in AuditEvent.objects.all()] == ["tenant_features_changed"]
    assert globex_admin.get("/team").status_code == 200


def test_saving_the_same_plan_and_features_records_nothing(world: World) -> None:
    before = tenant_state()
    admin = _admin(world)
    response = admin.post(
        f"/internal/tenants/{world.acme.pk}/plan", {"plan": "standard", "features": ["team"]}
    )
    assert response.status_code == 302
    assert tenant_state() == before
    assert "Acme Dental: nothing changed." in html(admin.get(response["Location"]))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"plan": "", "features": ["team"]}, "Enter the plan."),
        ({"plan": "Gold Plan!"}, "Use lower-case letters, digits, hyphens and underscores"),
        ({"plan": "g" * 41}, "Keep the plan to 40 characters."),
        ({"plan": "gold", "features": ["billing"]}, "Choose features from the list."),
    ],
)
def test_a_bad_plan_form_is_a_400_and_writes_nothing(
    world: World, data: dict[str, Any], message: str
) -> None:
    before = tenant_state()
    response = _admin(world).post(f"/internal/tenants/{world.acme.pk}/plan", data)
    assert response.status_code == 400
    assert message in html(response)
    assert tenant_state() == before


@pytest.mark.parametrize("action", ["status", "plan"])
def test_an_operator_posting_a_change_gets_not_found_and_nothing_is_written(
    world: World, action: str
) -> None:
    before = tenant_state()
    response = _operator(world).post(
        f"/internal/tenants/{world.acme.pk}/{action}",
        {"status": "suspended", "reason": "Unpaid", "plan": "gold", "features": []},
    )
    assert response.status_code == 404
    assert tenant_state() == before


@pytest.mark.parametrize("who", ["client_admin", "partner_admin"])
@pytest.mark.parametrize("action", ["status", "plan"])
def test_customer_roles_never_reach_the_tenant_actions(world: World, who: str, action: str) -> None:
    before = tenant_state()
    client = signed_in(world.users[who], mfa=True)
    response = client.post(
        f"/internal/tenants/{world.acme.pk}/{action}",
        {"status": "suspended", "reason": "Unpaid", "plan": "gold", "features": []},
    )
    assert response.status_code == 404
    assert client.get(f"/internal/tenants/{world.globex.pk}").status_code == 404
    assert tenant_state() == before


def test_projects_listed_are_the_tenants_own(world: World) -> None:
    Project.objects.create(tenant=world.globex, slug="other", name="Globex other line")
    text = html(_operator(world).get(f"/internal/tenants/{world.globex.pk}"))
    assert "Globex sales" in text
    assert "Globex other line" in text
    assert "Bookings line" not in text
