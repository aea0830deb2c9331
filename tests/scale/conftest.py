"""Portal servers as separate processes over one PostgreSQL database (the test run's own).

pytest-django creates the test database in the PostgreSQL of ``DATABASE_URL``; the servers
are pointed at that same database, and the tests use ``transaction=True`` so that what they
write is committed and visible to the servers.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core.cache import cache

from tests.support.local_idp import CLIENT_ID, CLIENT_SECRET, ROOT, LocalIdp, running_local_idp
from tests.support.portal_server import portal_environment
from tests.support.redis_server import RedisServer, running_redis

NEEDS_POSTGRES = (
    "needs PostgreSQL: set DATABASE_URL=postgres://… (the portal servers share one database; "
    "the test run's SQLite database is private to it)"
)
NEEDS_REDIS = (
    "needs Redis: set REDIS_URL=redis://… (the portal servers share sessions, cached access "
    "and rate limits through it)"
)
PASSWORD = "aidial-demo-2026"
#: Both instances must sign the same way (session hashes, CSRF, cursors): one secret.
SECRET_KEY = secrets.token_urlsafe(64)
#: Sign-in attempts a minute per address on the servers, low enough to reach in a test.
LOGIN_RATE = 6


def using_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


requires_postgres = pytest.mark.skipif(not using_postgres(), reason=NEEDS_POSTGRES)
requires_redis = pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason=NEEDS_REDIS)


@pytest.fixture(scope="session")
def collected_static() -> None:
    """Production serves the collected, hashed static files (whitenoise's manifest)."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=portal_environment(
            {
                "DJANGO_SETTINGS_MODULE": "config.settings.prod",
                "AIDIAL_SECRET_KEY": SECRET_KEY,
                "AIDIAL_ALLOW_HTTP": "1",
            }
        ),
        check=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def test_database_url(django_db_setup: Any, django_db_blocker: Any) -> str:
    """The URL of the test run's own PostgreSQL database."""
    from django.db import connection

    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + str(connection.settings_dict["NAME"])))


@pytest.fixture(scope="module")
def idp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalIdp]:
    with running_local_idp(tmp_path_factory.mktemp("devidp")) as provider:
        yield provider


def register(idp: LocalIdp, *portals: str) -> None:
    """The portal's client at the provider, with every instance's callback."""
    args = ["client", "register", CLIENT_ID, "--secret", CLIENT_SECRET]
    for portal in portals:
        args += ["--redirect-uri", f"{portal}/auth/callback"]
        args += ["--post-logout-redirect-uri", f"{portal}/auth/signed-out"]
    idp.cli(*args)


def server_env(
    *, port: int, database_url: str, redis_url: str, idp: LocalIdp, workers: int = 2
) -> dict[str, str]:
    return portal_environment(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.prod",
            "AIDIAL_SECRET_KEY": SECRET_KEY,
            "AIDIAL_ALLOW_HTTP": "1",
            "AIDIAL_BASE_URL": f"http://127.0.0.1:{port}",
            "AIDIAL_WORKERS": str(workers),
            "AIDIAL_OIDC_ISSUER": idp.issuer,
            "AIDIAL_OIDC_CLIENT_ID": CLIENT_ID,
            "AIDIAL_OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "AIDIAL_OIDC_TIMEOUT_SECONDS": "5",
            "AIDIAL_LOGIN_RATE_PER_MINUTE": str(LOGIN_RATE),
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
        }
    )


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A Redis server of the test's own, which it may stop and start again."""
    with running_redis(tmp_path) as server:
        yield server


def forget_sign_in_attempts() -> None:
    """The servers count sign-in attempts per address a minute, in the shared cache."""
    import time

    minute = int(time.time() // 60)
    cache.delete_many([f"ratelimit:login:127.0.0.1:{m}" for m in (minute - 1, minute, minute + 1)])
