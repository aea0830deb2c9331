"""/billing: the plan, this period's usage and the invoices, for the caller's organisation and
scope; usage per client for a partner."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from portal.access.tests.test_query_counts import SESSION_STORE_QUERIES
from portal.access.tests.world import World, member
from portal.billing.models import Invoice
from portal.billing.selectors import billing_period_current
from portal.billing.views import INVOICES_SHOWN
from portal.calls.tests.factories import (
    Boundary,
    boundary_without_calls,
    calls_create,
    world_without_calls,
)
from portal.core.tests.lists import queries_of
from portal.team.tests.helpers import html, signed_in
from portal.tenancy.models import Tenant

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return world_without_calls()


@pytest.fixture
def boundary(world: World) -> Boundary:
    return boundary_without_calls(world)


def invoices_create(tenant: Tenant, n: int, *, status: str = "paid", first: int = 0) -> None:
    """``n`` monthly invoices of ``tenant``, the newest for January 2026, then back a month."""
    rows = []
    for i in range(first, first + n):
        year, month = divmod(2026 * 12 + 0 - i, 12)
        start = dt.date(year, month + 1, 1)
        rows.append(
            Invoice(
                tenant=tenant,
                number=f"{tenant.slug.upper()}-{start:%Y%m}",
                period_start=start,
                period_end=start + dt.timedelta(days=27),
                amount_cents=123456 + i,
                status=status,
                issued_at=dt.datetime(year, month + 1, 28, tzinfo=dt.UTC),
            )
        )
    Invoice.objects.bulk_create(rows)


def _plant_usage(world: World, boundary: Boundary | None = None) -> None:
    """This period: Acme 3 calls (61 s, 60 s, 0 s: 2 + 1 + 0 minutes), its reminders line 1
    call (125 s: 3 minutes); last period and other organisations: calls that never count."""
    start = billing_period_current().start
    bookings = world.acme_bookings
    calls_create(bookings, 1, newest=start, duration_seconds=61)
    calls_create(bookings, 1, newest=start + dt.timedelta(minutes=5), duration_seconds=60)
    calls_create(bookings, 1, newest=start, duration_seconds=0, status="no_answer")
    calls_create(world.acme_reminders, 1, newest=start, duration_seconds=125)
    calls_create(bookings, 5, newest=start - dt.timedelta(seconds=1), duration_seconds=600)
    calls_create(world.globex_sales, 7, newest=start, duration_seconds=600)
    if boundary is not None:
        calls_create(
            boundary.bright_line, 2, newest=start + dt.timedelta(minutes=5), duration_seconds=30
        )
        calls_create(boundary.rival_line, 9, newest=start, duration_seconds=600)


def _usage(page: str) -> tuple[str, str]:
    found = re.search(
        r"<div><dt>Calls</dt><dd>(\d+)</dd></div>\s*<div><dt>Minutes used</dt><dd>(\d+)</dd></div>",
        page,
    )
    assert found
    return found.group(1), found.group(2)


def _invoice_numbers(page: str) -> list[str]:
    return re.findall(r'<th scope="row">([A-Z]+-\d{6})</th>', page)


@pytest.mark.parametrize("role", ["client_admin", "client_manager"])
def test_a_client_sees_its_plan_usage_and_invoices_only(world: World, role: str) -> None:
    world.acme.plan = "growth"
    world.acme.save()
    _plant_usage(world)
    invoices_create(world.acme, 3)
    invoices_create(world.acme, 1, status="draft", first=3)
    invoices_create(world.globex, 2)
    invoices_create(world.northwind, 2)

    response = signed_in(world.users[role]).get("/billing")

    assert response.status_code == 200
    page = html(response)
    assert "<dt>Organisation</dt><dd>Acme Dental</dd><dt>Plan</dt><dd>Growth</dd>" in page
    period = billing_period_current()
    assert f"{period.first_day:%-d %B %Y} to {period.last_day:%-d %B %Y}, so far." in page
    assert _usage(page) == ("4", "6")
    assert _invoice_numbers(page) == ["ACME-202601", "ACME-202512", "ACME-202511"]
    assert "ACME-202510" not in page  # a draft
    assert '<td class="numeric">1,234.56 AUD</td>' in page
    assert "Usage per client" not in page
    for hidden in ("GLOBEX-", "NORTHWIND-", "Globex"):
        assert hidden not in page


def test_a_partner_admin_sees_usage_per_client_in_scope_and_its_own_invoices(
    world: World, boundary: Boundary
) -> None:
    _plant_usage(world, boundary)
    invoices_create(world.northwind, 2)
    invoices_create(world.acme, 2)
    invoices_create(boundary.rival, 2)

    page = html(signed_in(world.users["partner_admin"], mfa=True).get("/billing"))

    assert "<dt>Organisation</dt><dd>Northwind Agency</dd>" in page
    assert _usage(page) == ("6", "8")
    rows = re.findall(
        r'<tr><th scope="row">([^<]+)</th><td class="numeric">(\d+)</td>'
        r'<td class="numeric">(\d+)</td></tr>',
        page,
    )
    assert rows == [("Acme Dental", "4", "6"), ("Bright Smile Clinic", "2", "2")]
    assert _invoice_numbers(page) == ["NORTHWIND-202601", "NORTHWIND-202512"]
    for hidden in ("ACME-", "RIVAL-", "Rival", "Globex"):
        assert hidden not in page


def test_a_client_without_calls_or_invoices_sees_zeros_and_says_so(world: World) -> None:
    page = html(signed_in(world.users["client_admin"]).get("/billing"))

    assert _usage(page) == ("0", "0")
    assert "No invoices yet." in page


def test_a_partner_with_no_active_client_in_scope_says_so(world: World) -> None:
    world.acme.status = Tenant.Status.SUSPENDED
    world.acme.save()  # a suspended client is out of its partner's scope
    _plant_usage(world)

    page = html(signed_in(world.users["partner_admin"], mfa=True).get("/billing"))

    assert _usage(page) == ("0", "0")
    assert "No clients in your scope." in page
    assert "Acme Dental" not in page


def test_usage_keeps_to_the_project_scope(world: World) -> None:
    scoped = member("scoped@example.com", world.acme, "client_manager", all_projects=False)
    scoped.membership.projects.set([world.acme_reminders])
    _plant_usage(world)

    page = html(signed_in(scoped).get("/billing"))

    assert _usage(page) == ("1", "3")


def test_the_newest_invoices_are_listed_and_the_page_says_there_are_more(world: World) -> None:
    invoices_create(world.acme, INVOICES_SHOWN + 4)

    page = html(signed_in(world.users["client_admin"]).get("/billing"))

    numbers = _invoice_numbers(page)
    assert len(numbers) == INVOICES_SHOWN
    assert numbers[0] == "ACME-202601"
    assert f"Showing the {INVOICES_SHOWN} most recent invoices." in page


@pytest.mark.parametrize("role", ["client_staff", "partner_user"])
def test_roles_without_billing_get_the_not_found_page(world: World, role: str) -> None:
    assert signed_in(world.users[role], mfa=True).get("/billing").status_code == 404


#: role -> the queries beyond the session store's: the portal session, the user, the usage,
#: the invoices, and the usage per client for a partner.
QUERIES = {"client_admin": 3, "client_manager": 3, "partner_admin": 4}


def test_the_billing_page_makes_a_pinned_number_of_queries_for_10_or_1000_rows(
    world: World, boundary: Boundary
) -> None:
    clients = {role: signed_in(world.users[role], mfa=True) for role in QUERIES}
    for client in clients.values():  # the access context is cached; its rebuild is not the page's
        client.get("/billing")

    def counts() -> dict[str, int]:
        return {role: queries_of(clients[role], "/billing") for role in QUERIES}

    start = billing_period_current().start
    calls_create(
        world.acme_bookings, 10, newest=start + dt.timedelta(days=1), step=dt.timedelta(seconds=1)
    )
    invoices_create(world.acme, 5)
    invoices_create(world.northwind, 5)
    small = counts()
    calls_create(
        world.acme_bookings, 990, newest=start + dt.timedelta(days=1), step=dt.timedelta(seconds=1)
    )
    calls_create(
        boundary.bright_line,
        1000,
        newest=start + dt.timedelta(days=1),
        step=dt.timedelta(seconds=1),
    )
    invoices_create(world.acme, 95, first=5)
    invoices_create(world.northwind, 95, first=5)
    large = counts()

    assert small == large == {role: n + SESSION_STORE_QUERIES for role, n in QUERIES.items()}
