"""One data size made ready for the benchmark, in a Django process of its own.

``python -m bench.prepare --tenants N --users N --calls N --seed N`` (with ``DATABASE_URL``
and the benchmark settings) migrates, seeds (``manage.py seed_volume`` when it is installed,
``bench.seed`` until then), refreshes the planner's statistics, adds the person the load is
driven as (a client admin of a seeded tenant that has calls), asks for an API key for that
tenant (``manage.py api_key_create``, when installed) and prints what the driver needs as
one JSON line. Exit status 3: the database holds another size (the driver starts it afresh).
"""

from __future__ import annotations

import argparse
import io
import json
import sys

import django

EMAIL = "bench.admin@bench.example"


def main() -> None:
    parser = argparse.ArgumentParser()
    for name in ("tenants", "users", "calls", "seed"):
        parser.add_argument(f"--{name}", type=int, required=True)
    args = parser.parse_args()
    django.setup()

    from django.core.management import call_command
    from django.db import connection

    from bench.seed import seed_data
    from portal.calls.models import Call

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    if Call.objects.count() not in (0, args.calls):
        sys.exit(3)
    seeder = seed_data(tenants=args.tenants, users=args.users, calls=args.calls, seed=args.seed)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(json.dumps({"seeder": seeder, **_subject(), "api_key": _api_key()}))


def _subject() -> dict[str, object]:
    """The bench user: client admin of the tenant of the newest call (a typical tenant)."""
    from portal.accounts.models import PortalUser
    from portal.calls.models import Call
    from portal.tenancy.models import Membership, Tenant

    newest = Call.objects.order_by("-started_at", "-id").first()
    if newest is None:
        raise SystemExit("the seeded data has no calls")
    tenant = Tenant.objects.get(pk=newest.tenant_id)
    user = PortalUser.objects.filter(email=EMAIL).first()
    if user is None:
        user = PortalUser.objects.create_user(EMAIL, name="Bench Admin")
    Membership.objects.update_or_create(
        user=user, defaults={"tenant": tenant, "role": "client_admin", "all_projects": True}
    )
    return {
        "email": EMAIL,
        "tenant": tenant.slug,
        "call_id": newest.pk,
        "tenant_calls": Call.objects.filter(tenant=tenant).count(),
        "calls": Call.objects.count(),
        "tenants": Tenant.objects.count(),
        "users": PortalUser.objects.count(),
    }


def _api_key() -> str:
    """A new key for the bench tenant, made by ``manage.py api_key_create``."""
    from django.core.management import call_command

    from portal.tenancy.models import Membership

    tenant = Membership.objects.get(user__email=EMAIL).tenant.slug
    out = io.StringIO()
    call_command("api_key_create", tenant=tenant, name="bench", stdout=out)
    words = out.getvalue().split()
    return words[-1] if words else ""


if __name__ == "__main__":
    main()
