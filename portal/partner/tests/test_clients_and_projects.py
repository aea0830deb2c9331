"""The partner workspace's Clients and Projects pages, and the active client they choose.

Northwind manages Acme Dental and Bright Smile; Dormant Co (also Northwind's) is suspended;
Globex belongs to nobody and Rival's client to another partner: none of those three appear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from portal.access.context import ACTIVE_CLIENT_KEY
from portal.access.tests.world import World, _call, build_world, member
from portal.calls.models import Call
from portal.team.tests.helpers import html, signed_in
from portal.tenancy.models import Project, Tenant

pytestmark = pytest.mark.django_db

ROW_NAMES = re.compile(r'<th scope="row">([^<]+)</th>')
CHOOSE_A_CLIENT = "Choose one of your clients, or all clients."


@dataclass
class Partners:
    world: World
    bright: Tenant
    bright_call: Call
    dormant: Tenant
    rival_client: Tenant


@pytest.fixture
def p() -> Partners:
    world = build_world()
    northwind = world.northwind
    bright = Tenant.objects.create(
        slug="bright", name="Bright Smile", kind="client", partner=northwind, plan="starter"
    )
    bright_line = Project.objects.create(tenant=bright, slug="front", name="Front desk")
    bright_call = _call(bright, bright_line, "+61400000300")
    dormant = Tenant.objects.create(
        slug="dormant", name="Dormant Co", kind="client", partner=northwind, status="suspended"
    )
    Project.objects.create(tenant=dormant, slug="old", name="Dormant line")
    rival = Tenant.objects.create(
        slug="rival", name="Rival Partners", kind="partner", features=["partner_workspace"]
    )
    rival_client = Tenant.objects.create(
        slug="rival-client", name="Rival Client Ltd", kind="client", partner=rival
    )
    Project.objects.create(tenant=rival_client, slug="x", name="Rival line")
    return Partners(world, bright, bright_call, dormant, rival_client)


def _partner(p: Partners, who: str = "partner_admin") -> Client:
    return signed_in(p.world.users[who], mfa=True)


def _choose(client: Client, value: object) -> Any:
    return client.post("/partner/clients/active", {"client": value})


# The Clients page.


@pytest.mark.parametrize("who", ["partner_admin", "partner_user"])
def test_the_clients_in_scope_with_status_and_this_months_usage(p: Partners, who: str) -> None:
    response = _partner(p, who).get("/partner/clients")
    assert response.status_code == 200
    text = html(response)
    assert ROW_NAMES.findall(text) == ["Acme Dental", "Bright Smile"]
    # Each call lasts 61 s: 2 billable minutes.
    assert re.search(
        r"Acme Dental</th>\s*<td>Active</td>\s*<td>Standard</td>\s*"
        r'<td class="numeric">2</td>\s*<td class="numeric">4</td>',
        text,
    )
    assert re.search(
        r"Bright Smile</th>\s*<td>Active</td>\s*<td>Starter</td>\s*"
        r'<td class="numeric">1</td>\s*<td class="numeric">2</td>',
        text,
    )
    for absent in ("Globex Secret Co", "Rival Client Ltd", "Dormant line"):
        assert absent not in text
    # A suspended client is out of scope: named with its status, nothing else, no switch.
    assert "<li>Dormant Co — Suspended</li>" in text
    assert "Show only Dormant Co" not in text
    assert "Show only Acme Dental" in text
    assert "Show all clients" not in text
    assert "<script" not in text
    assert "style=" not in text


def test_a_suspended_client_outside_a_client_list_is_not_named(p: Partners) -> None:
    narrow = member(
        "narrow2@northwind.example", p.world.northwind, "partner_user", all_clients=False
    )
    narrow.membership.clients.set([p.bright])
    text = html(signed_in(narrow, mfa=True).get("/partner/clients"))
    assert "Dormant Co" not in text
    assert "Clients that are not active" not in text


def test_a_partner_user_with_a_client_list_sees_only_those_clients(p: Partners) -> None:
    narrow = member(
        "narrow@northwind.example", p.world.northwind, "partner_user", all_clients=False
    )
    narrow.membership.clients.set([p.bright])
    client = signed_in(narrow, mfa=True)
    assert ROW_NAMES.findall(html(client.get("/partner/clients"))) == ["Bright Smile"]
    assert _choose(client, p.world.acme.pk).status_code == 404


@pytest.mark.parametrize("who", ["client_admin", "client_manager", "client_staff"])
def test_client_roles_never_reach_the_workspace(p: Partners, who: str) -> None:
    client = signed_in(p.world.users[who])
    assert client.get("/partner/clients").status_code == 404
    assert client.get("/partner/projects").status_code == 404
    assert _choose(client, p.world.acme.pk).status_code == 404
    assert ACTIVE_CLIENT_KEY not in client.session


# Choosing the active client.


@pytest.mark.parametrize("who", ["partner_admin", "partner_user"])
def test_choosing_a_client_narrows_the_customer_pages_until_all_clients_is_chosen(
    p: Partners, who: str
) -> None:
    client = _partner(p, who)
    acme, acme_call = p.world.acme, p.world.acme_call
    assert client.get(f"/calls/{p.bright_call.pk}").status_code == 200

    response = _choose(client, acme.pk)
    assert response.status_code == 302
    assert response["Location"] == "/partner/clients"
    assert client.session[ACTIVE_CLIENT_KEY] == acme.pk
    page = html(client.get("/partner/clients"))
    assert "Showing Acme Dental only." in page
    assert "Showing client <strong>Acme Dental</strong>" in page
    assert "<strong>Showing this client</strong>" in page
    assert "Show all clients" in page
    assert client.get(f"/calls/{acme_call.pk}").status_code == 200
    assert client.get(f"/calls/{p.bright_call.pk}").status_code == 404
    calls = html(client.get("/calls"))
    assert "+61400000001" in calls
    assert "+61400000300" not in calls
    assert "Showing client <strong>Acme Dental</strong>" in html(client.get("/dashboard"))

    response = _choose(client, "")
    assert response.status_code == 302
    assert ACTIVE_CLIENT_KEY not in client.session
    page = html(client.get("/partner/clients"))
    assert "Showing all your clients." in page
    assert "Showing client" not in page
    assert client.get(f"/calls/{p.bright_call.pk}").status_code == 200


def test_billing_usage_per_client_follows_the_active_client(p: Partners) -> None:
    client = _partner(p)
    assert "Bright Smile" in html(client.get("/billing"))
    _choose(client, p.world.acme.pk)
    billing = html(client.get("/billing"))
    assert "Acme Dental" in billing
    assert "Bright Smile" not in billing


@pytest.mark.parametrize("target", ["globex", "rival_client", "dormant", "missing"])
def test_a_client_out_of_scope_is_the_same_404_as_a_missing_one(p: Partners, target: str) -> None:
    ids = {
        "globex": p.world.globex.pk,
        "rival_client": p.rival_client.pk,
        "dormant": p.dormant.pk,
        "missing": Tenant.objects.order_by("-pk").values_list("pk", flat=True)[0] + 100,
    }
    client = _partner(p)
    _choose(client, p.bright.pk)
    client.get("/partner/clients")  # shows the confirmation, so no message is left over
    response = _choose(client, ids[target])
    assert response.status_code == 404
    missing = client.get("/no-such-page")
    token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub(b"", response.content) == token.sub(b"", missing.content)
    assert client.session[ACTIVE_CLIENT_KEY] == p.bright.pk


@pytest.mark.parametrize("value", ["acme", "0", "-3", "1.5", "99999999999"])
def test_a_malformed_choice_is_a_400_and_changes_nothing(p: Partners, value: str) -> None:
    client = _partner(p)
    _choose(client, p.bright.pk)
    response = _choose(client, value)
    assert response.status_code == 400
    text = html(response)
    assert CHOOSE_A_CLIENT in text
    assert "<title>Error: Clients" in text
    assert ROW_NAMES.findall(text) == ["Acme Dental", "Bright Smile"]
    assert client.session[ACTIVE_CLIENT_KEY] == p.bright.pk


def test_a_chosen_client_suspended_since_no_longer_narrows_anything(p: Partners) -> None:
    client = _partner(p)
    _choose(client, p.bright.pk)
    assert client.get(f"/calls/{p.world.acme_call.pk}").status_code == 404
    p.bright.status = Tenant.Status.SUSPENDED
    p.bright.save()
    assert client.get(f"/calls/{p.bright_call.pk}").status_code == 404
    assert client.get(f"/calls/{p.world.acme_call.pk}").status_code == 200
    page = html(client.get("/partner/clients"))
    assert ROW_NAMES.findall(page) == ["Acme Dental"]
    assert "Showing client" not in page


def test_switching_the_workspace_off_drops_the_choice_at_the_next_request(p: Partners) -> None:
    client = _partner(p)
    _choose(client, p.bright.pk)
    northwind = p.world.northwind
    northwind.features = []
    northwind.save()
    assert client.get("/partner/clients").status_code == 404
    assert client.get(f"/calls/{p.world.acme_call.pk}").status_code == 200
    assert "Showing client" not in html(client.get("/dashboard"))


def test_another_partners_choice_is_its_own(p: Partners) -> None:
    rival = signed_in(
        member("boss@rival.example", Tenant.objects.get(slug="rival"), "partner_admin"), mfa=True
    )
    assert ROW_NAMES.findall(html(rival.get("/partner/clients"))) == ["Rival Client Ltd"]
    assert _choose(rival, p.world.acme.pk).status_code == 404
    assert rival.get(f"/calls/{p.world.acme_call.pk}").status_code == 404


# The Projects page.


@pytest.mark.parametrize("who", ["partner_admin", "partner_user"])
def test_projects_across_the_clients_in_scope_with_their_calls(p: Partners, who: str) -> None:
    response = _partner(p, who).get("/partner/projects")
    assert response.status_code == 200
    text = html(response)
    assert ROW_NAMES.findall(text) == ["Bookings line", "Reminders", "Front desk"]
    assert re.search(
        r"Bookings line</th><td>Acme Dental</td>"
        r'<td class="numeric">1</td><td class="numeric">1</td>',
        text,
    )
    assert re.search(r"Front desk</th><td>Bright Smile</td>", text)
    for absent in ("Dormant line", "Globex sales", "Rival line"):
        assert absent not in text
    assert "all your clients" in text


def test_projects_follow_the_active_client(p: Partners) -> None:
    client = _partner(p)
    _choose(client, p.bright.pk)
    text = html(client.get("/partner/projects"))
    assert ROW_NAMES.findall(text) == ["Front desk"]
    assert "of Bright Smile" in text
