"""Calls, only ever through the caller's scope (STYLE habit 4)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from portal.access.context import AccessContext
from portal.access.scope import DataScope
from portal.calls.models import Call
from portal.calls.pagination import Cursor, Direction
from portal.tenancy.models import Project, Tenant
from portal.tenancy.selectors import clients_visible, projects_visible

PAGE_SIZE = 50


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


@dataclass(frozen=True)
class CallPage:
    calls: list[Call]
    #: Where the neighbouring pages start; ``None`` when there is no such page.
    newer: Cursor | None
    older: Cursor | None


def calls_page(
    *,
    context: DataScope,
    filters: CallFilters,
    cursor: Cursor | None,
    size: int = PAGE_SIZE,
) -> CallPage:
    """One page of the filtered calls, newest first, by keyset on (``started_at``, ``id``).

    One query whatever the page: a page is found from the row it follows, never by an offset,
    so the last page costs what the first does.
    """
    calls = calls_filtered(context=context, filters=filters)
    if cursor is None:
        rows = list(calls[: size + 1])
        has_newer, has_older = False, len(rows) > size
        rows = rows[:size]
    elif cursor.direction is Direction.OLDER:
        at, pk = cursor.started_at, cursor.call_id
        rows = list(
            calls.filter(started_at__lte=at)
            .filter(Q(started_at__lt=at) | Q(pk__lt=pk))
            .order_by("-started_at", "-id")[: size + 1]
        )
        has_newer, has_older = True, len(rows) > size
        rows = rows[:size]
    else:
        at, pk = cursor.started_at, cursor.call_id
        rows = list(
            calls.filter(started_at__gte=at)
            .filter(Q(started_at__gt=at) | Q(pk__gt=pk))
            .order_by("started_at", "id")[: size + 1]
        )
        has_newer, has_older = len(rows) > size, True
        rows = rows[:size][::-1]
    if not rows:
        return CallPage(calls=[], newer=None, older=None)
    return CallPage(
        calls=rows,
        newer=Cursor.next_to(rows[0], Direction.NEWER) if has_newer else None,
        older=Cursor.next_to(rows[-1], Direction.OLDER) if has_older else None,
    )


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
