"""Audit events for the tests, written in one bulk insert."""

from __future__ import annotations

import datetime as dt
from typing import Any

from portal.accounts.models import PortalUser
from portal.audit.models import AuditEvent
from portal.tenancy.models import Tenant


def events_create(
    n: int,
    *,
    newest: dt.datetime,
    actor: PortalUser | None = None,
    tenant: Tenant | None = None,
    step: dt.timedelta = dt.timedelta(minutes=1),
    **fields: Any,
) -> list[AuditEvent]:
    """``n`` events by ``actor`` of ``tenant`` (also the tenant affected unless ``fields`` say
    otherwise), the newest at ``newest``, then one every ``step`` back; successful sign-ins
    unless ``fields`` say otherwise."""
    values: dict[str, Any] = {
        "action": "sign_in",
        "outcome": "succeeded",
        "actor_tenant": tenant,
        "target_tenant": tenant,
        "ip": "203.0.113.7",
        "user_agent": "Firefox",
        **fields,
    }
    return AuditEvent.objects.bulk_create(
        AuditEvent(actor=actor, created_at=newest - step * i, **values) for i in range(n)
    )
