"""Members of the signed-in person's own organisation, looked up only through its scope."""

from __future__ import annotations

from django.http import Http404

from portal.access.context import AccessContext
from portal.tenancy.models import Membership, Tenant


def membership_get(*, context: AccessContext, membership_id: int) -> Membership:
    """A membership of the caller's own tenant; another tenant's id is the same as a missing one."""
    tenant_id = context.membership.tenant_id
    membership = (
        Membership.objects.select_related("tenant", "user")
        .filter(pk=membership_id, tenant_id=tenant_id)
        .first()
        if tenant_id is not None
        else None
    )
    if membership is None:
        raise Http404
    return membership


def own_tenant_get(*, context: AccessContext) -> Tenant:
    """The caller's own tenant (no context tenant means no access, never a fallback)."""
    tenant_id = context.membership.tenant_id
    tenant = Tenant.objects.filter(pk=tenant_id).first() if tenant_id is not None else None
    if tenant is None:
        raise Http404
    return tenant
