from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET, require_POST

from portal.access.recent_auth import recent_auth_required
from portal.team import pages

PAGE = pages.MembersPage(
    template="team/team.html",
    path="/team",
    manage="team:manage",
    page_url="team:team",
    invite_url="team:invite",
    role_url="team:member_role",
    remove_url="team:member_remove",
)


@require_GET
def team(request: HttpRequest) -> HttpResponse:
    return pages.members_show(request, PAGE)


@require_POST
@recent_auth_required
def invite(request: HttpRequest) -> HttpResponse:
    return pages.member_invite(request, PAGE)


@require_POST
@recent_auth_required
def member_role(request: HttpRequest, membership_id: int) -> HttpResponse:
    return pages.member_change_role(request, PAGE, membership_id)


@require_POST
@recent_auth_required
def member_remove(request: HttpRequest, membership_id: int) -> HttpResponse:
    return pages.member_remove(request, PAGE, membership_id)
