"""Sensitive actions need a recent sign-in (spec section 6): ``auth_time`` within 10 minutes."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse

from portal.access.context import RECENT_AUTH
from portal.access.request import access_context
from portal.accounts.authorization import authorization_begin
from portal.accounts.redirects import safe_next


def recent_auth_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Without a recent sign-in, send the person to the provider with ``max_age`` first.

    A form post cannot be replayed after the round trip, so the person comes back to the page
    the form was on (its ``next`` field) and submits again.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        context = access_context(request)
        if context.recently_authenticated:
            return view(request, *args, **kwargs)
        return reauthenticate(request)

    return wrapper


def reauthenticate(request: HttpRequest) -> HttpResponse:
    """A sign-in at the provider no older than ``RECENT_AUTH``, back to the form's ``next``."""
    return authorization_begin(
        request,
        next_path=safe_next(request.POST.get("next")),
        login_hint=getattr(request.user, "email", ""),
        max_age=str(int(RECENT_AUTH.total_seconds())),
    )
