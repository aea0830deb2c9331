"""Queries per internal tenants page and action: pinned, the same for 10 rows as for 1,000."""

from __future__ import annotations

from itertools import count

import pytest
from django.test import Client

from portal.access.tests.world import World, build_world
from portal.accounts.models import PortalUser
from portal.team.tests.helpers import signed_in
from portal.team.tests.test_query_counts import SESSION_STORE_QUERIES, _queries
from portal.tenancy.models import Membership, Project, Tenant

pytestmark = pytest.mark.django_db

#: (page, role) -> the queries the page makes, the session store's apart.
PAGES = {
    ("tenants", "aidial_admin"): 3,
    ("tenants", "aidial_operator"): 3,
    ("search", "aidial_operator"): 3,
    ("detail", "aidial_admin"): 5,
    ("detail", "aidial_operator"): 4,
}

#: action -> the queries one post makes, the session store's apart.
ACTIONS = {"plan": 9, "suspend": 9, "reactivate": 9, "invalid plan": 5}

_serial = count()


def _grow(world: World, rows: int) -> None:
    """Up to ``rows`` tenants, and Acme up to ``rows`` members and ``rows`` projects."""
    n = rows - Tenant.objects.count()
    Tenant.objects.bulk_create(
        Tenant(slug=f"t{i}", name=f"Tenant {i}", kind="client", partner=world.northwind)
        for i in (next(_serial) for _ in range(n))
    )
    users = PortalUser.objects.bulk_create(
        PortalUser(email=f"m{next(_serial)}@acme.example")
        for _ in range(rows - Membership.objects.filter(tenant=world.acme).count())
    )
    Membership.objects.bulk_create(
        Membership(user=u, tenant=world.acme, role="client_staff") for u in users
    )
    Project.objects.bulk_create(
        Project(tenant=world.acme, slug=f"p{next(_serial)}", name="Line")
        for _ in range(rows - world.acme.projects.count())
    )


def _path(page: str, world: World) -> str:
    return {
        "tenants": "/internal/tenants",
        "search": "/internal/tenants?q=tenant&kind=client&status=active&page=2",
        "detail": f"/internal/tenants/{world.acme.pk}",
    }[page]


def _page_counts(world: World) -> dict[tuple[str, str], int]:
    clients = {role: signed_in(world.users[role], mfa=True) for _, role in PAGES}
    for page, role in PAGES:  # the access context is cached; its rebuild is not the page's
        clients[role].get(_path(page, world))
    paths = {page: _path(page, world) for page, _ in PAGES}
    return {
        (page, role): _queries(lambda c=clients[role], p=paths[page]: c.get(p), 200)
        for page, role in PAGES
    }


def _action_counts(world: World, admin: Client) -> dict[str, int]:
    globex = f"/internal/tenants/{world.globex.pk}"
    plan = f"gold{next(_serial)}"
    return {
        "plan": _queries(lambda: admin.post(f"{globex}/plan", {"plan": plan}), 302),
        "suspend": _queries(
            lambda: admin.post(f"{globex}/status", {"status": "suspended", "reason": "Unpaid"}),
            302,
        ),
        "reactivate": _queries(
            lambda: admin.post(f"{globex}/status", {"status": "active", "reason": "Paid"}), 302
        ),
        "invalid plan": _queries(lambda: admin.post(f"{globex}/plan", {"plan": "Bad!"}), 400),
    }


def test_tenants_pages_make_a_pinned_number_of_queries_for_10_and_1000_rows() -> None:
    world = build_world()
    _grow(world, 10)
    small = _page_counts(world)
    _grow(world, 1000)
    assert Tenant.objects.count() == 1000
    assert Membership.objects.filter(tenant=world.acme).count() == 1000
    large = _page_counts(world)
    assert small == large
    assert small == {key: n + SESSION_STORE_QUERIES for key, n in PAGES.items()}


def test_tenant_actions_make_a_pinned_number_of_queries_for_10_and_1000_rows() -> None:
    world = build_world()
    _grow(world, 10)
    admin = signed_in(world.users["aidial_admin"], mfa=True)
    admin.get("/internal/tenants")
    small = _action_counts(world, admin)
    _grow(world, 1000)
    admin.get("/internal/tenants")
    large = _action_counts(world, admin)
    assert small == large
    assert small == {key: n + SESSION_STORE_QUERIES for key, n in ACTIONS.items()}
