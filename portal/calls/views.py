from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from portal.access.request import access_context
from portal.calls.export import calls_csv_lines
from portal.calls.forms import CallFilterForm
from portal.calls.selectors import (
    CALLS_KEYSET,
    call_filter_options,
    call_get,
    calls_filtered,
    calls_page,
)
from portal.calls.timeline import call_timeline
from portal.core.csv_export import csv_response
from portal.core.forms import refuse_unknown_objects
from portal.core.keyset import BadCursor

BAD_CURSOR = (
    "That page link is not valid: it may have been changed or cut short. "
    "Start again from the newest calls."
)


def _list(request: HttpRequest, page: dict[str, Any], status: int = 200) -> HttpResponse:
    page.update(
        heading="Calls",
        noun="calls",
        list_url=reverse("calls:list"),
        export_url=reverse("calls:export"),
    )
    return render(request, "calls/list.html", page, status=status)


def _invalid(request: HttpRequest, page: dict[str, Any]) -> HttpResponse:
    """The list with what was wrong and no calls: 400, never a guess at what was meant."""
    return _list(request, page, status=400)


@require_GET
def call_list(request: HttpRequest) -> HttpResponse:
    context = access_context(request)
    form = CallFilterForm(request.GET, options=call_filter_options(context=context))
    page: dict[str, Any] = {"form": form}
    if not form.is_valid():
        refuse_unknown_objects(form, "client", "project")
        return _invalid(request, page)
    try:
        cursor = CALLS_KEYSET.cursor_from(request.GET)
    except BadCursor:
        return _invalid(request, {**page, "cursor_error": BAD_CURSOR})
    calls = calls_page(context=context, filters=form.filters(), cursor=cursor)
    query = form.query_string()
    page.update(
        CALLS_KEYSET.pager(url_name="calls:list", query=query, cursor=cursor, page=calls),
        rows=calls.rows,
        export_query=query,
        filtered=bool(query),
    )
    return _list(request, page)


@require_GET
def call_export(request: HttpRequest) -> HttpResponseBase:
    context = access_context(request)
    form = CallFilterForm(request.GET, options=call_filter_options(context=context))
    if not form.is_valid():
        refuse_unknown_objects(form, "client", "project")
        return _invalid(request, {"form": form})
    calls = calls_filtered(context=context, filters=form.filters())
    return csv_response(lines=calls_csv_lines(calls=calls), name="calls")


@require_GET
def call_detail(request: HttpRequest, call_id: int) -> HttpResponse:
    call = call_get(context=access_context(request), call_id=call_id)
    return render(request, "calls/detail.html", {"call": call, "timeline": call_timeline(call)})
