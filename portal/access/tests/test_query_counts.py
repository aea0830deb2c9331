"""Queries per page: pinned, and the same with a little data as with much more."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from portal.access.context import cache_key
from portal.audit.services import audit_record
from portal.calls.models import Call
from portal.tenancy.models import Project, Tenant

from .world import MFA_AMR, World, build_world, member, sign_in_directly

pytestmark = pytest.mark.django_db

#: What the database session store adds to every signed-in request: load, and the save
#: (savepoint, update, release). With sessions in Redis it is nothing.
SESSION_STORE_QUERIES = 0 if settings.SESSION_ENGINE == "portal.core.session_store" else 4

#: (path, role) -> the queries the page makes, the session store's apart.
PAGES = {
    ("/dashboard", "client_admin"): 3,
    ("/calls", "client_admin"): 3,
    ("/calls/<id>", "client_admin"): 2,
    ("/support", "client_staff"): 2,
    ("/status", "client_staff"): 3,
    ("/settings", "client_admin"): 4,  # with its API keys section
    ("/billing", "client_manager"): 3,
    ("/audit-log", "client_admin"): 2,
    ("/team", "client_admin"): 2,
    ("/partner/clients", "partner_admin"): 4,
    ("/partner/projects", "partner_admin"): 2,
    ("/partner/integrations", "partner_user"): 4,
    ("/partner/team", "partner_admin"): 2,
    ("/internal/tenants", "aidial_operator"): 3,
    ("/internal/tenants/<id>", "aidial_admin"): 5,
    ("/internal/audit-log", "aidial_admin"): 2,
}


def _more_data(world: World, n: int) -> None:
    for i in range(n):
        client = Tenant.objects.create(
            slug=f"client-{i}", name=f"Client {i}", kind="client", partner=world.northwind
        )
        project = Project.objects.create(tenant=client, slug="p", name=f"Project {i}")
        Call.objects.create(
            tenant=world.acme,
            project=world.acme_bookings,
            direction="outbound",
            status="completed",
            phone_number="+61400000100",
        )
        Call.objects.create(
            tenant=client,
            project=project,
            direction="inbound",
            status="completed",
            phone_number="+61400000200",
        )
        user = member(f"member{i}@example.com", world.acme, "client_staff")
        member(f"partner{i}@example.com", world.northwind, "partner_user")
        audit_record(action="sign_in", outcome="succeeded", actor=user)


def _count(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


def _path(template: str, world: World) -> str:
    return template.replace(
        "<id>", str(world.acme_call.pk if template.startswith("/calls") else world.acme.pk)
    )


def test_each_page_makes_a_pinned_number_of_queries_whatever_the_data_size() -> None:
    world = build_world()
    clients = {}
    for _, role in PAGES:
        if role not in clients:
            clients[role] = Client()
            sign_in_directly(clients[role], world.users[role], amr=MFA_AMR, mfa_enrolled=True)

    def warm() -> None:  # the access context is cached; its rebuild is not the page's cost
        for template, role in PAGES:
            clients[role].get(_path(template, world))

    warm()
    small = {key: _count(clients[key[1]], _path(key[0], world)) for key in PAGES}
    _more_data(world, 40)
    warm()
    large = {key: _count(clients[key[1]], _path(key[0], world)) for key in PAGES}
    assert small == large
    assert small == {key: n + SESSION_STORE_QUERIES for key, n in PAGES.items()}


#: Who asks, with what scope: each shape of membership the access context is built from.
SCOPES = {
    "client, all projects": ("client_admin", {}),
    "client, some projects": ("client_staff", {"all_projects": False}),
    "partner, all clients": ("partner_admin", {}),
    "partner, some clients and projects": (
        "partner_user",
        {"all_clients": False, "all_projects": False},
    ),
    "internal": ("aidial_operator", {}),
}


@override_settings(SESSION_ENGINE="portal.core.session_store")
@pytest.mark.parametrize("scope", SCOPES)
def test_session_and_access_context_cost_one_query_cached_and_at_most_three_not(
    scope: str,
) -> None:
    """With the session store in the cache (Redis in production), resolving the session and
    the access context costs one query (the session row with its user) when the context is
    cached, and at most three while it is built. ``/help/sign-in`` makes none of its own."""
    world = build_world()
    role, narrowed = SCOPES[scope]
    user = member(f"scoped-{role}@example.com", world.tenant_of(role), role, **narrowed)
    membership = user.membership
    if narrowed.get("all_projects") is False:
        membership.projects.set([world.acme_bookings])
    if narrowed.get("all_clients") is False:
        membership.clients.set([world.acme])
    client = Client()
    sign_in_directly(client, user, amr=MFA_AMR, mfa_enrolled=True)
    assert client.get("/help/sign-in").status_code == 200  # builds and caches the context
    with CaptureQueriesContext(connection) as cached:
        assert client.get("/help/sign-in").status_code == 200
    cache.delete(cache_key(user.pk))
    with CaptureQueriesContext(connection) as built:
        assert client.get("/help/sign-in").status_code == 200
    assert len(cached) == 1, [q["sql"] for q in cached.captured_queries]
    assert len(built) <= 3, [q["sql"] for q in built.captured_queries]
    context = client.get("/help/sign-in").wsgi_request.access  # type: ignore[attr-defined]
    if narrowed.get("all_projects") is False:
        assert context.project_ids == {world.acme_bookings.pk}
    if role.startswith("partner"):
        assert context.client_ids == {world.acme.pk}
