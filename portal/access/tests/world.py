"""A small world of tenants and users for the access tests, and a direct way to sign them in.

Signing in directly (a Django login plus the portal session row the OIDC callback would
create) keeps the matrix fast; the OIDC path itself is tested in portal/accounts/tests.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.test import Client
from django.utils import timezone

from portal.accounts.models import PortalSession, PortalUser
from portal.accounts.sessions import SESSION_KEY
from portal.calls.models import Call
from portal.tenancy.models import Membership, Project, Tenant

from .spec_table import ROLES

MFA_AMR = ["pwd", "otp", "mfa"]


@dataclass
class World:
    acme: Tenant
    globex: Tenant
    northwind: Tenant
    aidial: Tenant
    acme_bookings: Project
    acme_reminders: Project
    globex_sales: Project
    acme_call: Call
    acme_reminder_call: Call
    globex_call: Call
    users: dict[str, PortalUser] = field(default_factory=dict)

    def tenant_of(self, role: str) -> Tenant:
        if role.startswith("partner_"):
            return self.northwind
        if role.startswith("aidial_"):
            return self.aidial
        return self.acme


def _call(tenant: Tenant, project: Project, number: str) -> Call:
    return Call.objects.create(
        tenant=tenant,
        project=project,
        direction=Call.Direction.OUTBOUND,
        status=Call.Status.COMPLETED,
        phone_number=number,
        duration_seconds=61,
        outcome="Booked",
    )


def build_world() -> World:
    northwind = Tenant.objects.create(
        slug="northwind", name="Northwind Agency", kind="partner", features=["partner_workspace"]
    )
    acme = Tenant.objects.create(
        slug="acme", name="Acme Dental", kind="client", partner=northwind, features=["team"]
    )
    globex = Tenant.objects.create(slug="globex", name="Globex Secret Co", kind="client")
    aidial = Tenant.objects.create(slug="aidial", name="AiDial", kind="internal")
    bookings = Project.objects.create(tenant=acme, slug="bookings", name="Bookings line")
    reminders = Project.objects.create(tenant=acme, slug="reminders", name="Reminders")
    sales = Project.objects.create(tenant=globex, slug="sales", name="Globex sales")
    world = World(
        acme=acme,
        globex=globex,
        northwind=northwind,
        aidial=aidial,
        acme_bookings=bookings,
        acme_reminders=reminders,
        globex_sales=sales,
        acme_call=_call(acme, bookings, "+61400000001"),
        acme_reminder_call=_call(acme, reminders, "+61400000002"),
        globex_call=_call(globex, sales, "+61499999999"),
    )
    for role in ROLES:
        world.users[role] = member(f"{role}@example.com", world.tenant_of(role), role)
    world.users["unrecognised"] = member("odd@example.com", acme, "billing_clerk")
    world.users["none"] = PortalUser.objects.create_user("nobody@example.com", name="Nobody")
    return world


def member(email: str, tenant: Tenant, role: str, **scope: Any) -> PortalUser:
    user = PortalUser.objects.create_user(email, name=email.split("@")[0].replace("_", " ").title())
    Membership.objects.create(user=user, tenant=tenant, role=role, **scope)
    return user


def sign_in_directly(
    client: Client,
    user: PortalUser,
    *,
    amr: list[str] | None = None,
    mfa_enrolled: bool = False,
    auth_age: dt.timedelta = dt.timedelta(0),
) -> PortalSession:
    client.force_login(user)
    row = PortalSession.objects.create(
        user=user,
        issuer="https://idp.example",
        subject=f"sub-{user.pk}",
        auth_time=timezone.now() - auth_age,
        amr=amr if amr is not None else ["pwd"],
        mfa_enrolled=mfa_enrolled,
    )
    session = client.session
    session[SESSION_KEY] = row.pk
    session.save()
    return row
