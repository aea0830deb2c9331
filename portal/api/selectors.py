"""API keys and webhook endpoints, only ever through the caller's client scope."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from portal.access.context import AccessContext
from portal.api.models import ApiKey, WebhookEndpoint
from portal.tenancy.models import Project, Tenant
from portal.tenancy.selectors import clients_visible


def integration_client_get(*, context: AccessContext, client_id: int) -> Tenant:
    """A client in the caller's scope, or the same 404 as a client that does not exist."""
    client = clients_visible(context=context).filter(pk=client_id).first()
    if client is None:
        raise Http404
    return client


def own_client_get(*, context: AccessContext) -> Tenant:
    """The caller's own organisation, when it is a client in scope (Settings' API keys)."""
    tenant_id = context.membership.tenant_id
    if tenant_id is None or tenant_id not in context.client_ids:
        raise Http404
    return integration_client_get(context=context, client_id=tenant_id)


def _keys_in_scope(context: AccessContext) -> QuerySet[ApiKey]:
    """The keys of the caller's clients that reach no further than the caller's projects: a
    caller limited to some projects neither sees nor revokes a key of others (or of all)."""
    keys = ApiKey.objects.filter(tenant_id__in=context.client_ids)
    if context.project_ids is None:
        return keys
    outside = Project.objects.exclude(pk__in=context.project_ids)
    return keys.exclude(projects__isnull=True).exclude(projects__in=outside)


def api_keys_of(
    *, context: AccessContext, client_ids: frozenset[int] | list[int]
) -> QuerySet[ApiKey]:
    return (
        _keys_in_scope(context)
        .filter(tenant_id__in=client_ids)
        .select_related("created_by")
        .prefetch_related(Prefetch("projects", queryset=Project.objects.order_by("name")))
        .order_by("-created_at", "-id")
    )


def api_key_get(*, context: AccessContext, key_id: int) -> ApiKey:
    """A key in the caller's scope, or the same 404 as a key that does not exist."""
    api_key = _keys_in_scope(context).filter(pk=key_id).first()
    if api_key is None:
        raise Http404
    return api_key


def webhook_endpoints_of(*, client_ids: frozenset[int] | list[int]) -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.filter(tenant_id__in=client_ids).order_by("-created_at", "-id")


def webhook_endpoint_get(*, context: AccessContext, endpoint_id: int) -> WebhookEndpoint:
    endpoint = WebhookEndpoint.objects.filter(
        pk=endpoint_id, tenant_id__in=context.client_ids
    ).first()
    if endpoint is None:
        raise Http404
    return endpoint
