"""Keyset cursors for the calls list: opaque, signed, and bound to nothing but a position.

A cursor names the row a page starts after and which way it goes. It is signed so that
nobody can hand-craft one; scope is still applied to every page, so a cursor taken from
someone else's list shows nothing of theirs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from django.core import signing

SALT = "portal.calls.cursor"


class BadCursor(ValueError):
    """The cursor was altered, truncated or is not one of ours."""


class Direction(Enum):
    NEWER = "n"
    OLDER = "o"


class _Row(Protocol):
    pk: int
    started_at: dt.datetime


@dataclass(frozen=True)
class Cursor:
    direction: Direction
    started_at: dt.datetime
    call_id: int

    @classmethod
    def next_to(cls, row: _Row, direction: Direction) -> Cursor:
        return cls(direction=direction, started_at=row.started_at, call_id=row.pk)


def cursor_encode(cursor: Cursor) -> str:
    payload = [cursor.direction.value, cursor.started_at.isoformat(), cursor.call_id]
    return signing.dumps(payload, salt=SALT, compress=False)


def cursor_decode(token: str) -> Cursor:
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        raise BadCursor from None
    if not isinstance(payload, list) or len(payload) != 3:
        raise BadCursor
    direction, started_at, call_id = payload
    if not isinstance(started_at, str) or type(call_id) is not int or call_id < 1:
        raise BadCursor
    try:
        when = dt.datetime.fromisoformat(started_at)
        way = Direction(direction)
    except (TypeError, ValueError):
        raise BadCursor from None
    if when.tzinfo is None:
        raise BadCursor
    return Cursor(direction=way, started_at=when, call_id=call_id)
