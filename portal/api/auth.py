"""X-API-Key authentication: the API's only way in (spec section 8).

In order: a key sent with browser signals is refused (keys are for servers, and a browser
page must never hold one); then the key's shape, its row, its digest, revocation, expiry,
the tenant's status, and the key's rate limit. The session cookie is never consulted.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from ninja.security import APIKeyHeader

from portal.api.errors import ApiError
from portal.api.keys import key_matches, key_prefix
from portal.api.models import ApiKey
from portal.api.services import api_key_touch
from portal.core.ratelimit import rate_limit_hit

HEADER = "X-API-Key"
BROWSER_ONLY = (
    "API keys are for server-side integrations. This request carries browser signals (a "
    "portal session cookie, an Origin header or Sec-Fetch-* headers): call the API from your "
    "server, never from a web page, and keep the key out of browsers."
)


@dataclass(frozen=True)
class ApiCaller:
    """Who the key acts for: one client tenant, all or some of its projects (a ``DataScope``)."""

    api_key: ApiKey
    client_ids: frozenset[int]
    project_ids: frozenset[int] | None


def browser_signals(request: HttpRequest) -> bool:
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "Origin" in request.headers:
        return True
    return any(name.lower().startswith("sec-fetch-") for name in request.headers)


def _refuse(status: int, code: str, message: str) -> ApiError:
    return ApiError(status, code, message)


def api_key_caller(presented: str | None) -> ApiCaller:
    """The caller the presented key stands for, or the refusal to send back."""
    if not presented:
        raise _refuse(401, "missing_api_key", "Send your API key in the X-API-Key header.")
    prefix = key_prefix(presented.strip())
    if prefix is None:
        raise _refuse(401, "malformed_api_key", "The X-API-Key header is not an AiDial API key.")
    api_key = ApiKey.objects.select_related("tenant").filter(prefix=prefix).first()
    if api_key is None or not key_matches(presented.strip(), api_key.digest):
        raise _refuse(401, "unknown_api_key", "This API key is not known.")
    state = api_key.state()
    if state == ApiKey.State.REVOKED:
        raise _refuse(401, "api_key_revoked", "This API key has been revoked.")
    if state == ApiKey.State.EXPIRED:
        raise _refuse(401, "api_key_expired", "This API key has expired.")
    if not api_key.tenant.is_active:
        raise _refuse(403, "tenant_not_active", "This organisation's account is not active.")
    projects = frozenset(api_key.projects.values_list("pk", flat=True))
    return ApiCaller(
        api_key=api_key, client_ids=frozenset({api_key.tenant_id}), project_ids=projects or None
    )


class ApiKeyAuth(APIKeyHeader):
    param_name = HEADER

    def authenticate(self, request: HttpRequest, key: str | None) -> ApiCaller:
        if key is not None and browser_signals(request):
            raise _refuse(400, "browser_request_refused", BROWSER_ONLY)
        caller = api_key_caller(key)
        decision = rate_limit_hit(
            bucket=f"api:{caller.api_key.pk}", limit=settings.AIDIAL_API_RATE_PER_MINUTE
        )
        if decision.limited:
            raise ApiError(
                429,
                "rate_limited",
                "Too many requests for this API key; try again after Retry-After seconds.",
                headers={"Retry-After": str(decision.retry_after)},
            )
        api_key_touch(api_key=caller.api_key)
        return caller
