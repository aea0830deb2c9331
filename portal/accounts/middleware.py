from __future__ import annotations

import logging
from collections.abc import Callable

from django.contrib import auth
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from redis.exceptions import RedisError

from portal.access.context import ACTIVE_CLIENT_KEY, chosen_client, context_for
from portal.accounts.sessions import session_current

log = logging.getLogger(__name__)

API_PREFIX = "/api/"
SERVICE_UNAVAILABLE = "The service cannot reach its database or cache just now; try again shortly."

#: What a session store, the database or the cache raise when they cannot answer.
UNAVAILABLE = (DatabaseError, RedisError, ConnectionError, TimeoutError)


def unavailable(request: HttpRequest, error: BaseException) -> HttpResponse:
    log.error("session validation unavailable: %s", type(error).__name__)
    # Django's session middleware reads the session again on the way out: give it an empty
    # one to read, so the failure is not raised a second time. The stored session is neither
    # saved nor deleted (a 5xx is never saved), and works again once the store does.
    request.session._session_cache = {}  # type: ignore[attr-defined]
    if request.path.startswith(API_PREFIX):
        # The integration API answers its callers in JSON with a stable code, as always.
        body = {"code": "service_unavailable", "message": SERVICE_UNAVAILABLE}
        response: HttpResponse = JsonResponse(body, status=503, headers={"Retry-After": "30"})
    else:
        context = {"reason": "session_unavailable"}
        response = render(request, "access/denied.html", context, status=503)
    patch_cache_control(response, no_store=True)
    return response


class PortalSessionMiddleware:
    """Resolves the browser's session into its access context, once, before any view.

    A session that has ended, idled out or expired is signed out (Django's session middleware
    then clears the cookie, and the policy sends the browser to the sign-in form). When the
    session store, the database or the cache cannot answer, the request fails closed with the
    "session validation unavailable" page: never an error page, never access.
    Signed-in pages are never cached.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """A view that finds the database or cache gone fails closed the same way."""
        if isinstance(exception, UNAVAILABLE):
            return unavailable(request, exception)
        return None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            # The session row first: it brings the user with it (one query for both).
            row = session_current(request)
            signed_in = request.user.is_authenticated
            if signed_in:
                if row is None:
                    auth.logout(request)
                    signed_in = False
                else:
                    request.portal_session = row  # type: ignore[attr-defined]
                    request.access = context_for(  # type: ignore[attr-defined]
                        row, chosen_client_id=chosen_client(request.session.get(ACTIVE_CLIENT_KEY))
                    )
        except UNAVAILABLE as error:
            return unavailable(request, error)
        response = self.get_response(request)
        if signed_in or request.user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response
