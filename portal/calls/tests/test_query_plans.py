"""At a million calls, the calls list, a call's page and the dashboard find a tenant's calls
through an index, never by reading the table: PostgreSQL's own plans, with statistics
gathered on a million rows."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.seed import seed_volume
from portal.access.tests.world import member, sign_in_directly
from portal.calls.models import Call
from portal.tenancy.models import Tenant

pytestmark = [
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        reason="query plans are PostgreSQL's: run with DATABASE_URL=postgres://…",
    ),
    pytest.mark.django_db,
]

CALLS = 1_000_000


def _plans(client: Client, path: str) -> list[str]:
    """The plan of every query of the page that reads the calls table."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    plans = []
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            if '"calls_call"' in query["sql"]:
                cursor.execute(f"EXPLAIN {query['sql']}")
                plans.append("\n".join(row[0] for row in cursor.fetchall()))
    assert plans, path
    return plans


def test_calls_pages_and_dashboard_use_indexes_at_a_million_calls() -> None:
    seed_volume(tenants=1000, users=1000, calls=CALLS, seed=7)  # SQL-generated: seconds
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE calls_call")
    assert Call.objects.count() == CALLS
    newest = Call.objects.order_by("-started_at", "-id").first()
    assert newest is not None
    tenant = Tenant.objects.get(pk=newest.tenant_id)
    admin = member("plans@example.com", tenant, "client_admin")
    client = Client()
    sign_in_directly(client, admin)

    pages = {
        "/calls": "calls_tenant_recent",
        f"/calls/{newest.pk}": "calls_call_pkey",
        "/dashboard": "calls_tenant_recent",
    }
    for path, index in pages.items():
        for plan in _plans(client, path):
            assert "Seq Scan on calls_call" not in plan, (path, plan)
            assert (
                f"Index Scan using {index}" in plan
                or (f"Index Only Scan using {index}" in plan)
                or f"Bitmap Index Scan on {index}" in plan
            ), (path, plan)
