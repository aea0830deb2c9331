"""Keyset pagination over (a time, the id), newest first, with opaque signed cursors.

A cursor names the row a page starts after and which way it goes. It is signed, with a salt
per list, so that nobody can hand-craft one or carry one from one list to another; the
caller's scope is still applied to every page, so a cursor taken from someone else's list
shows nothing of theirs. A page is found from the row it follows, never by an offset: the
last page costs one query, as the first does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Any, Generic, TypeVar

from django.core import signing
from django.db.models import Model, Q, QuerySet
from django.http import QueryDict
from django.urls import reverse

M = TypeVar("M", bound=Model)


class BadCursor(ValueError):
    """The cursor was altered, truncated, or belongs to another list."""


class Direction(Enum):
    NEWER = "n"
    OLDER = "o"


@dataclass(frozen=True)
class Cursor:
    direction: Direction
    at: dt.datetime
    row_id: int


@dataclass(frozen=True)
class Page(Generic[M]):
    rows: list[M]
    #: Where the neighbouring pages start; ``None`` when there is no such page.
    newer: Cursor | None
    older: Cursor | None


@dataclass(frozen=True)
class Keyset:
    """How one list pages: its signing salt, its time column, its page size."""

    salt: str
    field: str
    size: int = 50

    def encode(self, cursor: Cursor) -> str:
        payload = [cursor.direction.value, cursor.at.isoformat(), cursor.row_id]
        return signing.dumps(payload, salt=self.salt, compress=False)

    def decode(self, token: str) -> Cursor:
        try:
            payload = signing.loads(token, salt=self.salt)
        except signing.BadSignature:
            raise BadCursor from None
        if not isinstance(payload, list) or len(payload) != 3:
            raise BadCursor
        direction, at, row_id = payload
        if not isinstance(at, str) or type(row_id) is not int or row_id < 1:
            raise BadCursor
        try:
            when = dt.datetime.fromisoformat(at)
            way = Direction(direction)
        except (TypeError, ValueError):
            raise BadCursor from None
        if when.tzinfo is None:
            raise BadCursor
        return Cursor(direction=way, at=when, row_id=row_id)

    def cursor_from(self, query: QueryDict) -> Cursor | None:
        """The ``cursor`` parameter of a query string, if any (``BadCursor`` when not ours)."""
        token = query.get("cursor", "")
        return self.decode(token) if token else None

    def link(self, url_name: str, query: str, cursor: Cursor | None = None) -> str:
        """The list's URL with the filters ``query`` and, when given, the page's cursor."""
        parts = [query] if query else []
        if cursor is not None:
            parts.append(f"cursor={self.encode(cursor)}")
        return reverse(url_name) + ("?" + "&".join(parts) if parts else "")

    def pager(
        self, *, url_name: str, query: str, cursor: Cursor | None, page: Page[M]
    ) -> dict[str, Any]:
        """What ``core/pager.html`` needs to draw the links around ``page``."""
        return {
            "first_page": cursor is None,
            "newest_url": self.link(url_name, query),
            "newer_url": self.link(url_name, query, page.newer) if page.newer else "",
            "older_url": self.link(url_name, query, page.older) if page.older else "",
            "page_size": self.size,
        }

    def page(self, rows: QuerySet[M], *, cursor: Cursor | None, size: int | None = None) -> Page[M]:
        """One page of ``rows`` (already filtered and scoped) in one query; ``size`` rows, or
        the list's own page size."""
        newest_first = (f"-{self.field}", "-id")
        size = size or self.size
        if cursor is None:
            found = list(rows.order_by(*newest_first)[: size + 1])
            has_newer, has_older = False, len(found) > size
            found = found[:size]
        elif cursor.direction is Direction.OLDER:
            at, pk = cursor.at, cursor.row_id
            found = list(
                rows.filter(**{f"{self.field}__lte": at})
                .filter(Q(**{f"{self.field}__lt": at}) | Q(pk__lt=pk))
                .order_by(*newest_first)[: size + 1]
            )
            has_newer, has_older = True, len(found) > size
            found = found[:size]
        else:
            at, pk = cursor.at, cursor.row_id
            found = list(
                rows.filter(**{f"{self.field}__gte": at})
                .filter(Q(**{f"{self.field}__gt": at}) | Q(pk__gt=pk))
                .order_by(self.field, "id")[: size + 1]
            )
            has_newer, has_older = len(found) > size, True
            found = found[:size][::-1]
        if not found:
            return Page(rows=[], newer=None, older=None)
        return Page(
            rows=found,
            newer=self._next_to(found[0], Direction.NEWER) if has_newer else None,
            older=self._next_to(found[-1], Direction.OLDER) if has_older else None,
        )

    def _next_to(self, row: M, direction: Direction) -> Cursor:
        return Cursor(direction=direction, at=getattr(row, self.field), row_id=row.pk)
