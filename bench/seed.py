"""Volume data for the benchmark, used only while ``manage.py seed_volume`` is not installed.

Same arguments and the same promise (bulk, batched, idempotent): tenants ``vol-NNNN`` with
two projects each, users spread over them as client admins, managers and staff, and calls
spread over the projects and the last 90 days. Calls are written by PostgreSQL itself
(``generate_series``), so a million rows take seconds, not minutes.
"""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connection, transaction

from portal.accounts.models import PortalUser
from portal.calls.models import Call
from portal.tenancy.models import Membership, Project, Tenant

BATCH = 5000
ROLES = ("client_admin", "client_manager", "client_staff")

_CALLS_SQL = """
INSERT INTO calls_call (tenant_id, project_id, direction, status, phone_number, started_at,
                        duration_seconds, outcome, transcript, recording_url, metadata,
                        created_at)
SELECT p.tenant_id, p.id,
       (ARRAY['outbound', 'inbound'])[1 + g %% 2],
       (ARRAY['completed', 'completed', 'completed', 'no_answer', 'busy', 'failed',
              'queued'])[1 + (g * 7919) %% 7],
       '+614' || lpad(((g * 104729) %% 100000000)::text, 8, '0'),
       now() - make_interval(secs => ((g * 2654435761) %% (90 * 86400))::double precision),
       (g * 31) %% 600, '', '', '', '{}'::jsonb, now()
FROM generate_series(%s::bigint, %s::bigint) AS g
JOIN projects AS p ON p.n = g %% %s
"""


def seed_volume(*, tenants: int, users: int, calls: int, seed: int = 0) -> None:
    slugs = [f"vol-{seed}-{n:05d}" for n in range(tenants)]
    Tenant.objects.bulk_create(
        [Tenant(slug=s, name=f"Volume client {s[-5:]}", kind="client") for s in slugs],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    tenant_ids = dict(Tenant.objects.filter(slug__in=slugs).values_list("slug", "pk"))
    Project.objects.bulk_create(
        [
            Project(tenant_id=tenant_ids[s], slug=p, name=p.title())
            for s in slugs
            for p in ("bookings", "reminders")
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    password = make_password(None)
    emails = [f"user{n}@{slugs[n % tenants]}.example" for n in range(users)]
    PortalUser.objects.bulk_create(
        [PortalUser(email=e, name=f"User {n}", password=password) for n, e in enumerate(emails)],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    user_ids = dict(PortalUser.objects.filter(email__in=emails).values_list("email", "pk"))
    Membership.objects.bulk_create(
        [
            Membership(
                user_id=user_ids[e], tenant_id=tenant_ids[slugs[n % tenants]], role=ROLES[n % 3]
            )
            for n, e in enumerate(emails)
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    have = Call.objects.filter(tenant_id__in=tenant_ids.values()).count()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE projects ON COMMIT DROP AS "
            "SELECT row_number() OVER (ORDER BY id) - 1 AS n, id, tenant_id "
            "FROM tenancy_project WHERE tenant_id = ANY(%s)",
            [list(tenant_ids.values())],
        )
        for start in range(have + 1, calls + 1, BATCH * 20):
            end = min(calls, start + BATCH * 20 - 1)
            cursor.execute(_CALLS_SQL, [start, end, 2 * tenants])


def seed_data(*, tenants: int, users: int, calls: int, seed: int = 0) -> str:
    """Seed with ``manage.py seed_volume``, the demo's generator; returns which seeder ran.

    ``seed_volume`` above (SQL arithmetic, seconds for a million rows) serves the query-plan
    test, which needs volume, not realism."""
    call_command("seed_volume", tenants=tenants, users=users, calls=calls, seed=seed, verbosity=0)
    return "manage.py seed_volume"
