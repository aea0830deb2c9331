"""``/api/v1/``: the integration API, outside the portal's sign-in (see ``Surface.API``).

Its views are exempt from the session's login requirement because they never use the
session: every operation authenticates its X-API-Key itself. They are also CSRF-exempt
(django-ninja's default), which is safe only because no cookie authenticates them.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, URLResolver, include, path, re_path
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from portal.api.endpoints import api
from portal.api.errors import NOT_FOUND, error_body


@login_not_required
@csrf_exempt
def not_found(request: HttpRequest, rest: str) -> JsonResponse:
    return JsonResponse(error_body("not_found", NOT_FOUND), status=404)


def _server_side(patterns: list[URLPattern | URLResolver]) -> list[URLPattern | URLResolver]:
    """The operations and the OpenAPI document, never cached and without the session's login
    requirement; the API's root (which django-ninja answers with an HTML page) answers like
    any unknown path."""
    kept: list[URLPattern | URLResolver] = []
    for pattern in patterns:
        if isinstance(pattern, URLPattern) and pattern.name == "api-root":
            kept.append(path("", not_found, {"rest": ""}, name="api-root"))
            continue
        if isinstance(pattern, URLPattern):
            pattern.callback = never_cache(pattern.callback)
            pattern.callback.login_required = False  # type: ignore[attr-defined]
        kept.append(pattern)
    return kept


_patterns, _app, _namespace = api.urls
api_patterns = [
    *_server_side(_patterns),
    re_path(r"^(?P<rest>.*)$", not_found, name="not_found"),
]

urlpatterns = [path("api/v1/", include((api_patterns, _app), namespace=_namespace))]
