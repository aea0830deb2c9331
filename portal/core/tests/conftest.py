from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.redis_server import running_redis


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """A real Redis server of the test's own, on a free local port."""
    with running_redis(tmp_path) as server:
        yield server.url
