"""Lists as CSV files, streamed row by row as the database hands the rows over."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence

from django.http import StreamingHttpResponse
from django.utils import timezone

CHUNK_SIZE = 2000
#: A spreadsheet reads a cell starting with one of these as a formula (OWASP, CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    """A file-like object whose ``write`` hands the line back, so csv.writer can stream."""

    def write(self, value: str) -> str:
        return value


def csv_cell(value: object) -> object:
    """``value`` for a CSV cell: times in the current time zone, and text a spreadsheet would
    run as a formula behind a leading apostrophe, which spreadsheets show as text."""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_lines(*, header: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterator[str]:
    """The header, then one line per row, each cell made safe for a spreadsheet."""
    writer = csv.writer(_Echo())
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row])


def csv_response(*, lines: Iterator[str], name: str) -> StreamingHttpResponse:
    """A download named ``{name}-{local time}.csv`` that streams ``lines``."""
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    return response
