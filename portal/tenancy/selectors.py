"""Tenant data, only ever through the caller's scope."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from portal.access.context import AccessContext
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
    """The clients whose data the pages show (the active client only, when one is chosen)."""
    return Tenant.objects.filter(pk__in=context.client_ids).order_by("name")


def clients_in_scope(*, context: AccessContext) -> QuerySet[Tenant]:
    """Every client the membership reaches, whichever one is active (the client switcher)."""
    return Tenant.objects.filter(pk__in=context.client_scope).order_by("name", "pk")


def client_in_scope_get(*, context: AccessContext, client_id: int) -> int:
    """The id of a client in scope, or the same 404 whether it does not exist or is not ours."""
    if client_id not in context.client_scope:
        raise Http404
    return client_id


def projects_visible(*, context: AccessContext) -> QuerySet[Project]:
    projects = Project.objects.filter(tenant_id__in=context.client_ids)
    if context.project_ids is not None:
        projects = projects.filter(pk__in=context.project_ids)
    return projects.select_related("tenant").order_by("tenant__name", "name")
