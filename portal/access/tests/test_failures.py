"""When the session context cannot be resolved, the portal fails closed: 503, never access."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.test import Client, override_settings

from portal.core.tests.processes import run_python

from .world import MFA_AMR, build_world, sign_in_directly

pytestmark = pytest.mark.django_db(transaction=True)

DEAD_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


def _unavailable(response: object) -> None:
    assert response.status_code == 503  # type: ignore[attr-defined]
    body = response.content.decode()  # type: ignore[attr-defined]
    assert "session validation unavailable" in body.lower()
    assert "try signing in again shortly" in body
    assert "Traceback" not in body
    assert "no-store" in response["Cache-Control"]  # type: ignore[index]


def test_an_unreachable_cache_gives_the_session_validation_page(redis_url: str) -> None:
    """Sessions and contexts in a real Redis, which then cannot be reached: fail closed."""
    live = {"default": {**DEAD_REDIS["default"], "LOCATION": redis_url}}
    with override_settings(CACHES=live, SESSION_ENGINE="portal.core.session_store"):
        world = build_world()
        client = Client()
        sign_in_directly(client, world.users["client_admin"], amr=MFA_AMR)
        assert client.get("/dashboard").status_code == 200
        with override_settings(CACHES=DEAD_REDIS):
            _unavailable(client.get("/dashboard"))
            _unavailable(client.get("/calls"))
            unavailable_login = client.post("/login", {"email": "ava.admin@acme.example"})
            assert unavailable_login.status_code == 503
            stranger = Client().post("/login", {"email": "someone@example.com"})
            assert stranger.status_code == 503
            assert "session validation unavailable" in stranger.content.decode().lower()
        assert client.get("/dashboard").status_code == 200  # recovers by itself, still signed in


DATABASE_GOES_AWAY = """
import os, django
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()
from django.core.management import call_command
from django.test import Client
call_command("migrate", verbosity=0)
from portal.access.tests.world import build_world, sign_in_directly
world = build_world()
client = Client()
sign_in_directly(client, world.users["client_admin"])
print("before", client.get("/dashboard").status_code)
from django.db import connection
connection.close()
os.chmod(os.environ["DB_DIR"], 0)  # the database file can no longer be opened
try:
    response = client.get("/dashboard")
    print("after", response.status_code, "unavailable" in response.content.decode().lower())
finally:
    os.chmod(os.environ["DB_DIR"], 0o700)
"""


def test_an_unreachable_database_gives_the_session_validation_page(tmp_path: Path) -> None:
    """The database really goes away (its file cannot be opened), in a process of its own."""
    if os.geteuid() == 0:
        # root ignores file permissions: make the directory vanish instead.
        code = DATABASE_GOES_AWAY.replace(
            'os.chmod(os.environ["DB_DIR"], 0)',
            'os.rename(os.environ["DB_DIR"], os.environ["DB_DIR"] + "-gone")',
        ).replace(
            'os.chmod(os.environ["DB_DIR"], 0o700)',
            'os.rename(os.environ["DB_DIR"] + "-gone", os.environ["DB_DIR"])',
        )
    else:
        code = DATABASE_GOES_AWAY
    db_dir = tmp_path / "db"
    db_dir.mkdir()
    result = run_python(
        code,
        env={"DATABASE_URL": f"sqlite:///{db_dir}/portal.sqlite3", "DB_DIR": str(db_dir)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["before 200", "after 503 True"]


def test_the_api_fails_closed_in_json_when_the_cache_is_gone() -> None:
    from portal.api.tests.helpers import make_key

    world = build_world()
    key = make_key(world.acme)[1]
    assert Client().get("/api/v1/projects", HTTP_X_API_KEY=key).status_code == 200
    with override_settings(CACHES=DEAD_REDIS):
        response = Client().get("/api/v1/projects", HTTP_X_API_KEY=key)
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "service_unavailable"
    assert response["Retry-After"] == "30"
    assert key not in response.content.decode()
