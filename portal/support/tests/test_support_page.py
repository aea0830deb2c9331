"""/support: contact details, the ticket form, and the organisation's own tickets only."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from portal.access.tests.test_query_counts import SESSION_STORE_QUERIES
from portal.access.tests.world import MFA_AMR, World, build_world, sign_in_directly
from portal.support.models import SupportTicket
from portal.support.views import TICKETS_SHOWN
from portal.tenancy.models import Tenant

pytestmark = pytest.mark.django_db

#: Queries of GET /support beyond the session store's: the portal session, the user, the tickets.
SUPPORT_QUERIES = 2

VALID = {"subject": "Calls dropping", "category": "calls", "message": "Calls end after 5 s."}


@pytest.fixture
def world() -> World:
    return build_world()


def _signed_in(world: World, role: str) -> Client:
    client = Client()
    sign_in_directly(client, world.users[role], amr=MFA_AMR, mfa_enrolled=True)
    return client


def _ticket(tenant: Tenant, subject: str, **fields: object) -> SupportTicket:
    return SupportTicket.objects.create(
        tenant=tenant, subject=subject, category="other", message="Please help us.", **fields
    )


def test_a_client_user_sees_contact_details_the_form_and_only_their_organisations_tickets(
    world: World,
) -> None:
    _ticket(world.acme, "Acme ticket", created_by=world.users["client_admin"])
    _ticket(world.globex, "Globex private matter")
    _ticket(world.northwind, "Northwind own ticket")

    response = _signed_in(world, "client_staff").get("/support")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="mailto:help@aidial.com.au"' in html
    assert '<form method="post" action="/support"' in html
    assert '<label for="id_subject">Subject</label>' in html
    assert "Acme ticket" in html
    assert "Client Admin" in html  # who opened it
    assert "Globex private matter" not in html
    assert "Northwind own ticket" not in html


def test_a_partner_user_sees_the_partners_own_tickets_not_its_clients(world: World) -> None:
    _ticket(world.acme, "Acme ticket")
    _ticket(world.globex, "Globex private matter")
    _ticket(world.northwind, "Northwind own ticket")

    html = _signed_in(world, "partner_user").get("/support").content.decode()

    assert "Northwind own ticket" in html
    assert "Acme ticket" not in html
    assert "Globex private matter" not in html


def test_tickets_are_listed_newest_first(world: World) -> None:
    _ticket(world.acme, "Older ticket")
    _ticket(world.acme, "Newer ticket")

    html = _signed_in(world, "client_manager").get("/support").content.decode()

    assert html.index("Newer ticket") < html.index("Older ticket")


def test_opening_a_ticket_stores_it_for_the_own_organisation_then_redirects(world: World) -> None:
    client = _signed_in(world, "client_manager")

    # A tenant named in the form is not the tenant the ticket goes to.
    response = client.post("/support", {**VALID, "tenant": world.globex.pk})

    assert response.status_code == 302
    assert response["Location"] == "/support"
    ticket = SupportTicket.objects.get()
    assert ticket.tenant == world.acme
    assert ticket.created_by == world.users["client_manager"]
    assert (ticket.subject, ticket.category, ticket.status) == ("Calls dropping", "calls", "open")
    page = client.get("/support").content.decode()
    assert f"Ticket #{ticket.pk} is open" in page
    assert "Calls dropping" in page


def test_a_partner_users_ticket_belongs_to_the_partner(world: World) -> None:
    response = _signed_in(world, "partner_admin").post("/support", VALID)

    assert response.status_code == 302
    assert SupportTicket.objects.get().tenant == world.northwind


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({**VALID, "subject": ""}, "Give your request a short subject."),
        ({**VALID, "subject": "x" * 201}, "at most 200 characters"),
        ({**VALID, "category": ""}, "Choose what your request is about."),
        ({**VALID, "category": "refunds"}, "Select a valid choice."),
        ({**VALID, "message": ""}, "Tell us what you need help with."),
        ({**VALID, "message": "Help"}, "at least 10 characters"),
        ({**VALID, "message": "x" * 5001}, "at most 5000 characters"),
    ],
)
def test_an_invalid_ticket_is_refused_with_the_reason_and_nothing_is_stored(
    world: World, data: dict[str, str], message: str
) -> None:
    response = _signed_in(world, "client_staff").post("/support", data)

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "The ticket was not opened" in html
    assert 'aria-invalid="true"' in html
    assert "<title>Error: Support" in html
    assert not SupportTicket.objects.exists()


def test_the_form_is_csrf_protected(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    sign_in_directly(client, world.users["client_staff"])

    assert client.post("/support", VALID).status_code == 403
    assert not SupportTicket.objects.exists()


def test_the_page_has_no_inline_script_or_style(world: World) -> None:
    html = _signed_in(world, "client_staff").post("/support", {}).content.decode()

    assert "<script" not in html
    assert " style=" not in html


def _count(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/support")
    assert response.status_code == 200
    return len(queries)


def _more_tickets(world: World, n: int) -> None:
    author = world.users["client_admin"]
    SupportTicket.objects.bulk_create(
        [
            SupportTicket(
                tenant=tenant,
                created_by=author,
                subject=f"Bulk {i}",
                category="calls",
                message="A message.",
            )
            for tenant in (world.acme, world.globex)
            for i in range(n)
        ]
    )


def test_the_page_makes_the_same_pinned_number_of_queries_with_10_or_1000_tickets(
    world: World,
) -> None:
    client = _signed_in(world, "client_staff")
    client.get("/support")  # the access context is cached after the first request
    _more_tickets(world, 10)
    with_10 = _count(client)
    _more_tickets(world, 990)
    with_1000 = _count(client)

    assert with_10 == with_1000 == SUPPORT_QUERIES + SESSION_STORE_QUERIES
    html = client.get("/support").content.decode()
    assert html.count("<td>#") == TICKETS_SHOWN
    assert f"Showing the {TICKETS_SHOWN} most recent tickets" in html
