"""The audit log pages, for one organisation here and for all of them in ``portal.internal``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from portal.access.request import access_context
from portal.audit.export import audit_csv_lines
from portal.audit.forms import AuditFilterForm
from portal.audit.models import AuditEvent
from portal.audit.selectors import AUDIT_KEYSET, AuditFilters, audit_events_filtered
from portal.core.csv_export import csv_response
from portal.core.keyset import BadCursor

BAD_CURSOR = (
    "That page link is not valid: it may have been changed or cut short. "
    "Start again from the newest events."
)

#: The events a caller may see that match the filters, newest first.
EventsFor = Callable[[AuditFilters], QuerySet[AuditEvent]]


@dataclass(frozen=True)
class AuditLog:
    """One surface's audit log: where it lives and whether it spans organisations."""

    heading: str
    list_url: str
    export_url: str
    export_name: str
    with_tenants: bool


TENANT_LOG = AuditLog(
    heading="Audit log",
    list_url="audit:audit_log",
    export_url="audit:audit_export",
    export_name="audit-log",
    with_tenants=False,
)


def _render(
    request: HttpRequest, log: AuditLog, page: dict[str, Any], status: int = 200
) -> HttpResponse:
    page.update(
        log=log,
        heading=log.heading,
        noun="events",
        list_url=reverse(log.list_url),
        export_url=reverse(log.export_url),
    )
    return render(request, "audit/audit_log.html", page, status=status)


def audit_log_page(
    request: HttpRequest, *, log: AuditLog, events_for: EventsFor, own_tenant_id: int | None
) -> HttpResponse:
    """The filters, one page of events and the links around it; 400 with the reason when a
    filter or the page link is not valid. ``own_tenant_id``: see ``audit_csv_lines``."""
    form = AuditFilterForm(request.GET)
    page: dict[str, Any] = {"form": form, "own_tenant_id": own_tenant_id}
    if not form.is_valid():
        return _render(request, log, page, status=400)
    try:
        cursor = AUDIT_KEYSET.cursor_from(request.GET)
    except BadCursor:
        return _render(request, log, {**page, "cursor_error": BAD_CURSOR}, status=400)
    events = AUDIT_KEYSET.page(events_for(form.filters()), cursor=cursor)
    query = form.query_string()
    page.update(
        AUDIT_KEYSET.pager(url_name=log.list_url, query=query, cursor=cursor, page=events),
        rows=events.rows,
        export_query=query,
        filtered=bool(query),
    )
    return _render(request, log, page)


def audit_log_export(
    request: HttpRequest, *, log: AuditLog, events_for: EventsFor, own_tenant_id: int | None
) -> HttpResponseBase:
    """Every event matching the filters as a streamed CSV file."""
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        return _render(request, log, {"form": form}, status=400)
    lines = audit_csv_lines(
        events=events_for(form.filters()),
        with_tenants=log.with_tenants,
        own_tenant_id=own_tenant_id,
    )
    return csv_response(lines=lines, name=log.export_name)


@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    context = access_context(request)
    return audit_log_page(
        request,
        log=TENANT_LOG,
        events_for=lambda filters: audit_events_filtered(context=context, filters=filters),
        own_tenant_id=context.membership.tenant_id,
    )


@require_GET
def audit_export(request: HttpRequest) -> HttpResponseBase:
    context = access_context(request)
    return audit_log_export(
        request,
        log=TENANT_LOG,
        events_for=lambda filters: audit_events_filtered(context=context, filters=filters),
        own_tenant_id=context.membership.tenant_id,
    )
