"""Signing members in, posting the members forms, and what the tables hold."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client

from portal.access.tests.world import MFA_AMR, sign_in_directly
from portal.accounts.models import PortalSession, PortalUser
from portal.audit.models import AuditEvent
from portal.tenancy.models import Membership


def signed_in(
    user: PortalUser, *, mfa: bool = False, auth_age: dt.timedelta = dt.timedelta(0)
) -> Client:
    client = Client()
    if mfa:
        sign_in_directly(client, user, amr=MFA_AMR, mfa_enrolled=True, auth_age=auth_age)
    else:
        sign_in_directly(client, user, auth_age=auth_age)
    return client


def state() -> dict[str, Any]:
    """Everything the members actions can write: compared before and after a refused post."""
    return {
        "users": sorted(PortalUser.objects.values_list("pk", "email", "name")),
        "memberships": sorted(
            Membership.objects.values_list("pk", "user_id", "tenant_id", "role", "updated_at")
        ),
        "audit": AuditEvent.objects.count(),
        "sessions": sorted(PortalSession.objects.values_list("pk", "ended_at", "end_reason")),
    }


def html(response: Any) -> str:
    return str(response.content.decode())
