"""Calls, only ever through the caller's scope (STYLE habit 4)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, QuerySet
from django.db.models.expressions import CombinedExpression
from django.http import Http404

from portal.access.context import AccessContext
from portal.access.scope import DataScope
from portal.calls.models import Call
from portal.core.keyset import Cursor, Keyset, Page
from portal.tenancy.models import Project, Tenant
from portal.tenancy.selectors import clients_visible, projects_visible

CALLS_KEYSET = Keyset(salt="portal.calls.cursor", field="started_at", size=50)


def call_minutes(field: str = "duration_seconds") -> CombinedExpression:
    """The minutes a call counts for, on the bill and on the dashboard alike: its duration
    rounded up to the whole minute (integer arithmetic in the database)."""
    return (F(field) + 59) / 60


def calls_visible(*, context: DataScope) -> QuerySet[Call]:
    calls = Call.objects.filter(tenant_id__in=context.client_ids)
    if context.project_ids is not None:
        calls = calls.filter(project_id__in=context.project_ids)
    return calls.select_related("project", "tenant")


def call_get(*, context: DataScope, call_id: int) -> Call:
    """The call, or the same 404 whether it does not exist or is out of scope."""
    call = calls_visible(context=context).filter(pk=call_id).first()
    if call is None:
        raise Http404
    return call


@dataclass(frozen=True)
class CallFilters:
    """What the calls list is narrowed to; every field empty means every call in scope."""

    client_id: int | None = None
    project_id: int | None = None
    status: str = ""
    direction: str = ""
    #: Inclusive lower and exclusive upper bound of ``started_at``.
    started_from: dt.datetime | None = None
    started_before: dt.datetime | None = None
    #: Digits with an optional leading ``+``: with it, numbers starting so; without, numbers
    #: holding these digits anywhere.
    phone: str = ""


def calls_filtered(*, context: DataScope, filters: CallFilters) -> QuerySet[Call]:
    """The calls in scope that match ``filters``; an id outside the scope matches nothing."""
    calls = calls_visible(context=context)
    if filters.client_id is not None:
        calls = calls.filter(tenant_id=filters.client_id)
    if filters.project_id is not None:
        calls = calls.filter(project_id=filters.project_id)
    if filters.status:
        calls = calls.filter(status=filters.status)
    if filters.direction:
        calls = calls.filter(direction=filters.direction)
    if filters.started_from is not None:
        calls = calls.filter(started_at__gte=filters.started_from)
    if filters.started_before is not None:
        calls = calls.filter(started_at__lt=filters.started_before)
    if filters.phone.startswith("+"):
        calls = calls.filter(phone_number__startswith=filters.phone)
    elif filters.phone:
        calls = calls.filter(phone_number__contains=filters.phone)
    return calls.order_by("-started_at", "-id")


def calls_page(
    *, context: DataScope, filters: CallFilters, cursor: Cursor | None, size: int | None = None
) -> Page[Call]:
    """One page of the filtered calls, newest first, by keyset on (``started_at``, ``id``)."""
    calls = calls_filtered(context=context, filters=filters)
    return CALLS_KEYSET.page(calls, cursor=cursor, size=size)


@dataclass(frozen=True)
class FilterOptions:
    """What the caller may narrow the calls to: the clients and projects in scope."""

    clients: list[Tenant]
    projects: list[Project]

    @property
    def several_clients(self) -> bool:
        return len(self.clients) > 1


def call_filter_options(*, context: AccessContext) -> FilterOptions:
    """The choices for the calls filters: one query, two for a caller with several clients."""
    return FilterOptions(
        clients=call_clients(context=context), projects=list(projects_visible(context=context))
    )


def call_clients(*, context: AccessContext) -> list[Tenant]:
    """The clients in scope, by name; no query for a caller with one client (nothing to pick)."""
    if len(context.client_ids) < 2:
        return []
    return list(clients_visible(context=context))
