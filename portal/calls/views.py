from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from portal.access.request import access_context
from portal.calls.export import calls_csv_lines
from portal.calls.forms import CallFilterForm
from portal.calls.pagination import BadCursor, Cursor, cursor_decode, cursor_encode
from portal.calls.selectors import (
    PAGE_SIZE,
    call_filter_options,
    call_get,
    calls_filtered,
    calls_page,
)
from portal.calls.timeline import call_timeline

BAD_CURSOR = (
    "That page link is not valid: it may have been changed or cut short. "
    "Start again from the newest calls."
)


def _link(query: str, cursor: Cursor | None = None) -> str:
    parts = [query] if query else []
    if cursor is not None:
        parts.append(f"cursor={cursor_encode(cursor)}")
    return reverse("calls:list") + ("?" + "&".join(parts) if parts else "")


def _invalid(request: HttpRequest, page: dict[str, Any]) -> HttpResponse:
    """The list with what was wrong and no calls: 400, never a guess at what was meant."""
    return render(request, "calls/list.html", page, status=400)


@require_GET
def call_list(request: HttpRequest) -> HttpResponse:
    context = access_context(request)
    form = CallFilterForm(request.GET, options=call_filter_options(context=context))
    page: dict[str, Any] = {"form": form}
    if not form.is_valid():
        return _invalid(request, page)
    cursor: Cursor | None = None
    if token := request.GET.get("cursor"):
        try:
            cursor = cursor_decode(token)
        except BadCursor:
            return _invalid(request, {**page, "cursor_error": BAD_CURSOR})
    calls = calls_page(context=context, filters=form.filters(), cursor=cursor)
    query = form.query_string()
    page.update(
        calls=calls.calls,
        first_page=cursor is None,
        newest_url=_link(query),
        newer_url=_link(query, calls.newer) if calls.newer else "",
        older_url=_link(query, calls.older) if calls.older else "",
        export_query=query,
        filtered=bool(query),
        page_size=PAGE_SIZE,
    )
    return render(request, "calls/list.html", page)


@require_GET
def call_export(request: HttpRequest) -> HttpResponseBase:
    context = access_context(request)
    form = CallFilterForm(request.GET, options=call_filter_options(context=context))
    if not form.is_valid():
        return _invalid(request, {"form": form})
    calls = calls_filtered(context=context, filters=form.filters())
    response = StreamingHttpResponse(
        calls_csv_lines(calls=calls), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="calls-{stamp}.csv"'
    return response


@require_GET
def call_detail(request: HttpRequest, call_id: int) -> HttpResponse:
    call = call_get(context=access_context(request), call_id=call_id)
    return render(request, "calls/detail.html", {"call": call, "timeline": call_timeline(call)})
