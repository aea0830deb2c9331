from __future__ import annotations

from django.core.exceptions import PermissionDenied

from portal.access.context import AccessContext
from portal.support.models import SupportTicket


def support_ticket_create(
    *, context: AccessContext, subject: str, category: str, message: str
) -> SupportTicket:
    """Open a ticket for the caller's own organisation (never one named by the form)."""
    tenant_id = context.membership.tenant_id
    if tenant_id is None:
        raise PermissionDenied
    return SupportTicket.objects.create(
        tenant_id=tenant_id,
        created_by_id=context.user_id,
        subject=subject,
        category=category,
        message=message,
    )
