"""``manage.py seed_demo``: the portal's side of the demo accounts ``make run`` signs in with.

It provisions ``portal/tenancy/demo.json`` (the same accounts as the local identity provider's
demo accounts), adds the one user provisioning rightly refuses (an unrecognised role), and, the
first time only, a month of calls for every demo client project. Running it again changes
nothing; everything happens in one transaction.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from portal.accounts.models import PortalUser, normalize_email
from portal.calls.models import Call
from portal.tenancy import demo_calls
from portal.tenancy.models import Membership, Project, Tenant
from portal.tenancy.services import ProvisionError, provision

DEMO_FILE = Path(__file__).resolve().parents[2] / "demo.json"

#: Provisioning refuses roles it does not know, so this user is written directly: the demo of
#: how the portal treats a membership whose role it does not recognise.
UNRECOGNISED_ROLE_USER = {
    "email": "rex.unknown@acme.example",
    "name": "Rex Unknown",
    "role": "billing_clerk",
    "tenant": "acme",
}

CALL_DAYS = 30
#: Projects that ring people (reminders, recalls); the others are lines people ring.
CAMPAIGN_PROJECTS = frozenset({"reminders", "recalls"})
#: A suspended client stopped calling a while ago.
SUSPENDED_QUIET_DAYS = 10

Status = Call.Status
Direction = Call.Direction


class Command(BaseCommand):
    help = (
        "Load the portal's demo data: the tenants, projects and users of "
        "portal/tenancy/demo.json (matching the local identity provider's demo accounts), a "
        "user with an unrecognised role, and, when the demo clients have no calls yet, a month "
        "of calls for each of their projects. Safe to run again: it changes nothing then."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
        with transaction.atomic():
            try:
                result = provision(data=data)
            except ProvisionError as error:
                raise CommandError(
                    f"{DEMO_FILE.name}: nothing was written:\n" + "\n".join(error.errors)
                ) from None
            unrecognised = _put_unrecognised_role_user()
            clients = [row["slug"] for row in data["tenants"] if row["kind"] == "client"]
            calls = _seed_calls(clients)
        calls_text = f"{calls} created" if calls else "already there, left alone"
        self.stdout.write(
            f"Demo data: {result.summary()}; "
            f"{UNRECOGNISED_ROLE_USER['email']} ({UNRECOGNISED_ROLE_USER['role']}): "
            f"{unrecognised}; calls: {calls_text}"
        )


def _put_unrecognised_role_user() -> str:
    """Create or correct the unrecognised-role user; says ``created``, ``updated`` or
    ``unchanged``."""
    email = normalize_email(UNRECOGNISED_ROLE_USER["email"])
    name = UNRECOGNISED_ROLE_USER["name"]
    role = UNRECOGNISED_ROLE_USER["role"]
    tenant = Tenant.objects.get(slug=UNRECOGNISED_ROLE_USER["tenant"])
    state = "unchanged"
    user = PortalUser.objects.filter(email=email).first()
    if user is None:
        user = PortalUser.objects.create_user(email, name=name)
        state = "created"
    elif user.name != name:
        user.name = name
        user.save(update_fields=["name"])
        state = "updated"
    membership = Membership.objects.filter(user=user).first()
    if membership is None:
        Membership.objects.create(user=user, tenant=tenant, role=role)
        return "created" if state == "created" else "updated"
    wanted = {"tenant_id": tenant.pk, "role": role, "all_projects": True, "all_clients": True}
    changed = [field for field, value in wanted.items() if getattr(membership, field) != value]
    if changed:
        for field in changed:
            setattr(membership, field, wanted[field])
        membership.save(update_fields=[*changed, "updated_at"])
        state = "updated"
    return state


# Calls.


def _seed_calls(client_slugs: list[str]) -> int:
    """A month of calls per project of the demo clients, unless they have calls already."""
    if Call.objects.filter(tenant__slug__in=client_slugs).exists():
        return 0
    now = timezone.now()
    zone = demo_calls.local_zone()
    projects = (
        Project.objects.filter(tenant__slug__in=client_slugs)
        .select_related("tenant")
        .order_by("tenant__slug", "slug")
    )
    calls: list[Call] = []
    for project in projects:
        # One generator per project, seeded by its name: the same calls on every machine, and
        # a project added later does not change the others'.
        rng = random.Random(f"aidial-demo:{project.tenant.slug}:{project.slug}")  # noqa: S311
        calls += _CallMaker(project, rng=rng, now=now, zone=zone).calls()
    Call.objects.bulk_create(calls, batch_size=500)
    return len(calls)


class _CallMaker:
    """The calls of one project, drawn from ``rng`` alone (apart from the time they end at)."""

    def __init__(
        self, project: Project, *, rng: random.Random, now: dt.datetime, zone: dt.tzinfo
    ) -> None:
        self.project = project
        self.tenant = project.tenant
        self.rng = rng
        self.now = now
        self.zone = zone
        self.campaign = project.slug in CAMPAIGN_PROJECTS
        self.services = demo_calls.SERVICES_BY_TENANT.get(
            self.tenant.slug, demo_calls.GENERAL_SERVICES
        )
        # Callers ring more than once: a pool of numbers a little smaller than the calls.
        self.count = rng.randint(220, 360)
        self.numbers = [demo_calls.phone_number(self.rng) for _ in range(self.count * 2 // 3)]

    def calls(self) -> list[Call]:
        calls = [self._call() for _ in range(self.count)]
        if self.tenant.is_active:
            calls += self._live_calls()
        return calls

    def _started_at(self) -> dt.datetime:
        first = SUSPENDED_QUIET_DAYS if not self.tenant.is_active else 0
        today = self.now.astimezone(self.zone).date()
        while True:
            day = today - dt.timedelta(days=self.rng.randint(first, CALL_DAYS - 1))
            if day.weekday() == 6 or (day.weekday() == 5 and self.rng.random() < 0.6):
                continue  # closed on Sundays, quiet on Saturdays
            hour = self.rng.choice(demo_calls.BUSINESS_HOURS)
            local = dt.datetime.combine(
                day,
                dt.time(hour, self.rng.randint(0, 59), self.rng.randint(0, 59)),
                tzinfo=self.zone,
            )
            if local < self.now:
                return local.astimezone(dt.UTC)

    def _call(self) -> Call:
        outbound = self.rng.random() < (0.92 if self.campaign else 0.12)
        direction = Direction.OUTBOUND if outbound else Direction.INBOUND
        started_at = self._started_at()
        status, outcome, seconds, transcript = self._result(direction)
        return Call(
            tenant=self.tenant,
            project=self.project,
            direction=direction,
            status=status,
            phone_number=self.rng.choice(self.numbers),
            started_at=started_at,
            duration_seconds=seconds,
            outcome=outcome,
            transcript=transcript,
            metadata={"demo": True},
            created_at=started_at,
        )

    def _result(self, direction: Call.Direction) -> tuple[str, str, int, str]:
        return demo_calls.call_result(
            self.rng, direction, tenant_name=self.tenant.name, services=self.services
        )

    def _live_calls(self) -> list[Call]:
        """What is happening right now: a call in progress and, for campaigns, a short queue."""
        direction = Direction.OUTBOUND if self.campaign else Direction.INBOUND
        live = [(Status.IN_PROGRESS, self.rng.randint(20, 240))]
        if self.campaign:
            live += [(Status.QUEUED, self.rng.randint(0, 15)) for _ in range(3)]
        calls = []
        for status, seconds_ago in live:
            started_at = self.now - dt.timedelta(seconds=seconds_ago)
            calls.append(
                Call(
                    tenant=self.tenant,
                    project=self.project,
                    direction=direction,
                    status=status,
                    phone_number=self.rng.choice(self.numbers),
                    started_at=started_at,
                    metadata={"demo": True},
                    created_at=started_at,
                )
            )
        return calls
