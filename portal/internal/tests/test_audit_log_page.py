"""/internal/audit-log and its export: every organisation's events, for AiDial staff only."""

from __future__ import annotations

import re

import pytest

from portal.access.tests.spec_table import ROLES
from portal.access.tests.test_query_counts import SESSION_STORE_QUERIES
from portal.access.tests.world import World, build_world
from portal.audit.models import AuditEvent
from portal.audit.tests.factories import events_create
from portal.audit.tests.test_audit_log_page import DAY, _plant, reasons
from portal.core.tests.lists import csv_text, page_link, queries_of, refused_filter
from portal.team.tests.helpers import html, signed_in

pytestmark = pytest.mark.django_db

INTERNAL = ("aidial_admin", "aidial_operator")


@pytest.fixture
def world() -> World:
    return build_world()


@pytest.mark.parametrize("role", INTERNAL)
def test_aidial_staff_see_every_organisations_events_with_both_organisations(
    world: World, role: str
) -> None:
    _plant(world)

    response = signed_in(world.users[role], mfa=True).get("/internal/audit-log")

    assert response.status_code == 200
    page = html(response)
    assert "<h1>Audit log (all organisations)</h1>" in page
    assert "Actor's organisation" in page
    assert sorted(reasons(page)) == sorted(
        ["acme-admin", "acme-staff", "acme-target", "globex", "northwind", "nobody"]
    )
    assert "<td>AiDial</td><td>Acme Dental</td>" in page  # reactivated by AiDial
    assert "<td>Globex Secret Co</td><td>Globex Secret Co</td>" in page


@pytest.mark.parametrize("role", [r for r in ROLES if r not in INTERNAL])
def test_customer_roles_reach_neither_the_internal_log_nor_its_export(
    world: World, role: str
) -> None:
    client = signed_in(world.users[role], mfa=True)

    assert client.get("/internal/audit-log").status_code == 404
    assert client.get("/internal/audit-log/export.csv").status_code == 404


def test_the_filters_work_across_organisations(world: World) -> None:
    _plant(world)
    client = signed_in(world.users["aidial_operator"], mfa=True)

    def found(query: str) -> list[str]:
        response = client.get(f"/internal/audit-log?{query}")
        assert response.status_code == 200, query
        return sorted(reasons(html(response)))

    assert found("outcome=denied") == ["nobody"]
    assert found("action=tenant_reactivated") == ["acme-target"]
    assert found("actor=%40globex.example") == ["globex"]
    assert found("actor=partner") == ["northwind"]
    assert found("date_from=2026-03-02&date_to=2026-03-02&action=sign_in") == [
        "acme-admin",
        "globex",
        "nobody",
        "northwind",
    ]


def test_an_invalid_filter_is_a_400_with_the_reason(world: World) -> None:
    client = signed_in(world.users["aidial_admin"], mfa=True)

    page = refused_filter(
        client,
        list_url="/internal/audit-log",
        export_url="/internal/audit-log/export.csv",
        query="date_from=2026-05-01&date_to=2026-04-01&action=x",
        message="The end date must be on or after the start date.",
    )

    assert "Choose one of the listed actions." in page
    assert reasons(page) == []


def test_pages_and_a_tampered_cursor(world: World) -> None:
    made = events_create(60, newest=DAY, tenant=world.globex)
    client = signed_in(world.users["aidial_operator"], mfa=True)

    first = html(client.get("/internal/audit-log"))
    second = html(client.get(page_link(first, "next")))

    assert first.count("<tr>") - 1 == 50
    assert second.count("<tr>") - 1 == 10
    assert made[-1].created_at.isoformat() in second
    assert 'rel="next"' not in second
    response = client.get(page_link(first, "next") + "x")
    assert response.status_code == 400
    assert '<a href="/internal/audit-log">Show the newest events</a>' in html(response)


@pytest.mark.parametrize("role", INTERNAL)
def test_the_export_holds_every_organisations_events_with_both_organisations(
    world: World, role: str
) -> None:
    _plant(world)
    AuditEvent.objects.exclude(reason__in=["acme-target", "nobody"]).delete()

    response = signed_in(world.users[role], mfa=True).get("/internal/audit-log/export.csv")

    assert response.status_code == 200
    assert re.fullmatch(
        r'attachment; filename="audit-log-all-\d{8}-\d{4}\.csv"',
        response["Content-Disposition"],
    )
    assert csv_text(response) == (
        "time,action,outcome,actor_tenant,target_tenant,actor,actor_email,reason,ip,"
        "user_agent,details\r\n"
        "2026-03-02T09:30:00+00:00,sign_in,denied,,,,,nobody,203.0.113.7,Firefox,\r\n"
        "2026-03-02T07:30:00+00:00,tenant_reactivated,succeeded,AiDial,Acme Dental,"
        "Aidial Admin,aidial_admin@example.com,acme-target,198.51.100.99,StaffBrowser/1.0,"
        '"{""reason"": ""paid""}"\r\n'
    )


#: path -> the queries beyond the session store's: the portal session, the user, the events.
QUERIES = {
    "/internal/audit-log": 2,
    "/internal/audit-log?outcome=succeeded&actor=a&date_to=2026-12-31": 2,
    "/internal/audit-log/export.csv": 2,
}


def test_the_internal_audit_log_makes_a_pinned_number_of_queries_for_10_or_1000_events(
    world: World,
) -> None:
    client = signed_in(world.users["aidial_admin"], mfa=True)
    client.get("/internal/audit-log")  # the access context is cached after the first request

    def counts() -> dict[str, int]:
        return {path: queries_of(client, path) for path in QUERIES}

    events_create(10, newest=DAY, actor=world.users["client_admin"], tenant=world.acme)
    small = counts()
    events_create(990, newest=DAY, actor=world.users["partner_user"], tenant=world.northwind)
    large = counts()

    assert small == large == {path: n + SESSION_STORE_QUERIES for path, n in QUERIES.items()}
