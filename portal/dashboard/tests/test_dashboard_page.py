"""/dashboard: today's, the week's and the month's figures, the chart and the recent calls,
for the caller's scope only."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from portal.access.tests.test_query_counts import SESSION_STORE_QUERIES
from portal.access.tests.world import World
from portal.calls.tests.factories import (
    BRIGHT_NUMBER,
    GLOBEX_NUMBER,
    RIVAL_NUMBER,
    Boundary,
    boundary_without_calls,
    calls_create,
    world_without_calls,
)
from portal.core.tests.lists import queries_of
from portal.team.tests.helpers import html, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return world_without_calls()


@pytest.fixture
def boundary(world: World) -> Boundary:
    return boundary_without_calls(world)


def _midnight() -> dt.datetime:
    """The start of today in the current time zone: calls just after it are today's calls
    whenever the test runs."""
    return timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)


def _plant(world: World) -> None:
    """Acme's calls: four today, two three days ago, one 20 days ago, one 40 days ago."""
    today = _midnight() + dt.timedelta(minutes=10)
    bookings, reminders = world.acme_bookings, world.acme_reminders
    calls_create(bookings, 1, newest=today, duration_seconds=90, phone_number="+61411000001")
    calls_create(reminders, 1, newest=today, duration_seconds=30, phone_number="+61411000002")
    calls_create(bookings, 1, newest=today, status="no_answer", duration_seconds=0)
    calls_create(bookings, 1, newest=today, status="queued", duration_seconds=0)
    calls_create(bookings, 1, newest=today - dt.timedelta(days=3), duration_seconds=120)
    calls_create(
        bookings, 1, newest=today - dt.timedelta(days=3), status="failed", duration_seconds=0
    )
    calls_create(bookings, 1, newest=today - dt.timedelta(days=20), duration_seconds=61)
    calls_create(bookings, 1, newest=today - dt.timedelta(days=40), duration_seconds=600)


def _figures(page: str) -> dict[str, tuple[str, ...]]:
    """Each period's card: calls, answer rate, success rate, minutes used."""
    cards = re.findall(
        r'<h3 class="dash-stat__label">([^<]+)</h3>\s*'
        r'<p class="dash-stat__value">(\d+) <span class="dash-stat__unit">calls?</span></p>\s*'
        r'<dl class="dash-stat__facts">\s*'
        r"<dt>Answer rate</dt><dd>([^<]+)</dd>\s*"
        r"<dt>Success rate</dt><dd>([^<]+)</dd>\s*"
        r"<dt>Minutes used</dt><dd>(\d+)</dd>",
        page,
    )
    return {label: tuple(rest) for label, *rest in cards}


def _recent_numbers(page: str) -> list[str]:
    section = page[page.index('id="recent-heading"') :]
    return re.findall(r'<td class="calls-nowrap">(\+\d+)</td>', section)


# Figures, per role.


def test_a_client_admin_sees_the_figures_of_today_the_week_and_the_month(world: World) -> None:
    _plant(world)

    response = signed_in(world.users["client_admin"]).get("/dashboard")

    assert response.status_code == 200
    page = html(response)
    assert _figures(page) == {
        # 4 calls; 3 ended, 2 answered, 1 of them for a minute or more; 90 s and 30 s of
        # talk, 2 minutes and 1 minute.
        "Today": ("4", "67%", "33%", "3"),
        "Last 7 days": ("6", "60%", "40%", "5"),
        "Last 30 days": ("7", "67%", "50%", "7"),
    }
    assert "switcher" not in page  # one client: nothing to switch between


def test_with_no_calls_the_rates_are_a_dash_not_zero(world: World) -> None:
    page = html(signed_in(world.users["client_staff"]).get("/dashboard"))

    assert _figures(page)["Today"] == ("0", "—", "—", "0")
    assert "No calls yet." in page


def test_the_chart_has_a_bar_per_day_and_the_same_figures_as_a_table(world: World) -> None:
    _plant(world)

    page = html(signed_in(world.users["client_manager"]).get("/dashboard"))

    svg = page[page.index("<svg") : page.index("</svg>")]
    assert 'role="img"' in svg
    assert svg.count('<g class="dash-chart__day">') == 30
    today = timezone.localdate()
    assert f"<title>{today:%a} {today.day} {today:%b}: 4 calls, 2 answered</title>" in svg
    assert "7 calls over the last 30 days, 4 of them answered." in svg
    assert " style=" not in page
    assert "<script" not in page
    rows = re.findall(r'<tr><th scope="row"><time datetime="([\d-]+)">', page)
    assert len(rows) == 30
    assert rows[0] == today.isoformat()


def test_recent_calls_are_the_newest_ten_with_links_to_their_detail(world: World) -> None:
    _plant(world)
    made = calls_create(world.acme_bookings, 12, newest=timezone.now(), phone_number="+61499000000")

    page = html(signed_in(world.users["client_admin"]).get("/dashboard"))

    assert _recent_numbers(page) == ["+61499000000"] * 10
    assert f'href="/calls/{made[0].pk}"' in page
    assert f'href="/calls/{made[10].pk}"' not in page


# Scope.


