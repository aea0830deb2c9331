"""Reading across tenants: only here, in the internal surface, and named ``*_unscoped``."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from portal.audit.models import AuditEvent
from portal.audit.selectors import AuditFilters, audit_events_narrowed
from portal.tenancy.models import Membership, Project, Tenant


def tenants_unscoped(*, query: str = "", kind: str = "", status: str = "") -> QuerySet[Tenant]:
    """Every tenant, narrowed by a search on name or slug, a kind and a status (each optional)."""
    tenants = Tenant.objects.select_related("partner")
    if query:
        tenants = tenants.filter(Q(name__icontains=query) | Q(slug__icontains=query))
    if kind:
        tenants = tenants.filter(kind=kind)
    if status:
        tenants = tenants.filter(status=status)
    return tenants.order_by("kind", "name", "pk")


def tenant_get_unscoped(*, tenant_id: int) -> Tenant:
    tenant = Tenant.objects.select_related("partner").filter(pk=tenant_id).first()
    if tenant is None:
        raise Http404
    return tenant


def tenant_members_unscoped(*, tenant: Tenant) -> QuerySet[Membership]:
    return Membership.objects.filter(tenant=tenant).select_related("user").order_by("user__email")


def tenant_projects_unscoped(*, tenant: Tenant) -> QuerySet[Project]:
    return tenant.projects.order_by("name")


def plans_in_use_unscoped() -> list[str]:
    """The plans tenants have now: the suggestions of the plan field."""
    return list(Tenant.objects.order_by("plan").values_list("plan", flat=True).distinct())


def audit_events_unscoped(filters: AuditFilters) -> QuerySet[AuditEvent]:
    """Every organisation's events matching ``filters``: the internal surface only."""
    return audit_events_narrowed(AuditEvent.objects.all(), filters=filters)
