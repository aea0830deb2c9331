"""Enforcement of the access policy, on every request, before any view runs (spec section 5)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from portal.access.context import AccessContext
from portal.access.policy import Surface, route_for

log = logging.getLogger(__name__)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
AFTER_MFA_KEY = "after_mfa_next"


def denied(request: HttpRequest, reason: str, status: int = 403) -> HttpResponse:
    return render(request, "access/denied.html", {"reason": reason}, status=status)


class AccessPolicyMiddleware:
    """Checks, in the spec's order: authentication (LoginRequiredMiddleware, before this),
    session context (PortalSessionMiddleware), tenant status, MFA, role permission and
    feature. Object scope is the selectors' job. A route nobody declared is a 404."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        route = route_for(match.view_name if match else None)
        if route is None:
            raise Http404
        if route.surface is Surface.PUBLIC:
            return None
        if route.surface is Surface.API:
            return None  # authenticated by X-API-Key in portal/api/auth.py, never by session
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        context: AccessContext | None = getattr(request, "access", None)
        if context is None:
            return denied(request, "session_unavailable", status=503)
        if route.name == "accounts:logout":
            return None  # anyone signed in may sign out
        if not context.recognised:
            return denied(request, "role_not_recognised")
        if not context.tenant_active:
            return denied(request, "tenant_not_active")
        if context.mfa_required and not route.mfa_exempt:
            if request.method in SAFE_METHODS:
                request.session[AFTER_MFA_KEY] = request.get_full_path()
            return HttpResponseRedirect("/settings")
        if context.is_internal and route.surface is Surface.CUSTOMER:
            return HttpResponseRedirect(route.internal_redirect)
        if route.view and not context.can(route.view):
            raise Http404
        if not context.has_feature(route.feature):
            raise Http404
        if request.method not in SAFE_METHODS and route.manage and not context.can(route.manage):
            raise Http404
        request.access_route = route  # type: ignore[attr-defined]
        return None