def test_other_tenants_calls_never_count_or_show(world: World, boundary: Boundary) -> None:
    _plant(world)
    now = _midnight() + dt.timedelta(minutes=5)
    calls_create(world.globex_sales, 50, newest=now, phone_number=GLOBEX_NUMBER)
    calls_create(boundary.bright_line, 50, newest=now, phone_number=BRIGHT_NUMBER)

    page = html(signed_in(world.users["client_admin"]).get("/dashboard"))

    assert _figures(page)["Today"] == ("4", "67%", "33%", "3")
    for hidden in (GLOBEX_NUMBER, BRIGHT_NUMBER, "Globex", "Bright Smile"):
        assert hidden not in page


def test_a_user_scoped_to_one_project_sees_only_its_figures(
    world: World, boundary: Boundary
) -> None:
    _plant(world)

    page = html(signed_in(boundary.bookings_staff).get("/dashboard"))

    # The reminders call of today (answered, 30 s) is outside the scope.
    assert _figures(page)["Today"] == ("3", "50%", "50%", "2")
    assert "+61411000002" not in page
    assert "+61411000001" in _recent_numbers(page)


@pytest.mark.parametrize("role", ["partner_admin", "partner_user"])
def test_a_partner_sees_all_its_clients_and_can_narrow_to_one(
    world: World, boundary: Boundary, role: str
) -> None:
    _plant(world)
    now = _midnight() + dt.timedelta(minutes=5)
    calls_create(boundary.bright_line, 2, newest=now, phone_number=BRIGHT_NUMBER)
    calls_create(world.globex_sales, 5, newest=now, phone_number=GLOBEX_NUMBER)
    calls_create(boundary.rival_line, 5, newest=now, phone_number=RIVAL_NUMBER)
    client = signed_in(world.users[role], mfa=True)

    every = html(client.get("/dashboard"))
    assert "Figures for all your clients." in every
    assert _figures(every)["Today"] == ("6", "80%", "60%", "5")
    assert '<th scope="col">Client</th>' in every
    assert BRIGHT_NUMBER in _recent_numbers(every)
    bright = html(client.get(f"/dashboard?client={boundary.bright.pk}"))
    assert "Figures for Bright Smile Clinic." in bright
    assert _figures(bright)["Today"] == ("2", "100%", "100%", "2")
    assert set(_recent_numbers(bright)) == {BRIGHT_NUMBER}
    assert f"client={boundary.bright.pk}" in bright  # the links to the calls keep the client
    for page in (every, bright):
        for hidden in (GLOBEX_NUMBER, RIVAL_NUMBER, "Globex", "Rival Clinic"):
            assert hidden not in page


@pytest.mark.parametrize("client_of", ["globex", "rival", "nonsense"])
def test_a_client_outside_the_scope_is_refused_like_a_missing_one(
    world: World, boundary: Boundary, client_of: str
) -> None:
    value = {"globex": world.globex.pk, "rival": boundary.rival.pk, "nonsense": "x"}[client_of]

    response = signed_in(world.users["partner_admin"], mfa=True).get(f"/dashboard?client={value}")

    # Spec section 5: an id outside the scope, in a form too, is the generic not-found page.
    assert response.status_code == 404
    page = html(response)
    assert "Page not found" in page
    assert "dash-stat" not in page
    assert "Globex" not in page
    assert "Rival" not in page


def test_a_partner_user_with_one_client_in_scope_has_no_switcher(
    world: World, boundary: Boundary
) -> None:
    _plant(world)
    calls_create(boundary.bright_line, 2, newest=timezone.now(), phone_number=BRIGHT_NUMBER)

    page = html(signed_in(boundary.narrow_partner).get(f"/dashboard?client={boundary.bright.pk}"))

    assert 'name="client"' not in page
    assert _figures(page)["Today"] == ("4", "67%", "33%", "3")
    assert BRIGHT_NUMBER not in page


# Queries: the same with 10 calls as with 1,000.

#: (path, role) -> the queries beyond the session store's: the portal session, the user, the
#: daily figures and the recent calls, and the clients to switch between for a partner.
QUERIES = {
    ("/dashboard", "client_admin"): 3,
    ("/dashboard", "client_staff"): 3,
    ("/dashboard", "partner_admin"): 4,
    ("/dashboard?client=<bright>", "partner_user"): 4,
}


def test_the_dashboard_makes_a_pinned_number_of_queries_for_10_or_1000_calls(
    world: World, boundary: Boundary
) -> None:
    clients = {role: signed_in(world.users[role], mfa=True) for _, role in QUERIES}
    for client in clients.values():  # the access context is cached; its rebuild is not the page's
        client.get("/dashboard")

    def counts() -> dict[tuple[str, str], int]:
        return {
            (path, role): queries_of(
                clients[role], path.replace("<bright>", str(boundary.bright.pk))
            )
            for path, role in QUERIES
        }

    now = timezone.now()
    calls_create(world.acme_bookings, 10, newest=now, step=dt.timedelta(hours=1))
    small = counts()
    calls_create(world.acme_reminders, 990, newest=now, step=dt.timedelta(minutes=40))
    calls_create(boundary.bright_line, 1000, newest=now, step=dt.timedelta(minutes=40))
    large = counts()

    assert small == large == {key: n + SESSION_STORE_QUERIES for key, n in QUERIES.items()}
