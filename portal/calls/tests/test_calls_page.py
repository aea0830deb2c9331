"""/calls, /calls/<id> and /calls/export.csv: filters, keyset pages, detail, CSV, all in scope."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from portal.access.tests.test_query_counts import SESSION_STORE_QUERIES
from portal.access.tests.test_scope import _same_not_found
from portal.access.tests.world import World, build_world
from portal.calls.models import Call
from portal.core.tests.lists import csv_text, page_link, queries_of, refused_filter
from portal.team.tests.helpers import html, signed_in

from .factories import (
    BRIGHT_NUMBER,
    GLOBEX_NUMBER,
    RIVAL_NUMBER,
    Boundary,
    boundary_create,
    calls_create,
)

pytestmark = pytest.mark.django_db

DAY = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
OUT_OF_SCOPE = (GLOBEX_NUMBER, RIVAL_NUMBER)


@pytest.fixture
def world() -> World:
    return build_world()


@pytest.fixture
def boundary(world: World) -> Boundary:
    return boundary_create(world)


def _numbers(page: str) -> list[str]:
    return re.findall(r'<td class="calls-nowrap">(\+\d+)</td>', page)


# The list, per role and at its scope boundary.


def test_a_client_admin_sees_every_call_of_the_organisation_and_nothing_else(
    world: World, boundary: Boundary
) -> None:
    response = signed_in(world.users["client_admin"]).get("/calls")

    assert response.status_code == 200
    page = html(response)
    assert sorted(_numbers(page)) == ["+61400000001", "+61400000002"]
    assert "Bookings line" in page
    assert "Reminders" in page
    assert '<th scope="col">Client</th>' not in page  # one client: no client column
    assert 'name="client"' not in page
    for number in (*OUT_OF_SCOPE, BRIGHT_NUMBER):
        assert number not in page
    assert "Globex" not in page


def test_a_partner_admin_sees_the_calls_of_every_client_in_scope_with_a_client_column(
    world: World, boundary: Boundary
) -> None:
    page = html(signed_in(world.users["partner_admin"], mfa=True).get("/calls"))

    assert sorted(_numbers(page)) == ["+61400000001", "+61400000002", BRIGHT_NUMBER]
    assert '<th scope="col">Client</th>' in page
    assert '<option value="" selected>All clients</option>' in page
    assert '<optgroup label="Bright Smile Clinic">' in page
    for number in OUT_OF_SCOPE:
        assert number not in page
    assert "Rival Clinic" not in page


def test_a_partner_user_scoped_to_one_client_sees_only_that_clients_calls(
    world: World, boundary: Boundary
) -> None:
    client = signed_in(boundary.narrow_partner)

    page = html(client.get("/calls"))

    assert sorted(_numbers(page)) == ["+61400000001", "+61400000002"]
    assert "Bright Smile Clinic" not in page
    _same_not_found(client, f"/calls/{boundary.bright_call.pk}", "/calls/987654321")


def test_a_client_user_scoped_to_one_project_sees_only_its_calls(
    world: World, boundary: Boundary
) -> None:
    client = signed_in(boundary.bookings_staff)

    page = html(client.get("/calls"))

    assert _numbers(page) == ["+61400000001"]
    assert "Reminders" not in page  # not even as a filter choice
    _same_not_found(client, f"/calls/{world.acme_reminder_call.pk}", "/calls/987654321")
    # As a filter, the project outside the scope is the same not-found as a missing one.
    _same_not_found(client, f"/calls?project={world.acme_reminders.pk}", "/calls?project=987654321")


# Filters.


def test_each_filter_narrows_the_list(world: World) -> None:
    calls_create(world.acme_bookings, 1, newest=DAY, phone_number="+61411111111")
    calls_create(
        world.acme_reminders,
        1,
        newest=DAY + dt.timedelta(days=1),
        phone_number="+61422222222",
        status=Call.Status.NO_ANSWER,
        direction=Call.Direction.INBOUND,
    )
    client = signed_in(world.users["client_manager"])

    def numbers(query: str) -> list[str]:
        response = client.get(f"/calls?{query}")
        assert response.status_code == 200, query
        return sorted(_numbers(html(response)))

    assert numbers(f"project={world.acme_reminders.pk}") == ["+61400000002", "+61422222222"]
    assert numbers("status=no_answer") == ["+61422222222"]
    assert numbers("direction=inbound") == ["+61422222222"]
    assert numbers("date_from=2026-03-02&date_to=2026-03-02") == ["+61411111111"]
    assert numbers("date_from=2026-03-02&date_to=2026-03-03") == ["+61411111111", "+61422222222"]
    assert numbers("phone=%2B6141") == ["+61411111111"]
    assert numbers("phone=2222") == ["+61422222222"]
    assert numbers("phone=0412 345 678") == []
    assert numbers("status=completed&date_to=2026-03-31") == ["+61411111111"]


def test_a_partner_can_narrow_to_one_client(world: World, boundary: Boundary) -> None:
    client = signed_in(world.users["partner_user"], mfa=True)

    page = html(client.get(f"/calls?client={boundary.bright.pk}"))

    assert _numbers(page) == [BRIGHT_NUMBER]
    response = client.get(f"/calls?client={boundary.bright.pk}&project={world.acme_bookings.pk}")
    assert response.status_code == 400
    assert "That project belongs to another client." in html(response)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "date_from=2026-03-05&date_to=2026-03-04",
            "The end date must be on or after the start date.",
        ),
        ("date_from=yesterday", "Enter a date such as 2026-03-31."),
        ("date_to=1999-12-31", "Enter a date between 1 January 2000 and 31 December 2099."),
        ("status=lost", "Choose one of the listed statuses."),
        ("direction=sideways", "Choose inbound or outbound."),
        ("phone=call+me", "Enter a phone number in international format"),
        ("phone=12", "at least 3 of its digits"),
    ],
)
def test_an_invalid_filter_is_a_400_with_the_form_and_the_reason_and_no_calls(
    world: World, query: str, message: str
) -> None:
    client = signed_in(world.users["client_admin"])

    page = refused_filter(
        client, list_url="/calls", export_url="/calls/export.csv", query=query, message=message
    )

    assert "<title>Error: Calls" in page
    assert _numbers(page) == []


def test_another_tenants_project_as_a_filter_is_refused_like_a_missing_one(world: World) -> None:
    client = signed_in(world.users["client_admin"])

    # Spec section 5: any id, in a URL or a form, outside the scope is the not-found page.
    _same_not_found(client, f"/calls?project={world.globex_sales.pk}", "/calls?project=987654321")
    _same_not_found(
        client,
        f"/calls/export.csv?project={world.globex_sales.pk}",
        "/calls/export.csv?project=987654321",
    )
    assert GLOBEX_NUMBER not in html(client.get(f"/calls?project={world.globex_sales.pk}"))


# Keyset pages.


def test_pages_go_older_and_back_newer_and_keep_the_filters(world: World) -> None:
    made = calls_create(world.acme_bookings, 120, newest=DAY, phone_number="+61411111111")
    calls_create(world.acme_bookings, 5, newest=DAY, phone_number="+61477777777")
    newest_first = [c.pk for c in made]  # the factory writes them newest first
    client = signed_in(world.users["client_admin"])

    def ids(page: str) -> list[int]:
        return [int(i) for i in re.findall(r", call (\d+)</span>", page)]

    first = html(client.get("/calls?phone=%2B61411111111"))
    assert ids(first) == newest_first[:50]
    assert 'rel="prev"' not in first
    second = html(client.get(page_link(first, "next")))
    assert "phone=%2B61411111111" in page_link(first, "next")
    assert ids(second) == newest_first[50:100]
    third = html(client.get(page_link(second, "next")))
    assert ids(third) == newest_first[100:]
    assert 'rel="next"' not in third
    assert ids(html(client.get(page_link(third, "prev")))) == newest_first[50:100]
    assert ids(html(client.get(page_link(second, "prev")))) == newest_first[:50]
    assert "50 calls a page." in second


@pytest.mark.parametrize(
    "cursor",
    ["garbage", "WyJvIiwiMjAyNi0wMy0wMlQwOTozMDowMCswMDowMCIsMV0:tampered", "%00"],
)
def test_a_tampered_cursor_is_a_400_with_a_way_back(world: World, cursor: str) -> None:
    response = signed_in(world.users["client_admin"]).get(f"/calls?cursor={cursor}")

    assert response.status_code == 400
    page = html(response)
    assert "That page link is not valid" in page
    assert '<a href="/calls">Show the newest calls</a>' in page
    assert _numbers(page) == []


def test_a_cursor_signed_for_another_list_is_refused(world: World) -> None:
    from portal.core.keyset import Cursor, Direction, Keyset

    elsewhere = Keyset(salt="portal.elsewhere.cursor", field="started_at")
    token = elsewhere.encode(Cursor(Direction.OLDER, DAY, world.acme_call.pk))

    response = signed_in(world.users["client_admin"]).get(f"/calls?cursor={token}")

    assert response.status_code == 400


def test_a_cursor_from_another_tenants_list_shows_nothing_of_theirs(world: World) -> None:
    from portal.calls.selectors import CALLS_KEYSET
    from portal.core.keyset import Cursor, Direction

    older = CALLS_KEYSET.encode(
        Cursor(Direction.OLDER, world.globex_call.started_at + dt.timedelta(days=1), 10**9)
    )

    page = html(signed_in(world.users["client_admin"]).get(f"/calls?cursor={older}"))

    assert sorted(_numbers(page)) == ["+61400000001", "+61400000002"]
    assert GLOBEX_NUMBER not in page


# Detail.


def test_the_detail_shows_timeline_outcome_duration_transcript_and_recording(
    world: World,
) -> None:
    call = calls_create(
        world.acme_bookings,
        1,
        newest=DAY,
        duration_seconds=125,
        outcome="Appointment booked",
        transcript="Agent: Hello\nCaller: <b>Hi</b>",
        recording_url="https://recordings.example/abc.mp3",
    )[0]

    response = signed_in(world.users["client_staff"]).get(f"/calls/{call.pk}")

    assert response.status_code == 200
    page = html(response)
    assert "<h1>Call to +61400000000</h1>" in page
    assert "<dt>Outcome</dt><dd>Appointment booked</dd>" in page
    assert '<time datetime="PT125S">2:05</time>' in page
    assert "Caller: &lt;b&gt;Hi&lt;/b&gt;" in page
    assert 'href="https://recordings.example/abc.mp3"' in page
    assert "Listen to the recording" in page
    steps = re.findall(r'<span class="call-timeline__label">([^<]+)</span>', page)
    assert steps == ["Queued", "Started", "Ended"]
    assert "2 Mar 2026, 09:32:05" in page  # ended: started + 2:05


def test_a_recording_that_is_not_a_web_address_is_never_linked(world: World) -> None:
    call = calls_create(world.acme_bookings, 1, newest=DAY, recording_url="javascript:alert(1)")[0]

    page = html(signed_in(world.users["client_admin"]).get(f"/calls/{call.pk}"))

    assert "javascript:" not in page
    assert "<dt>Recording</dt><dd>None</dd>" in page


@pytest.mark.parametrize("role", ["client_admin", "partner_admin"])
def test_another_tenants_call_is_the_same_404_as_a_missing_one(
    world: World, boundary: Boundary, role: str
) -> None:
    client = signed_in(world.users[role], mfa=True)

    assert client.get(f"/calls/{world.acme_call.pk}").status_code == 200
    _same_not_found(client, f"/calls/{world.globex_call.pk}", "/calls/987654321")
    _same_not_found(client, f"/calls/{boundary.rival_call.pk}", "/calls/987654321")


# CSV export.

CSV_HEADER = (
    "id,started_at,client,project,direction,status,phone_number,duration_seconds,outcome\r\n"
)


def _day_calls(world: World) -> tuple[Call, Call, Call]:
    formula = calls_create(
        world.acme_bookings,
        1,
        newest=DAY,
        outcome='=HYPERLINK("https://evil.example","Click")',
        phone_number="+61411111111",
    )[0]
    minus = calls_create(
        world.acme_reminders,
        1,
        newest=DAY - dt.timedelta(hours=1),
        outcome="-2 minutes, @caller, +extra",
        status=Call.Status.NO_ANSWER,
        direction=Call.Direction.INBOUND,
        duration_seconds=0,
        phone_number="+61422222222",
    )[0]
    plain = calls_create(
        world.acme_bookings,
        1,
        newest=DAY - dt.timedelta(hours=2),
        outcome="Booked, then cancelled",
        phone_number="+61433333000",
    )[0]
    calls_create(world.globex_sales, 1, newest=DAY, phone_number=GLOBEX_NUMBER)
    return formula, minus, plain


def test_the_export_is_a_streamed_csv_of_exactly_the_filtered_calls_with_formulas_defused(
    world: World, boundary: Boundary
) -> None:
    formula, minus, plain = _day_calls(world)

    response = signed_in(world.users["client_admin"]).get(
        "/calls/export.csv?date_from=2026-03-02&date_to=2026-03-02"
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="calls-\d{8}-\d{4}\.csv"', response["Content-Disposition"]
    )
    assert csv_text(response) == (
        CSV_HEADER
        + f"{formula.pk},2026-03-02T09:30:00+00:00,Acme Dental,Bookings line,outbound,"
        + 'completed,\'+61411111111,60,"\'=HYPERLINK(""https://evil.example"",""Click"")"\r\n'
        + f"{minus.pk},2026-03-02T08:30:00+00:00,Acme Dental,Reminders,inbound,no_answer,"
        + "'+61422222222,0,\"'-2 minutes, @caller, +extra\"\r\n"
        + f"{plain.pk},2026-03-02T07:30:00+00:00,Acme Dental,Bookings line,outbound,completed,"
        + '\'+61433333000,60,"Booked, then cancelled"\r\n'
    )


def test_the_export_keeps_to_the_scope_and_the_filters(world: World, boundary: Boundary) -> None:
    formula, minus, plain = _day_calls(world)

    staff = csv_text(signed_in(boundary.bookings_staff).get("/calls/export.csv?date_to=2026-03-02"))
    assert [line.split(",")[0] for line in staff.splitlines()[1:]] == [
        str(formula.pk),
        str(plain.pk),
    ]
    partner = csv_text(signed_in(world.users["partner_admin"], mfa=True).get("/calls/export.csv"))
    assert "Bright Smile Clinic" in partner
    for text in ("Globex", "Rival", GLOBEX_NUMBER, RIVAL_NUMBER):
        assert text not in partner
    narrow = csv_text(signed_in(boundary.narrow_partner).get("/calls/export.csv?status=no_answer"))
    assert narrow.splitlines()[1:] == [
        f"{minus.pk},2026-03-02T08:30:00+00:00,Acme Dental,Reminders,inbound,no_answer,"
        "'+61422222222,0,\"'-2 minutes, @caller, +extra\""
    ]


def test_the_list_links_to_the_export_of_the_same_filters(world: World) -> None:
    page = html(signed_in(world.users["client_admin"]).get("/calls?status=completed&phone="))

    assert 'href="/calls/export.csv?status=completed"' in page
    assert "Download CSV of these calls" in page


# Queries: the same with 10 calls as with 1,000.

#: (path, role) -> the queries of the request beyond the session store's: the portal
#: session, the user, then the page's own (filter choices: the projects, and the clients for
#: a partner; the page of calls, or the call, or the streamed rows).
QUERIES = {
    ("/calls", "client_admin"): 3,
    ("/calls", "partner_admin"): 4,
    ("/calls?status=completed&date_from=2026-01-01", "client_manager"): 3,
    ("/calls?cursor=older", "client_admin"): 3,
    ("/calls/export.csv", "client_admin"): 3,
    ("/calls/export.csv", "partner_admin"): 4,
    ("/calls/<id>", "client_admin"): 2,
    ("/calls/<id>", "partner_user"): 2,
}


def _counts(world: World, clients: dict[str, Client]) -> dict[tuple[str, str], int]:
    from portal.calls.selectors import CALLS_KEYSET
    from portal.core.keyset import Cursor, Direction

    older = CALLS_KEYSET.encode(Cursor(Direction.OLDER, DAY, 10**9))
    return {
        (path, role): queries_of(
            clients[role], path.replace("<id>", str(world.acme_call.pk)).replace("older", older)
        )
        for path, role in QUERIES
    }


def test_the_calls_pages_make_a_pinned_number_of_queries_for_10_or_1000_calls(
    world: World, boundary: Boundary
) -> None:
    clients = {role: signed_in(world.users[role], mfa=True) for _, role in QUERIES}
    for client in clients.values():  # the access context is cached; its rebuild is not the page's
        client.get("/calls")
    calls_create(world.acme_bookings, 10, newest=DAY)
    small = _counts(world, clients)
    calls_create(world.acme_reminders, 990, newest=DAY)
    calls_create(boundary.bright_line, 1000, newest=DAY)
    assert Call.objects.filter(tenant=world.acme).count() == 1002
    large = _counts(world, clients)

    assert small == large == {key: n + SESSION_STORE_QUERIES for key, n in QUERIES.items()}


@pytest.mark.parametrize("role", ["aidial_admin", "aidial_operator"])
def test_internal_roles_are_sent_to_the_internal_surface_from_the_export(
    world: World, role: str
) -> None:
    response = signed_in(world.users[role], mfa=True).get("/calls/export.csv")

    assert response.status_code == 302
    assert response["Location"] == "/internal/tenants"


def test_every_customer_role_may_export_the_calls_it_sees(world: World) -> None:
    for role in ("client_staff", "partner_user"):
        text = csv_text(signed_in(world.users[role], mfa=True).get("/calls/export.csv"))
        assert sorted(line.split(",")[6] for line in text.splitlines()[1:]) == [
            "'+61400000001",
            "'+61400000002",
        ]
