"""The API keys section of Settings and the Integrations page of the partner workspace.

Both show, per client, its keys (and on Integrations its webhook endpoints) with the forms to
change them for a role that may. Every query is per page, never per client or per key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portal.access.context import AccessContext
from portal.access.request import access_context
from portal.api.forms import ApiKeyForm, WebhookForm, form_problems
from portal.api.models import ApiKey, WebhookEndpoint
from portal.api.selectors import api_keys_of, webhook_endpoints_of
from portal.team.pages import Problem
from portal.tenancy.models import Project
from portal.tenancy.selectors import clients_visible, projects_visible

SETTINGS_PATH = "/settings"
INTEGRATIONS_PATH = "/partner/integrations"


@dataclass
class ClientPanel:
    client_id: int
    client_name: str
    keys: list[ApiKey] = field(default_factory=list)
    webhooks: list[WebhookEndpoint] = field(default_factory=list)
    key_form: ApiKeyForm | None = None
    webhook_form: WebhookForm | None = None

    @property
    def anchor(self) -> str:
        return f"client-{self.client_id}"

    @property
    def problems(self) -> list[Problem]:
        return form_problems(self.key_form) if self.key_form is not None else []


def key_form(
    context: AccessContext,
    projects: list[Project],
    client_id: int,
    data: Any = None,
) -> ApiKeyForm:
    return ApiKeyForm(
        data,
        projects=[project for project in projects if project.tenant_id == client_id],
        must_narrow=context.project_ids is not None,
        id_prefix=f"key-{client_id}",
    )


def settings_keys_panel(
    context: AccessContext, *, form: ApiKeyForm | None = None
) -> ClientPanel | None:
    """The client admin's own keys; ``None`` for anyone else (a partner's are on Integrations)."""
    tenant_id = context.membership.tenant_id
    if tenant_id is None or tenant_id not in context.client_ids:
        return None
    if not context.can("api_keys:manage"):
        return None
    projects = list(projects_visible(context=context))
    return ClientPanel(
        client_id=tenant_id,
        client_name=context.membership.tenant_name,
        keys=list(api_keys_of(context=context, client_ids=[tenant_id])),
        key_form=form or key_form(context, projects, tenant_id),
    )


def integrations_render(
    request: HttpRequest,
    *,
    invalid: tuple[int, ApiKeyForm | WebhookForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = access_context(request)
    can_manage = context.can("partner:manage")
    panels = {
        client.pk: ClientPanel(client_id=client.pk, client_name=client.name)
        for client in clients_visible(context=context)
    }
    for api_key in api_keys_of(context=context, client_ids=list(panels)):
        panels[api_key.tenant_id].keys.append(api_key)
    for endpoint in webhook_endpoints_of(client_ids=list(panels)):
        panels[endpoint.tenant_id].webhooks.append(endpoint)
    if can_manage and panels:
        projects = list(projects_visible(context=context))
        for panel in panels.values():
            panel.key_form = key_form(context, projects, panel.client_id)
            panel.webhook_form = WebhookForm(id_prefix=f"webhook-{panel.client_id}")
    if invalid is not None:
        client_id, form = invalid
        if isinstance(form, ApiKeyForm):
            panels[client_id].key_form = form
        else:
            panels[client_id].webhook_form = form
    data = {
        "panels": list(panels.values()),
        "can_manage": can_manage,
        "next_path": INTEGRATIONS_PATH,
        "problems": form_problems(invalid[1]) if invalid is not None else [],
    }
    return render(request, "partner/integrations.html", data, status=status)
