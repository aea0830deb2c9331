"""``manage.py seed_volume``: generated demo volume, exact in size, repeatable, all-or-nothing."""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F

from portal.accounts.models import PortalUser
from portal.audit.models import AuditEvent
from portal.billing.models import Invoice
from portal.calls.models import Call
from portal.status.models import Incident
from portal.support.models import SupportTicket
from portal.tenancy.constants import CLIENT_ROLES, INTERNAL_ROLES, PARTNER_ROLES
from portal.tenancy.demo_calls import local_zone
from portal.tenancy.models import Membership, Project, Tenant
from portal.tenancy.volume import CALL_DAYS, EMAIL_SUFFIX, TENANT_PREFIX

pytestmark = pytest.mark.django_db

NOW = "2026-11-18T03:30:00+00:00"
SMALL = ("--tenants", "3", "--users", "12", "--calls", "500")


def seed_volume(*args: str) -> str:
    out = StringIO()
    call_command("seed_volume", *args, "--now", NOW, stdout=out)
    return out.getvalue()


def generated_tenants() -> Any:
    return Tenant.objects.filter(slug__startswith=TENANT_PREFIX)


def generated_users() -> Any:
    return PortalUser.objects.filter(email__endswith=EMAIL_SUFFIX)


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every row the portal holds, by content (ids and password hashes left out)."""
    return {
        "tenants": sorted(
            Tenant.objects.values_list("slug", "name", "kind", "status", "plan", "partner__slug")
        ),
        "projects": sorted(Project.objects.values_list("tenant__slug", "slug", "name")),
        "users": sorted(PortalUser.objects.values_list("email", "name", "created_at")),
        "memberships": sorted(
            Membership.objects.values_list(
                "user__email",
                "tenant__slug",
                "role",
                "all_projects",
                "all_clients",
                "projects__slug",
                "clients__slug",
            ),
            key=repr,
        ),
        "calls": sorted(
            Call.objects.values_list(
                "tenant__slug",
                "project__slug",
                "direction",
                "status",
                "phone_number",
                "started_at",
                "duration_seconds",
                "outcome",
                "transcript",
                "recording_url",
            ),
            key=repr,
        ),
        "tickets": sorted(
            SupportTicket.objects.values_list(
                "tenant__slug", "created_by__email", "subject", "status", "created_at"
            ),
            key=repr,
        ),
        "invoices": sorted(
            Invoice.objects.values_list("number", "tenant__slug", "amount_cents", "status")
        ),
        "audit": sorted(
            AuditEvent.objects.values_list(
                "created_at", "actor__email", "target_tenant__slug", "action", "outcome", "ip"
            ),
            key=repr,
        ),
        "incidents": sorted(Incident.objects.values_list("title", "started_at", "resolved_at")),
    }


def test_it_makes_exactly_the_numbers_asked_for() -> None:
    call_command("seed_demo", stdout=StringIO())
    demo_calls = Call.objects.count()
    named_users = PortalUser.objects.count()

    output = seed_volume(*SMALL)

    assert generated_tenants().count() == 3
    assert generated_users().count() == 12
    assert Membership.objects.filter(user__in=generated_users()).count() == 12
    assert Call.objects.count() == demo_calls + 500
    assert PortalUser.objects.count() == named_users + 12
    assert "3 tenants" in output
    assert "12 users" in output
    assert "500 calls" in output
    assert SupportTicket.objects.exists()
    assert Invoice.objects.filter(tenant__in=generated_tenants()).exists()
    assert AuditEvent.objects.filter(actor__in=generated_users()).exists()
    assert Incident.objects.count() == 5


def test_without_the_named_demo_it_makes_its_own_internal_tenant() -> None:
    seed_volume(*SMALL)

    assert generated_tenants().count() == 3
    assert generated_tenants().filter(kind=Tenant.Kind.INTERNAL).count() == 1
    assert Call.objects.count() == 500


def test_every_role_and_every_kind_and_status_of_tenant_is_there() -> None:
    call_command("seed_demo", stdout=StringIO())
    seed_volume("--tenants", "12", "--users", "40", "--calls", "2000")

    roles = set(
        Membership.objects.filter(user__in=generated_users()).values_list("role", flat=True)
    )
    assert roles == {*CLIENT_ROLES, *PARTNER_ROLES, *INTERNAL_ROLES}
    kinds = set(generated_tenants().values_list("kind", "status"))
    assert {("client", "active"), ("client", "suspended"), ("client", "closed")} <= kinds
    assert ("partner", "active") in kinds
    assert generated_tenants().filter(kind="client", partner__isnull=False).exists()
    assert generated_tenants().filter(kind="client", partner__isnull=True).exists()
    # The internal staff join the one internal tenant there is.
    internal = Membership.objects.filter(user__in=generated_users(), role__in=INTERNAL_ROLES)
    assert set(internal.values_list("tenant__slug", flat=True)) == {"aidial"}


def test_the_rows_respect_the_scope_rules() -> None:
    call_command("seed_demo", stdout=StringIO())
    seed_volume("--tenants", "12", "--users", "60", "--calls", "3000")

    assert not Call.objects.exclude(project__tenant_id=F("tenant_id")).exists()
    assert not Call.objects.exclude(tenant__kind=Tenant.Kind.CLIENT).exists()
    assert not Tenant.objects.filter(partner__isnull=False).exclude(kind="client").exists()
    assert (
        not Tenant.objects.filter(partner__isnull=False).exclude(partner__kind="partner").exists()
    )
    for membership in Membership.objects.filter(user__in=generated_users()):
        allowed = {"client": CLIENT_ROLES, "partner": PARTNER_ROLES, "internal": INTERNAL_ROLES}
        assert membership.role in allowed[membership.tenant.kind], membership.role
        assert not membership.projects.exclude(tenant=membership.tenant).exists()
        assert not membership.clients.exclude(partner=membership.tenant).exists()
    assert not Project.objects.exclude(tenant__kind=Tenant.Kind.CLIENT).exists()
    # Some people see only some projects, or only some of their partner's clients.
    scoped = Membership.objects.filter(user__in=generated_users())
    assert scoped.filter(all_projects=False, projects__isnull=False).exists()
    assert scoped.filter(all_clients=False, clients__isnull=False).exists()
    tickets = SupportTicket.objects.filter(created_by__isnull=False)
    assert not tickets.exclude(created_by__membership__tenant_id=F("tenant_id")).exists()
    # The named demo accounts' organisations are as seed_demo left them.
    assert set(Tenant.objects.get(slug="northwind").clients.values_list("slug", flat=True)) == {
        "acme",
        "brightsmile",
    }
    assert set(
        Membership.objects.filter(tenant__slug="acme").values_list("user__email", flat=True)
    ) == {
        "ava.admin@acme.example",
        "max.manager@acme.example",
        "sam.staff@acme.example",
        "val.unverified@acme.example",
        "rex.unknown@acme.example",
    }


def test_calls_look_like_calls() -> None:
    call_command("seed_demo", stdout=StringIO())
    seed_volume(*SMALL)
    now = dt.datetime.fromisoformat(NOW)
    calls = Call.objects.filter(metadata__source="seed_volume")

    assert calls.count() == 500
    # The named demo clients get calls too.
    assert calls.filter(tenant__slug="acme").exists()
    assert not calls.filter(started_at__gt=now).exists()
    assert not calls.filter(started_at__lt=now - dt.timedelta(days=CALL_DAYS + 1)).exists()
    zone = local_zone()
    for call in calls.exclude(status=Call.Status.IN_PROGRESS):
        assert re.fullmatch(r"\+61[2-478]\d{8}", call.phone_number), call.phone_number
        assert 8 <= call.started_at.astimezone(zone).hour <= 17
        if call.status == Call.Status.COMPLETED:
            assert call.duration_seconds > 0
            assert call.transcript.startswith("Agent: ")
            assert call.recording_link.startswith("https://")
        else:
            assert call.duration_seconds == 0
    statuses = dict(calls.values_list("status").annotate(n=Count("id")).order_by())
    assert statuses["completed"] > 500 * 0.7
    assert {"no_answer", "in_progress"} <= set(statuses)


def test_the_same_seed_gives_the_same_rows_and_another_seed_does_not() -> None:
    call_command("seed_demo", stdout=StringIO())
    seed_volume(*SMALL, "--seed", "7")
    first = snapshot()

    seed_volume(*SMALL, "--seed", "8")
    other = snapshot()
    seed_volume(*SMALL, "--seed", "7")

    assert snapshot() == first
    assert other["calls"] != first["calls"]
    assert other["users"] != first["users"]


def test_the_batch_size_changes_nothing_but_memory() -> None:
    call_command("seed_demo", stdout=StringIO())
    seed_volume(*SMALL)
    whole = snapshot()

    seed_volume(*SMALL, "--batch-size", "7")

    assert snapshot() == whole


def test_running_it_again_replaces_its_rows_and_leaves_the_rest() -> None:
    call_command("seed_demo", stdout=StringIO())
    demo_calls = Call.objects.count()
    named_users = set(PortalUser.objects.values_list("email", "name"))
    seed_volume(*SMALL)
    first = snapshot()

    seed_volume(*SMALL)

    assert snapshot() == first
    seed_volume("--tenants", "4", "--users", "9", "--calls", "100")
    assert generated_tenants().count() == 4
    assert generated_users().count() == 9
    assert Call.objects.count() == demo_calls + 100
    assert Call.objects.filter(metadata__demo=True).count() == demo_calls
    assert (
        set(PortalUser.objects.exclude(email__endswith=EMAIL_SUFFIX).values_list("email", "name"))
        == named_users
    )
    assert Incident.objects.count() == 5
    assert Invoice.objects.filter(tenant__slug="acme").count() == len(
        [row for row in first["invoices"] if row[1] == "acme"]
    )


def test_skip_if_present_leaves_existing_volume_alone() -> None:
    seed_volume(*SMALL)
    first = snapshot()

    output = seed_volume("--tenants", "5", "--users", "20", "--calls", "50", "--skip-if-present")

    assert "already there" in output
    assert snapshot() == first


def test_a_failure_half_way_leaves_the_earlier_volume_untouched() -> None:
    call_command("seed_demo", stdout=StringIO())
    seed_volume(*SMALL)
    before = snapshot()

    with (
        mock.patch.object(AuditEvent.objects, "bulk_create", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError, match="disk full"),
    ):
        seed_volume("--tenants", "5", "--users", "20", "--calls", "800", "--seed", "3")

    assert snapshot() == before


@pytest.mark.parametrize(
    "args",
    [("--tenants", "2"), ("--users", "6"), ("--calls", "-1"), ("--batch-size", "0")],
)
def test_it_refuses_a_scale_too_small_for_the_demo(args: tuple[str, ...]) -> None:
    with pytest.raises(CommandError):
        seed_volume(*args)
    assert not generated_tenants().exists()
