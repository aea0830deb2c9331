"""``manage.py seed_demo``: the portal's half of the demo accounts, loaded the same every time."""

from __future__ import annotations

import json
import re
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Count

from portal.accounts.models import PortalUser
from portal.calls.models import Call
from portal.tenancy.models import Membership, Project, Tenant
from portal.tenancy.tests.factories import row_counts

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
#: The local identity provider's demo accounts, read as data (the portal never imports it).
DEMO_ACCOUNTS = json.loads((ROOT / "devidp" / "demo_accounts.json").read_text())["accounts"]
KNOWN_ROLES = (
    "client_admin",
    "client_manager",
    "client_staff",
    "partner_admin",
    "partner_user",
    "aidial_admin",
    "aidial_operator",
)
#: The one account at the provider only.
PROVIDER_ONLY = "nobody@elsewhere.example"
#: Accounts whose description names no role: the role the portal gives them.
ROLE_NOT_DESCRIBED = {"val.unverified@acme.example": "client_staff"}


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def described_role(description: str) -> str | None:
    """``client_admin at Acme Dental`` → client_admin; ``unrecognised role (billing_clerk)``
    → billing_clerk."""
    match = re.search(r"\b[a-z]+_[a-z]+\b", description)
    return match.group(0) if match else None


def described_tenant(description: str) -> str | None:
    """``partner_admin at Northwind Agency, MFA not yet enrolled`` → Northwind Agency."""
    match = re.search(r" at ([^,(]+)", description)
    return match.group(1).strip() if match else None


def counts() -> dict[str, Any]:
    return {
        **row_counts(),
        "calls": Call.objects.count(),
        "calls by project": dict(
            Call.objects.values_list("project_id").annotate(n=Count("id")).order_by()
        ),
    }


def test_the_provider_lists_the_accounts_this_test_expects() -> None:
    emails = {account["email"] for account in DEMO_ACCOUNTS}
    assert PROVIDER_ONLY in emails
    assert set(ROLE_NOT_DESCRIBED) <= emails
    for account in DEMO_ACCOUNTS:
        if account["email"] not in ROLE_NOT_DESCRIBED | {PROVIDER_ONLY: ""}:
            assert described_role(account["description"]), account


@pytest.mark.parametrize("account", DEMO_ACCOUNTS, ids=lambda account: account["email"])
def test_every_demo_account_has_its_portal_user_and_role(account: dict[str, Any]) -> None:
    seed()

    user = PortalUser.objects.filter(email=account["email"]).first()
    if account["email"] == PROVIDER_ONLY:
        assert user is None
        return
    assert user is not None, f"{account['email']} has no portal user"
    assert user.name == account["name"]
    assert user.is_active
    assert not user.has_usable_password()
    membership = Membership.objects.select_related("tenant").get(user=user)
    if account["email"] in ROLE_NOT_DESCRIBED:
        assert membership.role == ROLE_NOT_DESCRIBED[account["email"]]
        return
    assert membership.role == described_role(account["description"])
    tenant_name = described_tenant(account["description"])
    if tenant_name is not None:
        assert membership.tenant.name == tenant_name


def test_the_tenants_are_in_every_state_the_demo_needs() -> None:
    seed()

    tenants = {t.slug: t for t in Tenant.objects.select_related("partner")}
    assert tenants["dormant"].status == Tenant.Status.SUSPENDED
    assert tenants["dormant"].kind == Tenant.Kind.CLIENT
    for slug in ("acme", "brightsmile", "northwind", "aidial"):
        assert tenants[slug].status == Tenant.Status.ACTIVE, slug
    assert tenants["northwind"].kind == Tenant.Kind.PARTNER
    assert set(tenants["northwind"].features) == {"partner_workspace", "team"}
    assert tenants["aidial"].kind == Tenant.Kind.INTERNAL
    assert {t.slug for t in tenants["northwind"].clients.all()} == {"acme", "brightsmile"}
    assert tenants["acme"].features == ["team"]
    assert set(tenants["acme"].projects.values_list("slug", flat=True)) == {
        "bookings",
        "reminders",
    }


def test_the_unrecognised_role_user_is_in_acme() -> None:
    seed()

    membership = Membership.objects.select_related("user", "tenant").get(
        user__email="rex.unknown@acme.example"
    )
    assert membership.role == "billing_clerk"
    assert membership.role not in KNOWN_ROLES
    assert membership.tenant.slug == "acme"
    assert membership.user.name == "Rex Unknown"


def test_every_client_project_has_calls() -> None:
    seed()

    projects = Project.objects.filter(tenant__kind=Tenant.Kind.CLIENT)
    assert projects.count() >= 5
    for project in projects:
        calls = Call.objects.filter(project=project)
        assert calls.count() >= 100, project.slug
        assert not calls.exclude(tenant_id=project.tenant_id).exists()
        assert calls.filter(status=Call.Status.COMPLETED).exists()
        assert calls.exclude(status=Call.Status.COMPLETED).exists()
        numbers = set(calls.values_list("phone_number", flat=True))
        assert all(re.fullmatch(r"\+61[2-478]\d{8}", number) for number in numbers), numbers
        assert any(number.startswith("+614") for number in numbers)


def test_running_it_again_changes_nothing() -> None:
    first = seed()
    before = counts()
    calls_before = set(
        Call.objects.values_list("project_id", "phone_number", "started_at", "status")
    )

    second = seed()

    assert counts() == before
    assert (
        set(Call.objects.values_list("project_id", "phone_number", "started_at", "status"))
        == calls_before
    )
    assert "calls: already there" in second
    assert "created" in first
    assert "0 created, 0 updated" in second
    assert "(billing_clerk): unchanged" in second
    assert len(second.strip().splitlines()) == 1


def test_the_calls_are_the_same_on_every_machine() -> None:
    seed()
    first = list(
        Call.objects.order_by("project__slug", "id").values_list(
            "project__slug", "direction", "status", "phone_number", "duration_seconds", "outcome"
        )
    )
    Call.objects.all().delete()

    seed()

    again = list(
        Call.objects.order_by("project__slug", "id").values_list(
            "project__slug", "direction", "status", "phone_number", "duration_seconds", "outcome"
        )
    )
    assert again == first
