from __future__ import annotations

from django.db.models import Q, QuerySet

from portal.access.context import AccessContext
from portal.audit.models import AuditEvent


def audit_events_of_own_tenant(*, context: AccessContext) -> QuerySet[AuditEvent]:
    tenant_id = context.membership.tenant_id
    return AuditEvent.objects.filter(
        Q(actor_tenant_id=tenant_id) | Q(target_tenant_id=tenant_id)
    ).select_related("actor")
