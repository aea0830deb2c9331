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


def api_keys_of(*, client_ids: frozenset[int] | list[int]) -> QuerySet[ApiKey]:
    return (
        ApiKey.objects.filter(tenant_id__in=client_ids)
        .select_related("created_by")
        .prefetch_related(Prefetch("projects", queryset=Project.objects.order_by("name")))
        .order_by("-created_at", "-id")
    )


def api_key_get(*, context: AccessContext, key_id: int) -> ApiKey:
    api_key = ApiKey.objects.filter(pk=key_id, tenant_id__in=context.client_ids).first()
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
