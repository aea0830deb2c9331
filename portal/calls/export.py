"""The calls list as CSV, written row by row as the database hands the rows over."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import timezone

from portal.calls.models import Call

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
CHUNK_SIZE = 2000
#: A spreadsheet reads a cell starting with one of these as a formula (OWASP, CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    """A file-like object whose ``write`` hands the line back, so csv.writer can stream."""

    def write(self, value: str) -> str:
        return value


def csv_cell(value: object) -> object:
    """``value`` for a CSV cell; text a spreadsheet would run as a formula gets a leading
    apostrophe, which spreadsheets show as text."""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def calls_csv_lines(*, calls: QuerySet[Call]) -> Iterator[str]:
    """The header, then one line per call, fetched ``CHUNK_SIZE`` rows at a time."""
    writer = csv.writer(_Echo())
    yield writer.writerow(COLUMNS)
    for row in calls.values_list(*_FIELDS).iterator(chunk_size=CHUNK_SIZE):
        yield writer.writerow([csv_cell(value) for value in row])
