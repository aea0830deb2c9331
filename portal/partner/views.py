from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal.access.request import access_context
from portal.tenancy.selectors import clients_visible, members_of_own_tenant, projects_visible


@require_GET
def clients(request: HttpRequest) -> HttpResponse:
    context = access_context(request)
    return render(request, "partner/clients.html", {"clients": clients_visible(context=context)})


@require_GET
def projects(request: HttpRequest) -> HttpResponse:
    context = access_context(request)
    return render(request, "partner/projects.html", {"projects": projects_visible(context=context)})


@require_GET
def integrations(request: HttpRequest) -> HttpResponse:
    context = access_context(request)
    return render(
        request,
        "partner/integrations.html",
        {"clients": clients_visible(context=context), "can_manage": context.can("partner:manage")},
    )


@require_GET
def team(request: HttpRequest) -> HttpResponse:
    context = access_context(request)
    return render(
        request,
        "partner/team.html",
        {
            "members": members_of_own_tenant(context=context),
            "can_manage": context.can("partner:manage"),
        },
    )
