"""Support tickets, only ever of the caller's own organisation."""

from __future__ import annotations

from django.db.models import QuerySet

from portal.access.context import AccessContext
from portal.support.models import SupportTicket


def tickets_of_own_tenant(*, context: AccessContext) -> QuerySet[SupportTicket]:
    tenant_id = context.membership.tenant_id
    if tenant_id is None:
        return SupportTicket.objects.none()
    return SupportTicket.objects.filter(tenant_id=tenant_id).select_related("created_by")
