from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal.access.request import access_context
from portal.tenancy.selectors import members_of_own_tenant


@require_GET
def team(request: HttpRequest) -> HttpResponse:
    context = access_context(request)
    return render(
        request,
        "team/team.html",
        {
            "members": members_of_own_tenant(context=context),
            "can_manage": context.can("team:manage"),
        },
    )
