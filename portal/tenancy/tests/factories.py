"""Provisioning files and rows for the tests, built fresh for each test."""

from __future__ import annotations

from typing import Any

from portal.accounts.models import PortalUser
from portal.tenancy.models import Membership, Project, Tenant


def provisioning_file() -> dict[str, Any]:
    """A partner with two clients (defined before it), a lone client, the internal tenant."""
    return {
        "tenants": [
            {
                "slug": "acme",
                "name": "Acme Dental",
                "kind": "client",
                "status": "active",
                "plan": "standard",
                "features": ["team"],
                "partner": "northwind",
                "projects": [
                    {"slug": "bookings", "name": "Bookings line"},
                    {"slug": "reminders", "name": "Appointment reminders"},
                ],
            },
            {
                "slug": "beta",
                "name": "Beta Plumbing",
                "kind": "client",
                "status": "suspended",
                "plan": "starter",
                "features": [],
                "partner": "northwind",
                "projects": [{"slug": "bookings", "name": "Call-outs"}],
            },
            {
                "slug": "solo",
                "name": "Solo Cafe",
                "kind": "client",
                "partner": None,
                "projects": [{"slug": "orders", "name": "Orders"}],
            },
            {
                "slug": "northwind",
                "name": "Northwind Agency",
                "kind": "partner",
                "features": ["partner_workspace", "team"],
            },
            {"slug": "aidial", "name": "AiDial", "kind": "internal", "plan": "internal"},
        ],
        "users": [
            {
                "email": "Ada@Acme.example",
                "name": "Ada",
                "role": "client_admin",
                "tenant": "acme",
                "projects": "*",
            },
            {
                "email": "sam@acme.example",
                "name": "Sam",
                "role": "client_staff",
                "tenant": "acme",
                "projects": ["reminders"],
            },
            {
                "email": "pat@northwind.example",
                "name": "Pat",
                "role": "partner_admin",
                "tenant": "northwind",
                "clients": "*",
            },
            {
                "email": "lee@northwind.example",
                "name": "Lee",
                "role": "partner_user",
                "tenant": "northwind",
                "clients": ["beta"],
            },
            {
                "email": "ops@aidial.example",
                "name": "Ops",
                "role": "aidial_operator",
                "tenant": "aidial",
            },
        ],
    }


def tenant_create(*, slug: str, kind: str = "client", partner: Tenant | None = None) -> Tenant:
    return Tenant.objects.create(slug=slug, name=slug.title(), kind=kind, partner=partner)


def row_counts() -> dict[str, int]:
    """How many rows each table provisioning writes to holds."""
    return {
        "tenants": Tenant.objects.count(),
        "projects": Project.objects.count(),
        "users": PortalUser.objects.count(),
        "memberships": Membership.objects.count(),
        "membership projects": Membership.projects.through.objects.count(),
        "membership clients": Membership.clients.through.objects.count(),
    }
