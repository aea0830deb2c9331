from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal.access.request import access_context
from portal.calls.selectors import call_get, calls_visible

PAGE_SIZE = 50


@require_GET
def call_list(request: HttpRequest) -> HttpResponse:
    context = access_context(request)
    calls = list(calls_visible(context=context)[:PAGE_SIZE])
    return render(request, "calls/list.html", {"calls": calls})


@require_GET
def call_detail(request: HttpRequest, call_id: int) -> HttpResponse:
    call = call_get(context=access_context(request), call_id=call_id)
    return render(request, "calls/detail.html", {"call": call})
