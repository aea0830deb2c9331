"""Tenant data, only ever through the caller's scope."""

from __future__ import annotations

from django.db.models import QuerySet

from portal.access.context import AccessContext
from portal.access.scope import DataScope
from portal.tenancy.models import Membership, Project, Tenant


def members_of_own_tenant(*, context: AccessContext) -> QuerySet[Membership]:
    tenant_id = context.membership.tenant_id
    if tenant_id is None:
        return Membership.objects.none()
    return (
        Membership.objects.filter(tenant_id=tenant_id)
        .select_related("user")
        .order_by("user__email")
    )


def clients_visible(*, context: AccessContext) -> QuerySet[Tenant]:
    return Tenant.objects.filter(pk__in=context.client_ids).order_by("name")


def projects_visible(*, context: DataScope) -> QuerySet[Project]:
    projects = Project.objects.filter(tenant_id__in=context.client_ids)
    if context.project_ids is not None:
        projects = projects.filter(pk__in=context.project_ids)
    return projects.select_related("tenant").order_by("tenant__name", "name")
