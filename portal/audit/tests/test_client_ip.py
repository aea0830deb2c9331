"""The client address recorded in the audit trail and used for sign-in rate limits."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory

from portal.audit.services import client_ip

FORWARDED = "203.0.113.9, 198.51.100.7, 10.0.0.5"


def _request(**meta: str) -> Any:
    return RequestFactory().get("/login", REMOTE_ADDR="10.0.0.1", **meta)


def test_without_trusted_proxies_the_header_is_ignored(settings: Any) -> None:
    settings.AIDIAL_TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request(HTTP_X_FORWARDED_FOR=FORWARDED)) == "10.0.0.1"


@pytest.mark.parametrize(("hops", "expected"), [(1, "10.0.0.5"), (2, "198.51.100.7")])
def test_behind_trusted_proxies_the_entry_they_added_counts(
    settings: Any, hops: int, expected: str
) -> None:
    settings.AIDIAL_TRUSTED_PROXY_COUNT = hops
    assert client_ip(_request(HTTP_X_FORWARDED_FOR=FORWARDED)) == expected


def test_a_short_or_garbled_header_falls_back_to_the_peer(settings: Any) -> None:
    settings.AIDIAL_TRUSTED_PROXY_COUNT = 2
    assert client_ip(_request(HTTP_X_FORWARDED_FOR="203.0.113.9")) == "10.0.0.1"
    settings.AIDIAL_TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request(HTTP_X_FORWARDED_FOR="203.0.113.9, not-an-ip")) == "10.0.0.1"
