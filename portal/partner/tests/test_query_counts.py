"""Queries per Clients and Projects page and per client choice: pinned, and the same for
10 clients, projects and calls as for 1,000."""

from __future__ import annotations

from itertools import count

import pytest

from portal.access.tests.world import World, build_world
from portal.calls.models import Call
from portal.team.tests.helpers import signed_in
from portal.team.tests.test_query_counts import SESSION_STORE_QUERIES, _queries
from portal.tenancy.models import Project, Tenant

pytestmark = pytest.mark.django_db

#: (path, role, with a client chosen) -> the queries the page makes, the session store's apart.
PAGES = {
    ("/partner/clients", "partner_admin", False): 4,
    ("/partner/clients", "partner_user", True): 4,
    ("/partner/projects", "partner_admin", False): 2,
    ("/partner/projects", "partner_user", True): 2,
}

#: action -> the queries one post makes, the session store's apart.
ACTIONS = {"choose": 1, "all clients": 1, "invalid": 4}

_serial = count()


def _grow(world: World, rows: int) -> None:
    """Northwind up to ``rows`` clients, each with a project and a call."""
    n = rows - Tenant.objects.filter(partner=world.northwind).count()
    clients = Tenant.objects.bulk_create(
        Tenant(slug=f"c{i}", name=f"Client {i}", kind="client", partner=world.northwind)
        for i in (next(_serial) for _ in range(n))
    )
    projects = Project.objects.bulk_create(
        Project(tenant=c, slug="line", name=f"Line of {c.name}") for c in clients
    )
    Call.objects.bulk_create(
        Call(
            tenant_id=p.tenant_id,
            project=p,
            direction="outbound",
            status="completed",
            phone_number="+61400000400",
            duration_seconds=90,
        )
        for p in projects
    )


def _page_counts(world: World) -> dict[tuple[str, str, bool], int]:
    clients = {}
    for _, role, chosen in PAGES:
        clients[role] = signed_in(world.users[role], mfa=True)
        if chosen:
            clients[role].post("/partner/clients/active", {"client": world.acme.pk})
    for path, role, _ in PAGES:  # the access context is cached; its rebuild is not the page's
        clients[role].get(path)
    return {
        (path, role, chosen): _queries(lambda c=clients[role], p=path: c.get(p), 200)
        for path, role, chosen in PAGES
    }


def _action_counts(world: World) -> dict[str, int]:
    client = signed_in(world.users["partner_user"], mfa=True)
    client.get("/partner/clients")

    def post(value: object) -> object:
        return client.post("/partner/clients/active", {"client": value})

    return {
        "choose": _queries(lambda: post(world.acme.pk), 302),
        "all clients": _queries(lambda: post(""), 302),
        "invalid": _queries(lambda: post("acme"), 400),
    }


def test_partner_pages_make_a_pinned_number_of_queries_for_10_and_1000_rows() -> None:
    world = build_world()
    _grow(world, 10)
    small = _page_counts(world), _action_counts(world)
    _grow(world, 1000)
    assert Tenant.objects.filter(partner=world.northwind).count() == 1000
    assert Call.objects.filter(tenant__partner=world.northwind).count() == 1001
    large = _page_counts(world), _action_counts(world)
    assert small == large
    assert small[0] == {key: n + SESSION_STORE_QUERIES for key, n in PAGES.items()}
    assert small[1] == {key: n + SESSION_STORE_QUERIES for key, n in ACTIONS.items()}
