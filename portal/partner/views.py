from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from portal.access.context import ACTIVE_CLIENT_KEY
from portal.access.request import access_context
from portal.api.pages import integrations_render
from portal.billing.selectors import billing_period_current
from portal.partner.forms import ActiveClientForm
from portal.partner.selectors import client_rows, project_rows
from portal.team import pages
from portal.tenancy.selectors import (
    client_in_scope_get,
    clients_not_active_in_scope,
)


def _clients_page(request: HttpRequest, *, form: ActiveClientForm, status: int) -> HttpResponse:
    context = access_context(request)
    period = billing_period_current()
    return render(
        request,
        "partner/clients.html",
        {
            "rows": client_rows(context=context, period=period),
            "inactive": clients_not_active_in_scope(context=context),
            "period": period,
            "active_client_id": context.active_client_id,
            "form": form,
        },
        status=status,
    )


@require_GET
def clients(request: HttpRequest) -> HttpResponse:
    return _clients_page(request, form=ActiveClientForm(), status=200)


@require_POST
def client_switch(request: HttpRequest) -> HttpResponse:
    """Choose the client the customer pages show, or all of them; kept in this session only."""
    context = access_context(request)
    form = ActiveClientForm(request.POST)
    if not form.is_valid():
        return _clients_page(request, form=form, status=400)
    client_id = form.cleaned_data["client"]
    if client_id is None:
        request.session.pop(ACTIVE_CLIENT_KEY, None)
        messages.success(request, "Showing all your clients.")
    else:
        request.session[ACTIVE_CLIENT_KEY] = client_in_scope_get(
            context=context, client_id=client_id
        )
        name = dict(context.membership.client_names)[client_id]
        messages.success(request, f"Showing {name} only.")
    return redirect("partner:clients")


@require_GET
def projects(request: HttpRequest) -> HttpResponse:
    context = access_context(request)
    period = billing_period_current()
    return render(
        request,
        "partner/projects.html",
        {"projects": project_rows(context=context, period=period), "period": period},
    )


@require_GET
def integrations(request: HttpRequest) -> HttpResponse:
    return integrations_render(request)


TEAM_PAGE = pages.MembersPage(
    template="partner/team.html",
    path="/partner/team",
    manage="partner:manage",
    page_url="partner:team",
    invite_url="partner:member_invite",
    role_url="partner:member_role",
    remove_url="partner:member_remove",
)


TEAM_VIEWS = pages.members_views(TEAM_PAGE)
