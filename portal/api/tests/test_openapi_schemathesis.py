"""Property-based run of every operation in the published OpenAPI document (schemathesis):
valid and invalid inputs, every built-in check: no server error, every status and body as
documented, invalid input refused, authentication enforced."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from portal.access.tests.world import build_world

from .helpers import make_key

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _the_tests_own_connection() -> Iterator[None]:
    """Keep the test's database connection (and its transaction) across the WSGI calls, as
    Django's test client does: the handler would close it at the end of each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def key(settings: Any) -> str:
    settings.AIDIAL_API_RATE_PER_MINUTE = 1_000_000  # the run checks the API, not the limiter
    world = build_world()
    return make_key(world.acme)[1]


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI stays reproducible
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_matches_its_openapi_document(case: schemathesis.Case, key: str) -> None:
    positive = case.meta is None or case.meta.generation.mode.is_positive
    if positive and case.query:
        # A cursor is a signed token: any string the schema allows is well-formed input, yet
        # only the API's own are accepted (400 invalid_cursor, see test_api_calls). Generated
        # ones could only be refused, so valid requests leave it out; invalid ones keep it.
        case.query.pop("cursor", None)
    case.call_and_validate(headers={"X-API-Key": key})
