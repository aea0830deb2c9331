from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal.access.request import access_context
from portal.audit.selectors import audit_events_of_own_tenant


@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    events = audit_events_of_own_tenant(context=access_context(request))[:100]
    return render(request, "audit/audit_log.html", {"events": events})
