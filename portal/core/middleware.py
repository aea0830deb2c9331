from __future__ import annotations

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
