"""Queries per page: pinned, and the same with a little data as with much more."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

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
    ("/dashboard", "client_admin"): 4,
    ("/calls", "client_admin"): 4,
    ("/calls/<id>", "client_admin"): 3,
    ("/support", "client_staff"): 3,
    ("/status", "client_staff"): 4,
    ("/settings", "client_admin"): 5,  # with its API keys section
    ("/billing", "client_manager"): 4,
    ("/audit-log", "client_admin"): 3,
    ("/team", "client_admin"): 3,
    ("/partner/clients", "partner_admin"): 5,
    ("/partner/projects", "partner_admin"): 3,
    ("/partner/integrations", "partner_user"): 5,
    ("/partner/team", "partner_admin"): 3,
    ("/internal/tenants", "aidial_operator"): 4,
    ("/internal/tenants/<id>", "aidial_admin"): 6,
    ("/internal/audit-log", "aidial_admin"): 3,
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
