"""Queries per members page and action: pinned, and the same for 10 members as for 1,000."""

from __future__ import annotations

from collections.abc import Callable
from itertools import count

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from portal.access.tests.world import World, build_world
from portal.accounts.models import PortalUser
from portal.tenancy.models import Membership

from .helpers import signed_in

pytestmark = pytest.mark.django_db

#: What the database session store adds to a signed-in request (none with sessions in Redis).
SESSION_STORE_QUERIES = 0 if settings.SESSION_ENGINE == "portal.core.session_store" else 4

#: (path, role) -> the queries the page makes, the session store's apart.
PAGES = {
    ("/team", "client_admin"): 2,
    ("/team", "client_manager"): 2,
    ("/partner/team", "partner_admin"): 2,
    ("/partner/team", "partner_user"): 2,
}

#: action -> the queries one successful post makes, the session store's apart.
ACTIONS = {"invite": 10, "role": 7, "remove": 10, "invalid invite": 2}

_serial = count()


def _grow(world: World, members: int) -> None:
    """Each organisation up to ``members`` members (in bulk: a thousand stay quick)."""
    for tenant, role in ((world.acme, "client_staff"), (world.northwind, "partner_user")):
        missing = members - Membership.objects.filter(tenant=tenant).count()
        users = PortalUser.objects.bulk_create(
            PortalUser(email=f"m{next(_serial)}@{tenant.slug}.example", name="Member")
            for _ in range(missing)
        )
        Membership.objects.bulk_create(
            Membership(user=user, tenant=tenant, role=role) for user in users
        )


def _queries(request: Callable[[], object], expect: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = request()
    assert response.status_code == expect  # type: ignore[attr-defined]
    return len(queries)


def _clients(world: World) -> dict[str, Client]:
    clients = {role: signed_in(world.users[role], mfa=True) for _, role in PAGES}
    for path, role in PAGES:  # the access context is cached; its rebuild is not the page's
        clients[role].get(path)
    return clients


def _page_counts(clients: dict[str, Client]) -> dict[tuple[str, str], int]:
    return {
        (path, role): _queries(lambda c=clients[role], p=path: c.get(p), 200)
        for path, role in PAGES
    }


def _action_counts(world: World, admin: Client) -> dict[str, int]:
    target = (
        Membership.objects.filter(tenant=world.acme, role="client_staff")
        .exclude(user=world.users["client_staff"])
        .order_by("-pk")
    )
    first, second = target[0].pk, target[1].pk
    email = f"new{next(_serial)}@acme.example"
    return {
        "invite": _queries(
            lambda: admin.post(
                "/team/invite", {"email": email, "name": "New", "role": "client_staff"}
            ),
            302,
        ),
        "role": _queries(
            lambda: admin.post(f"/team/members/{first}/role", {"role": "client_manager"}), 302
        ),
        "remove": _queries(lambda: admin.post(f"/team/members/{second}/remove"), 302),
        "invalid invite": _queries(
            lambda: admin.post("/team/invite", {"email": "bad", "name": "", "role": "x"}), 400
        ),
    }


def test_members_pages_make_a_pinned_number_of_queries_for_10_and_1000_members() -> None:
    world = build_world()
    _grow(world, 10)
    clients = _clients(world)
    small = _page_counts(clients)
    _grow(world, 1000)
    assert Membership.objects.filter(tenant=world.acme).count() == 1000
    large = _page_counts(_clients(world))
    assert small == large
    assert small == {key: n + SESSION_STORE_QUERIES for key, n in PAGES.items()}


def test_members_actions_make_a_pinned_number_of_queries_for_10_and_1000_members() -> None:
    world = build_world()
    _grow(world, 10)
    admin = signed_in(world.users["client_admin"])
    admin.get("/team")
    small = _action_counts(world, admin)
    _grow(world, 1000)
    admin.get("/team")
    large = _action_counts(world, admin)
    assert small == large
    assert small == {key: n + SESSION_STORE_QUERIES for key, n in ACTIONS.items()}
