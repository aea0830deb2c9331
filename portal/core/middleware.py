from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from portal.accounts.oidc import provider_origins


class ProviderFormActionMiddleware:
    """Lets the portal's forms lead to the identity provider (CSP ``form-action``).

    Signing in and signing out are form posts answered with a redirect to the provider, and
    browsers hold such redirects to the page's ``form-action``. The provider's origins come
    from the configured issuer and, once discovery has been read, its endpoints, so a
    provider whose authorization endpoint lives on another host works too.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            update = dict(getattr(response, "_csp_update", None) or {})
            update["form-action"] = [*update.get("form-action", []), *provider_origins()]
            response._csp_update = update  # type: ignore[attr-defined]
        return response


request_log = logging.getLogger("portal.request")


class RequestLogMiddleware:
    """One log line a request: method, path (never its query string), status and duration.

    It sits right after the request-id middleware, so the line carries the request's id.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        request_log.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return response
