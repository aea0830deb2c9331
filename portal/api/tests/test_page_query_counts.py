"""Queries of the API keys pages: pinned, and the same for a few keys and clients as for many."""

from __future__ import annotations

from itertools import count

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from portal.access.tests.test_query_counts import SESSION_STORE_QUERIES
from portal.access.tests.world import World, build_world
from portal.api.models import WebhookEndpoint
from portal.team.tests.helpers import signed_in
from portal.tenancy.models import Project, Tenant

from .helpers import make_key

pytestmark = pytest.mark.django_db

#: (path, role) -> the page's queries, the session store's apart: the session, the user,
#: then clients, keys, the keys' projects, webhook endpoints and the form's projects.
PAGES = {
    ("/settings", "client_admin"): 5,
    ("/partner/integrations", "partner_admin"): 6,
    ("/partner/integrations", "partner_user"): 5,
}

_serial = count()


def _grow(world: World, n: int) -> None:
    """``n`` more keys and endpoints for Acme and ``n`` more clients of the partner, each with
    a project, a narrowed key and an endpoint."""
    for _ in range(n):
        i = next(_serial)
        make_key(world.acme, projects=(world.acme_bookings,), name=f"Acme {i}")
        WebhookEndpoint.objects.create(tenant=world.acme, url=f"https://acme.example/{i}")
        client = Tenant.objects.create(
            slug=f"c{i}", name=f"Client {i}", kind="client", partner=world.northwind
        )
        project = Project.objects.create(tenant=client, slug="p", name=f"Project {i}")
        make_key(client, projects=(project,), name=f"Client key {i}")
        WebhookEndpoint.objects.create(tenant=client, url=f"https://c{i}.example/hook")


def _counts(world: World) -> dict[tuple[str, str], int]:
    clients: dict[str, Client] = {}
    counts = {}
    for path, role in PAGES:
        client = clients.setdefault(role, signed_in(world.users[role], mfa=True))
        client.get(path)  # the access context is cached; its rebuild is not the page's cost
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200
        counts[(path, role)] = len(queries)
    return counts


def test_the_pages_make_a_pinned_number_of_queries_whatever_the_data_size() -> None:
    world = build_world()
    _grow(world, 2)
    small = _counts(world)
    _grow(world, 40)
    large = _counts(world)
    assert small == large
    assert small == {key: n + SESSION_STORE_QUERIES for key, n in PAGES.items()}
