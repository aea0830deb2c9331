"""Tenant data, only ever through the caller's scope."""

from __future__ import annotations

from django.db.models import Exists, Q, QuerySet
from django.http import Http404

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
    """The clients whose data the pages show (the active client only, when one is chosen)."""
    return Tenant.objects.filter(pk__in=context.client_ids).order_by("name")


def clients_in_scope(*, context: AccessContext) -> QuerySet[Tenant]:
    """Every client the membership reaches, whichever one is active (the client switcher)."""
    return Tenant.objects.filter(pk__in=context.client_scope).order_by("name", "pk")


def clients_not_active_in_scope(*, context: AccessContext) -> QuerySet[Tenant]:
    """A partner's suspended or closed clients that its membership would otherwise reach.

    They are out of scope for every page's data (spec section 5); the partner is only told
    that they are not active, by name and status, so a suspension does not go unexplained.
    """
    partner_id = context.membership.tenant_id
    if partner_id is None or context.membership.tenant_kind != Tenant.Kind.PARTNER:
        return Tenant.objects.none()
    chosen = Membership.clients.through.objects.filter(membership__user_id=context.user_id)
    every_client = Membership.objects.filter(user_id=context.user_id, all_clients=True)
    return (
        Tenant.objects.filter(partner_id=partner_id, kind=Tenant.Kind.CLIENT)
        .exclude(status=Tenant.Status.ACTIVE)
        .filter(Q(Exists(every_client)) | Q(pk__in=chosen.values("tenant_id")))
        .order_by("name", "pk")
    )


def client_in_scope_get(*, context: AccessContext, client_id: int) -> int:
    """The id of a client in scope, or the same 404 whether it does not exist or is not ours."""
    if client_id not in context.client_scope:
        raise Http404
    return client_id


def projects_visible(*, context: DataScope) -> QuerySet[Project]:
    projects = Project.objects.filter(tenant_id__in=context.client_ids)
    if context.project_ids is not None:
        projects = projects.filter(pk__in=context.project_ids)
    return projects.select_related("tenant").order_by("tenant__name", "name")
