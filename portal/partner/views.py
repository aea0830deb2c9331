from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from portal.access.recent_auth import recent_auth_required
from portal.access.request import access_context
from portal.api.pages import integrations_render
from portal.team import pages
from portal.tenancy.selectors import clients_visible, projects_visible


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


@require_GET
def team(request: HttpRequest) -> HttpResponse:
    return pages.members_show(request, TEAM_PAGE)


@require_POST
@recent_auth_required
def member_invite(request: HttpRequest) -> HttpResponse:
    return pages.member_invite(request, TEAM_PAGE)


@require_POST
@recent_auth_required
def member_role(request: HttpRequest, membership_id: int) -> HttpResponse:
    return pages.member_change_role(request, TEAM_PAGE, membership_id)


@require_POST
@recent_auth_required
def member_remove(request: HttpRequest, membership_id: int) -> HttpResponse:
    return pages.member_remove(request, TEAM_PAGE, membership_id)
