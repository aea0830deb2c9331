"""The audit trail as the customer surface shows it: the caller's own organisation only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from portal.access.context import AccessContext
from portal.audit.models import AuditEvent
from portal.core.keyset import Keyset

AUDIT_KEYSET = Keyset(salt="portal.audit.cursor", field="created_at", size=50)


@dataclass(frozen=True)
class AuditFilters:
    """What the audit log is narrowed to; every field empty means every event in scope."""

    action: str = ""
    outcome: str = ""
    #: Part of the actor's name or email address, any case.
    actor: str = ""
    #: Inclusive lower and exclusive upper bound of ``created_at``.
    created_from: dt.datetime | None = None
    created_before: dt.datetime | None = None


def audit_events_narrowed(
    events: QuerySet[AuditEvent], *, filters: AuditFilters, own_tenant_id: int | None = None
) -> QuerySet[AuditEvent]:
    """``events`` (already scoped by the caller) that match ``filters``, newest first.

    In an organisation's own log (``own_tenant_id``), people of other organisations are known
    by their organisation's name only, so the actor filter finds them by that alone.
    """
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.outcome:
        events = events.filter(outcome=filters.outcome)
    if filters.actor:
        person = Q(actor__name__icontains=filters.actor) | Q(actor__email__icontains=filters.actor)
        if own_tenant_id is not None:
            own = Q(actor_tenant_id=own_tenant_id)
            person = (own & person) | (~own & Q(actor_tenant__name__icontains=filters.actor))
        events = events.filter(person)
    if filters.created_from is not None:
        events = events.filter(created_at__gte=filters.created_from)
    if filters.created_before is not None:
        events = events.filter(created_at__lt=filters.created_before)
    return events.select_related("actor", "actor_tenant", "target_tenant").order_by(
        "-created_at", "-id"
    )


def audit_events_of_own_tenant(*, context: AccessContext) -> QuerySet[AuditEvent]:
    """Events by the organisation's people, or done to the organisation."""
    tenant_id = context.membership.tenant_id
    if tenant_id is None:
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(Q(actor_tenant_id=tenant_id) | Q(target_tenant_id=tenant_id))


def audit_events_filtered(*, context: AccessContext, filters: AuditFilters) -> QuerySet[AuditEvent]:
    return audit_events_narrowed(
        audit_events_of_own_tenant(context=context),
        filters=filters,
        own_tenant_id=context.membership.tenant_id,
    )
