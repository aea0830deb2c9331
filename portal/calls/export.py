"""The calls list as CSV, written row by row as the database hands the rows over."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet

from portal.calls.models import Call
from portal.core.csv_export import CHUNK_SIZE, csv_lines

COLUMNS = (
    "id",
    "started_at",
    "client",
    "project",
    "direction",
    "status",
    "phone_number",
    "duration_seconds",
    "outcome",
)
_FIELDS = (
    "id",
    "started_at",
    "tenant__name",
    "project__name",
    "direction",
    "status",
    "phone_number",
    "duration_seconds",
    "outcome",
)


def calls_csv_lines(*, calls: QuerySet[Call]) -> Iterator[str]:
    """The header, then one line per call, fetched ``CHUNK_SIZE`` rows at a time."""
    return csv_lines(
        header=COLUMNS, rows=calls.values_list(*_FIELDS).iterator(chunk_size=CHUNK_SIZE)
    )
