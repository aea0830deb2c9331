from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from portal.core.readiness import readiness_checks


@login_not_required
@require_safe
@cache_control(no_store=True)
def healthz(request: HttpRequest) -> JsonResponse:
    """The process is up and serving requests; nothing else is consulted."""
    return JsonResponse({"status": "ok"})


@login_not_required
@require_safe
@cache_control(no_store=True)
def readyz(request: HttpRequest) -> JsonResponse:
    """The process can do its work: its database and (when configured) its cache answer."""
    checks = readiness_checks()
    if "error" in checks.values():
        return JsonResponse({"status": "unavailable", "checks": checks}, status=503)
    return JsonResponse({"status": "ready", "checks": checks})
