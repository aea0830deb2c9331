"""The members pages: an organisation's admin invites, re-roles and removes its members.

Team (a client's members) and Partner Team (a partner's members) are the same page over a
different capability and different URLs; each declares a ``MembersPage`` and its views call
these handlers. Every handler works on the caller's own tenant only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from portal.access.context import AccessContext
from portal.access.recent_auth import recent_auth_required
from portal.access.request import access_context
from portal.access.roles import ROLE_LABELS
from portal.accounts.models import PortalUser
from portal.team.forms import InviteForm, RoleForm, role_choices
from portal.team.selectors import membership_get, own_tenant_get
from portal.tenancy.models import Membership
from portal.tenancy.selectors import members_of_own_tenant
from portal.tenancy.services import (
    membership_change_role,
    membership_invite,
    membership_remove,
    membership_roles,
)


@dataclass(frozen=True)
class MembersPage:
    template: str
    #: The page's path: where the forms' ``next`` sends the person after a fresh sign-in.
    path: str
    #: Capability that allows changes (the policy refuses other roles' posts before this).
    manage: str
    #: URL pattern names: the page, and the three actions.
    page_url: str
    invite_url: str
    role_url: str
    remove_url: str


@dataclass(frozen=True)
class MemberRow:
    pk: int
    name: str
    email: str
    role: str
    role_label: str
    #: The role is one the page's role list offers (not an unrecognised one).
    role_offered: bool
    joined: dt.datetime
    is_self: bool
    error: str = ""


@dataclass(frozen=True)
class Problem:
    message: str
    #: The id of the control the message is about, for the error summary's link.
    anchor: str = ""


def _display_name(membership: Membership) -> str:
    return membership.user.name or membership.user.email


def _role_label(role: str) -> str:
    return ROLE_LABELS.get(role, f"Unrecognised role ({role})")


def _roles(context: AccessContext) -> tuple[str, ...]:
    return membership_roles(kind=context.membership.tenant_kind)


def _manager(request: HttpRequest, page: MembersPage) -> AccessContext:
    context = access_context(request)
    if not context.can(page.manage):
        raise Http404
    return context


def _actor(request: HttpRequest) -> PortalUser:
    if not isinstance(request.user, PortalUser):
        raise PermissionDenied
    return request.user


def _render(
    request: HttpRequest,
    page: MembersPage,
    context: AccessContext,
    *,
    invite_form: InviteForm | None = None,
    member_problem: tuple[int, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    roles = _roles(context)
    can_manage = context.can(page.manage)
    problems: list[Problem] = []
    rows = []
    for membership in members_of_own_tenant(context=context):
        error = ""
        if member_problem is not None and member_problem[0] == membership.pk:
            error = member_problem[1]
        rows.append(
            MemberRow(
                pk=membership.pk,
                name=_display_name(membership),
                email=membership.user.email,
                role=membership.role,
                role_label=_role_label(membership.role),
                role_offered=membership.role in roles,
                joined=membership.created_at,
                is_self=membership.user_id == context.user_id,
                error=error,
            )
        )
    if member_problem is not None:
        anchor = f"member-{member_problem[0]}-role"
        shown = any(row.error for row in rows)
        problems.append(Problem(member_problem[1], anchor if shown else ""))
    if invite_form is None:
        invite_form = InviteForm(roles=roles)
    else:
        for name, errors in invite_form.errors.items():
            anchor = f"invite-{name}" if name in invite_form.fields else ""
            problems.extend(Problem(str(message), anchor) for message in errors)
    data: dict[str, Any] = {
        "page": page,
        "rows": rows,
        "can_manage": can_manage,
        "roles": role_choices(roles),
        "tenant_name": context.membership.tenant_name,
        "invite_form": invite_form if can_manage else None,
        "problems": problems,
    }
    return render(request, page.template, data, status=status)


def members_show(request: HttpRequest, page: MembersPage) -> HttpResponse:
    return _render(request, page, access_context(request))


def member_invite(request: HttpRequest, page: MembersPage) -> HttpResponse:
    context = _manager(request, page)
    form = InviteForm(request.POST, roles=_roles(context))
    if form.is_valid():
        try:
            membership_invite(
                actor=_actor(request),
                tenant=own_tenant_get(context=context),
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                role=form.cleaned_data["role"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"{form.cleaned_data['email']} was added as "
                f"{_role_label(form.cleaned_data['role'])}. No email is sent: ask them to sign "
                "in to the portal with this address.",
            )
            return redirect(page.page_url)
    return _render(request, page, context, invite_form=form, status=400)


def member_change_role(request: HttpRequest, page: MembersPage, membership_id: int) -> HttpResponse:
    context = _manager(request, page)
    membership = membership_get(context=context, membership_id=membership_id)
    form = RoleForm(request.POST, roles=_roles(context))
    if form.is_valid():
        role = form.cleaned_data["role"]
        previous = membership.role
        try:
            membership_change_role(
                actor=_actor(request), membership=membership, role=role, request=request
            )
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            name = _display_name(membership)
            if previous == role:
                messages.info(request, f"{name} already has the role {_role_label(role)}.")
            else:
                messages.success(request, f"{name} is now {_role_label(role)}.")
            return redirect(page.page_url)
    else:
        problem = " ".join(str(message) for message in form.errors.get("role", []))
    return _render(request, page, context, member_problem=(membership.pk, problem), status=400)


def member_remove(request: HttpRequest, page: MembersPage, membership_id: int) -> HttpResponse:
    context = _manager(request, page)
    membership = membership_get(context=context, membership_id=membership_id)
    try:
        membership_remove(actor=_actor(request), membership=membership, request=request)
    except ValidationError as error:
        problem = (membership.pk, " ".join(error.messages))
        return _render(request, page, context, member_problem=problem, status=400)
    messages.success(
        request,
        f"{_display_name(membership)} was removed from {context.membership.tenant_name} and "
        "signed out of the portal.",
    )
    return redirect(page.page_url)


@dataclass(frozen=True)
class MembersViews:
    show: Callable[[HttpRequest], HttpResponse]
    invite: Callable[[HttpRequest], HttpResponse]
    change_role: Callable[[HttpRequest, int], HttpResponse]
    remove: Callable[[HttpRequest, int], HttpResponse]


def members_views(page: MembersPage) -> MembersViews:
    """The page's views: showing it is a GET; every change is a POST after a recent sign-in."""

    @require_GET
    def show(request: HttpRequest) -> HttpResponse:
        return members_show(request, page)

    @require_POST
    @recent_auth_required
    def invite(request: HttpRequest) -> HttpResponse:
        return member_invite(request, page)

    @require_POST
    @recent_auth_required
    def change_role(request: HttpRequest, membership_id: int) -> HttpResponse:
        return member_change_role(request, page, membership_id)

    @require_POST
    @recent_auth_required
    def remove(request: HttpRequest, membership_id: int) -> HttpResponse:
        return member_remove(request, page, membership_id)

    return MembersViews(show=show, invite=invite, change_role=change_role, remove=remove)
