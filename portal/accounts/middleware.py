from __future__ import annotations

from collections.abc import Callable

from django.contrib import auth
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from portal.accounts.sessions import session_current


class PortalSessionMiddleware:
    """Ends the browser's sign-in when its portal session has ended, idled out or expired.

    Runs after Django's authentication middleware and before LoginRequiredMiddleware, so a
    revoked or expired session is simply signed out: the browser is sent to the sign-in form
    and Django's session middleware clears the cookie. Signed-in pages are never cached.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        signed_in = request.user.is_authenticated
        if signed_in:
            row = session_current(request)
            if row is None:
                auth.logout(request)
                signed_in = False
            request.portal_session = row  # type: ignore[attr-defined]
        response = self.get_response(request)
        if signed_in or request.user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response
