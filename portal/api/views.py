"""Creating and revoking API keys (Settings, Integrations) and webhook endpoints (Integrations).

The policy has already refused roles that may not manage (a 404); each view still asks for
the capability and finds every object through the caller's scope.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from portal.access.context import AccessContext
from portal.access.recent_auth import recent_auth_required
from portal.access.request import access_context
from portal.accounts.models import PortalUser
from portal.accounts.views import settings_render
from portal.api.forms import ApiKeyForm, WebhookForm
from portal.api.models import ApiKey
from portal.api.pages import INTEGRATIONS_PATH, SETTINGS_PATH, integrations_render, key_form
from portal.api.selectors import (
    api_key_get,
    integration_client_get,
    own_client_get,
    webhook_endpoint_get,
)
from portal.api.services import (
    api_key_create,
    api_key_revoke,
    webhook_endpoint_create,
    webhook_endpoint_set_active,
)
from portal.tenancy.models import Tenant
from portal.tenancy.selectors import projects_visible


def _actor(request: HttpRequest) -> PortalUser:
    if not isinstance(request.user, PortalUser):
        raise PermissionDenied
    return request.user


def _capable(request: HttpRequest, capability: str) -> AccessContext:
    context = access_context(request)
    if not context.can(capability):
        raise Http404
    return context


def _create_key(
    request: HttpRequest, context: AccessContext, client: Tenant, back: str
) -> HttpResponse | ApiKeyForm:
    """The key-shown-once page, or the form with its errors."""
    form = key_form(context, list(projects_visible(context=context)), client.pk, request.POST)
    if form.is_valid():
        try:
            created = api_key_create(
                actor=_actor(request),
                tenant=client,
                name=form.cleaned_data["name"],
                expires_at=form.expires_at(),
                projects=form.cleaned_data["projects"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            data = {"created": created, "client_name": client.name, "back": back}
            return render(request, "api/key_created.html", data)
    return form


def _revoked(request: HttpRequest, api_key: ApiKey, back: str) -> HttpResponse:
    if api_key_revoke(actor=_actor(request), api_key=api_key, request=request):
        messages.success(request, f"The key “{api_key.name}” was revoked; it no longer works.")
    else:
        messages.info(request, f"The key “{api_key.name}” was already revoked.")
    return redirect(back)


@require_POST
@recent_auth_required
def settings_key_create(request: HttpRequest) -> HttpResponse:
    context = _capable(request, "api_keys:manage")
    client = own_client_get(context=context)
    outcome = _create_key(request, context, client, f"{SETTINGS_PATH}#api-keys")
    if isinstance(outcome, ApiKeyForm):
        return settings_render(request, api_key_form=outcome, status=400)
    return outcome


@require_POST
def settings_key_revoke(request: HttpRequest, key_id: int) -> HttpResponse:
    context = _capable(request, "api_keys:manage")
    client = own_client_get(context=context)
    api_key = api_key_get(context=context, key_id=key_id)
    if api_key.tenant_id != client.pk:
        raise Http404
    return _revoked(request, api_key, f"{SETTINGS_PATH}#api-keys")


@require_POST
@recent_auth_required
def partner_key_create(request: HttpRequest, client_id: int) -> HttpResponse:
    context = _capable(request, "partner:manage")
    client = integration_client_get(context=context, client_id=client_id)
    outcome = _create_key(request, context, client, f"{INTEGRATIONS_PATH}#client-{client.pk}")
    if isinstance(outcome, ApiKeyForm):
        return integrations_render(request, invalid=(client.pk, outcome), status=400)
    return outcome


@require_POST
def partner_key_revoke(request: HttpRequest, key_id: int) -> HttpResponse:
    context = _capable(request, "partner:manage")
    api_key = api_key_get(context=context, key_id=key_id)
    return _revoked(request, api_key, f"{INTEGRATIONS_PATH}#client-{api_key.tenant_id}")


@require_POST
def partner_webhook_create(request: HttpRequest, client_id: int) -> HttpResponse:
    context = _capable(request, "partner:manage")
    client = integration_client_get(context=context, client_id=client_id)
    form = WebhookForm(request.POST, id_prefix=f"webhook-{client.pk}")
    if form.is_valid():
        try:
            webhook_endpoint_create(
                actor=_actor(request),
                tenant=client,
                url=form.cleaned_data["url"],
                description=form.cleaned_data["description"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Webhook endpoint added for {client.name}.")
            return redirect(f"{INTEGRATIONS_PATH}#client-{client.pk}")
    return integrations_render(request, invalid=(client.pk, form), status=400)


@require_POST
def partner_webhook_active(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    context = _capable(request, "partner:manage")
    endpoint = webhook_endpoint_get(context=context, endpoint_id=endpoint_id)
    wanted = request.POST.get("active")
    if wanted not in ("on", "off"):
        raise Http404
    webhook_endpoint_set_active(
        endpoint=endpoint, active=wanted == "on", actor=_actor(request), request=request
    )
    state = "turned on" if wanted == "on" else "turned off"
    # The host only: a path or query may hold the receiver's own secret, and messages travel in
    # a cookie.
    messages.success(request, f"Webhook endpoint at {urlsplit(endpoint.url).hostname} {state}.")
    return redirect(f"{INTEGRATIONS_PATH}#client-{endpoint.tenant_id}")
