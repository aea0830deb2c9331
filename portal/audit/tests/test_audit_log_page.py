"""/audit-log and /audit-log/export.csv: the organisation's own events, filtered, paged, as CSV."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from portal.access.tests.test_query_counts import SESSION_STORE_QUERIES
from portal.access.tests.world import World, build_world, member
from portal.audit.models import AuditEvent
from portal.core.tests.lists import csv_text, page_link, queries_of, refused_filter
from portal.team.tests.helpers import html, signed_in

from .factories import events_create

pytestmark = pytest.mark.django_db

DAY = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def world() -> World:
    return build_world()


def reasons(page: str) -> list[str]:
    """The Reason column of the events table, top to bottom."""
    return re.findall(
        r"<td>([a-z0-9_-]+)</td>\s*<td>[^<]*</td>\s*<td class=\"calls-nowrap\">", page
    )


def _plant(world: World) -> None:
    """Events of Acme (by its people, or done to it) and of everyone else around it."""
    acme_admin, acme_staff = world.users["client_admin"], world.users["client_staff"]
    events_create(1, newest=DAY, actor=acme_admin, tenant=world.acme, reason="acme-admin")
    events_create(
        1,
        newest=DAY - dt.timedelta(hours=1),
        actor=acme_staff,
        tenant=world.acme,
        action="sign_out",
        reason="acme-staff",
    )
    events_create(  # done to Acme by AiDial staff
        1,
        newest=DAY - dt.timedelta(hours=2),
        actor=world.users["aidial_admin"],
        tenant=world.aidial,
        target_tenant=world.acme,
        action="tenant_reactivated",
        reason="acme-target",
        details={"reason": "paid"},
        ip="198.51.100.99",
        user_agent="StaffBrowser/1.0",
    )
    globex_admin = member("g@globex.example", world.globex, "client_admin")
    events_create(1, newest=DAY, actor=globex_admin, tenant=world.globex, reason="globex")
    events_create(
        1,
        newest=DAY,
        actor=world.users["partner_admin"],
        tenant=world.northwind,
        reason="northwind",
    )
    events_create(1, newest=DAY, outcome="denied", reason="nobody")  # no actor, no tenant


# Content, per role, and the boundary.


@pytest.mark.parametrize("role", ["client_admin", "client_manager"])
def test_client_admins_and_managers_see_their_organisations_events_only(
    world: World, role: str
) -> None:
    _plant(world)

    response = signed_in(world.users[role]).get("/audit-log")

    assert response.status_code == 200
    page = html(response)
    assert "<h1>Audit log</h1>" in page
    assert reasons(page) == ["acme-admin", "acme-staff", "acme-target"]
    assert "Client Admin" in page
    # Who changed the organisation is named by the organisation, never by name or address.
    assert "<td>AiDial</td>" in page
    assert "Aidial Admin" not in page
    assert "aidial_admin@" not in page
    assert "198.51.100.99" not in page  # nor where they were
    assert "reason: paid" in page
    assert "Tenant reactivated" in page
    assert "Actor's organisation" not in page
    for hidden in ("globex", "northwind", "nobody", "Globex", "Northwind"):
        assert hidden not in page


@pytest.mark.parametrize("role", ["client_staff", "partner_admin", "partner_user"])
def test_other_customer_roles_do_not_have_the_audit_log_or_its_export(
    world: World, role: str
) -> None:
    client = signed_in(world.users[role], mfa=True)

    assert client.get("/audit-log").status_code == 404
    assert client.get("/audit-log/export.csv").status_code == 404


@pytest.mark.parametrize("role", ["aidial_admin", "aidial_operator"])
def test_internal_roles_are_sent_to_the_internal_audit_log(world: World, role: str) -> None:
    client = signed_in(world.users[role], mfa=True)

    for path in ("/audit-log", "/audit-log/export.csv"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == "/internal/audit-log"


# Filters.


def test_each_filter_narrows_the_log(world: World) -> None:
    _plant(world)
    events_create(
        1,
        newest=DAY + dt.timedelta(days=1),
        actor=world.users["client_manager"],
        tenant=world.acme,
        outcome="failed",
        reason="acme-manager",
    )
    client = signed_in(world.users["client_admin"])

    def found(query: str) -> list[str]:
        response = client.get(f"/audit-log?{query}")
        assert response.status_code == 200, query
        return reasons(html(response))

    assert found("action=sign_out") == ["acme-staff"]
    assert found("outcome=failed") == ["acme-manager"]
    assert found("actor=client+STAFF") == ["acme-staff"]
    assert found("actor=client_manager%40example") == ["acme-manager"]
    assert found("actor=aidial") == ["acme-target"]  # by the organisation's name
    assert found("actor=aidial+admin") == []  # never by the name of someone outside
    assert found("actor=aidial_admin%40example.com") == []
    assert found("date_from=2026-03-03") == ["acme-manager"]
    assert found("date_from=2026-03-02&date_to=2026-03-02") == [
        "acme-admin",
        "acme-staff",
        "acme-target",
    ]
    assert found("action=sign_in&actor=nobody") == []
    assert found("actor=globex") == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "date_from=2026-03-05&date_to=2026-03-04",
            "The end date must be on or after the start date.",
        ),
        ("date_to=2026-02-30", "Enter a date such as 2026-03-31."),
        ("date_from=2100-01-01", "Enter a date between 1 January 2000 and 31 December 2099."),
        ("action=delete_everything", "Choose one of the listed actions."),
        ("outcome=maybe", "Choose one of the listed outcomes."),
        ("actor=" + "x" * 101, "Enter at most 100 characters."),
    ],
)
def test_an_invalid_filter_is_a_400_with_the_form_and_the_reason_and_no_events(
    world: World, query: str, message: str
) -> None:
    _plant(world)
    client = signed_in(world.users["client_manager"])

    page = refused_filter(
        client,
        list_url="/audit-log",
        export_url="/audit-log/export.csv",
        query=query,
        message=message,
    )

    assert "<title>Error: Audit log" in page
    assert reasons(page) == []


# Pages.


def test_pages_go_older_and_back_newer_and_keep_the_filters(world: World) -> None:
    admin = world.users["client_admin"]
    made = events_create(120, newest=DAY, actor=admin, tenant=world.acme, reason="paged")
    events_create(5, newest=DAY, actor=admin, tenant=world.acme, action="sign_out")
    client = signed_in(admin)

    def ids(page: str) -> list[int]:
        times = re.findall(r'<time datetime="([^"]+)">', page)
        return [next(e.pk for e in made if e.created_at.isoformat() == t) for t in times]

    first = html(client.get("/audit-log?action=sign_in"))
    assert ids(first) == [e.pk for e in made[:50]]
    assert "action=sign_in" in page_link(first, "next")
    assert 'rel="prev"' not in first
    second = html(client.get(page_link(first, "next")))
    assert ids(second) == [e.pk for e in made[50:100]]
    third = html(client.get(page_link(second, "next")))
    assert ids(third) == [e.pk for e in made[100:]]
    assert 'rel="next"' not in third
    assert "(continued)" in third
    assert ids(html(client.get(page_link(third, "prev")))) == [e.pk for e in made[50:100]]
    assert ids(html(client.get(page_link(second, "prev")))) == [e.pk for e in made[:50]]
    assert "50 events a page." in first


def test_a_tampered_or_foreign_cursor_is_a_400_with_a_way_back(world: World) -> None:
    from portal.calls.selectors import CALLS_KEYSET
    from portal.core.keyset import Cursor, Direction

    calls_cursor = CALLS_KEYSET.encode(Cursor(Direction.OLDER, DAY, 1))
    client = signed_in(world.users["client_admin"])

    for cursor in ("nonsense", calls_cursor, calls_cursor[:-3]):
        response = client.get(f"/audit-log?cursor={cursor}")
        assert response.status_code == 400
        page = html(response)
        assert "That page link is not valid" in page
        assert '<a href="/audit-log">Show the newest events</a>' in page


# CSV export.


def test_the_export_is_exactly_the_filtered_events_with_formulas_defused(world: World) -> None:
    _plant(world)
    events_create(
        1,
        newest=DAY - dt.timedelta(hours=3),
        actor=world.users["client_staff"],
        tenant=world.acme,
        outcome="failed",
        reason="=cmd|'/c calc'!A1",
        user_agent="@evil agent",
        ip=None,
    )

    response = signed_in(world.users["client_admin"]).get(
        "/audit-log/export.csv?date_to=2026-03-02"
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="audit-log-\d{8}-\d{4}\.csv"', response["Content-Disposition"]
    )
    assert csv_text(response) == (
        "time,action,outcome,actor,actor_email,reason,ip,user_agent,details\r\n"
        "2026-03-02T09:30:00+00:00,sign_in,succeeded,Client Admin,client_admin@example.com,"
        "acme-admin,203.0.113.7,Firefox,\r\n"
        "2026-03-02T08:30:00+00:00,sign_out,succeeded,Client Staff,client_staff@example.com,"
        "acme-staff,203.0.113.7,Firefox,\r\n"
        "2026-03-02T07:30:00+00:00,tenant_reactivated,succeeded,AiDial,,"
        'acme-target,,,"{""reason"": ""paid""}"\r\n'
        "2026-03-02T06:30:00+00:00,sign_in,failed,Client Staff,client_staff@example.com,"
        "'=cmd|'/c calc'!A1,,'@evil agent,\r\n"
    )


def test_the_export_keeps_to_the_organisation_and_the_filters(world: World) -> None:
    _plant(world)

    text = csv_text(
        signed_in(world.users["client_manager"]).get("/audit-log/export.csv?action=sign_in")
    )

    assert [line.split(",")[5] for line in text.splitlines()[1:]] == ["acme-admin"]
    for hidden in ("globex", "northwind", "nobody"):
        assert hidden not in text


def test_the_log_links_to_the_export_of_the_same_filters(world: World) -> None:
    page = html(signed_in(world.users["client_admin"]).get("/audit-log?outcome=denied&actor="))

    assert 'href="/audit-log/export.csv?outcome=denied"' in page
    assert "Download CSV of these events" in page


# Queries: the same with 10 events as with 1,000.

#: path -> the queries beyond the session store's: the portal session, the user, the events.
QUERIES = {
    "/audit-log": 2,
    "/audit-log?action=sign_in&actor=admin&date_from=2026-01-01": 2,
    "/audit-log?cursor=older": 2,
    "/audit-log/export.csv": 2,
}


def test_the_audit_log_makes_a_pinned_number_of_queries_for_10_or_1000_events(
    world: World,
) -> None:
    from portal.audit.selectors import AUDIT_KEYSET
    from portal.core.keyset import Cursor, Direction

    older = AUDIT_KEYSET.encode(Cursor(Direction.OLDER, DAY, 10**9))
    client = signed_in(world.users["client_admin"])
    client.get("/audit-log")  # the access context is cached; its rebuild is not the page's
    admin = world.users["client_admin"]

    def counts() -> dict[str, int]:
        return {path: queries_of(client, path.replace("older", older)) for path in QUERIES}

    events_create(10, newest=DAY, actor=admin, tenant=world.acme)
    small = counts()
    events_create(990, newest=DAY, actor=admin, tenant=world.acme)
    events_create(1000, newest=DAY, actor=world.users["partner_admin"], tenant=world.northwind)
    assert AuditEvent.objects.filter(actor_tenant=world.acme).count() == 1000
    large = counts()

    assert small == large == {path: n + SESSION_STORE_QUERIES for path, n in QUERIES.items()}
