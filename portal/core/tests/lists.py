"""Reading the filtered, keyset-paged lists and their CSV exports in tests."""

from __future__ import annotations

import re

from django.db import connection
from django.http import StreamingHttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext


def csv_text(response: object) -> str:
    """A streamed CSV download's whole text."""
    assert isinstance(response, StreamingHttpResponse), response
    return b"".join(response.streaming_content).decode()  # type: ignore[arg-type]


def page_link(page: str, rel: str) -> str:
    """The pager's ``rel="next"`` or ``rel="prev"`` link, ready to request."""
    found = re.search(rf'<a href="([^"]+)" rel="{rel}">', page)
    assert found, f"no {rel} link"
    return found.group(1).replace("&amp;", "&")


def queries_of(client: Client, url: str) -> int:
    """The queries one successful GET makes, a streamed body read to its end included."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200, url
        if isinstance(response, StreamingHttpResponse):
            csv_text(response)
    return len(queries)


def refused_filter(
    client: Client, *, list_url: str, export_url: str, query: str, message: str
) -> str:
    """Checks that ``query`` is refused by the list and its export alike (400, the form again
    with ``message`` in the error summary, no export link) and returns the list's page."""
    response = client.get(f"{list_url}?{query}")
    assert response.status_code == 400, query
    page = str(response.content.decode())
    assert "<title>Error: " in page
    assert "Check the filters" in page
    assert message in page
    assert f'<form method="get" action="{list_url}"' in page
    assert "Download CSV" not in page
    export = client.get(f"{export_url}?{query}")
    assert export.status_code == 400, query
    assert not isinstance(export, StreamingHttpResponse)
    assert message in export.content.decode()
    return page
