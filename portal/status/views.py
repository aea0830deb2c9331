from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal.status.selectors import status_overview


@require_GET
def status(request: HttpRequest) -> HttpResponse:
    return render(request, "status/status.html", {"overview": status_overview()})
