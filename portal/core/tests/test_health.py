import json
from typing import Any

import pytest
from django.test import Client, override_settings

from portal.core.tests.processes import run_python

LOCAL_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def redis_cache(url: str) -> dict[str, Any]:
    return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}


def test_healthz_answers_without_touching_the_database(client: Client) -> None:
    # No database fixture: pytest-django fails any query this request would make.
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_healthz_makes_no_queries(client: Client, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(0):
        response = client.get("/healthz")

    assert response.status_code == 200


@pytest.mark.django_db
@override_settings(CACHES=LOCAL_CACHE)
def test_readyz_checks_the_database_with_one_query(
    client: Client, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1) as queries:
        response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "checks": {"database": "ok", "cache": "not configured"},
    }
    assert response["Cache-Control"] == "no-store"
    assert queries.captured_queries[0]["sql"] == "SELECT 1"


@pytest.mark.django_db
def test_readyz_round_trips_a_real_redis(client: Client, redis_url: str) -> None:
    with override_settings(CACHES=redis_cache(redis_url)):
        response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"database": "ok", "cache": "ok"}}


@pytest.mark.django_db
@override_settings(CACHES=redis_cache("redis://127.0.0.1:1/0"))
def test_readyz_is_unavailable_when_redis_is_unreachable(client: Client) -> None:
    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "cache": "error"},
    }
    assert response["Cache-Control"] == "no-store"


UNREACHABLE_DATABASE = """
import json
import django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
client = Client()
for path in ("/healthz", "/readyz"):
    response = client.get(path)
    print(json.dumps({"path": path, "status": response.status_code,
                      "body": response.content.decode(), "cache": response["Cache-Control"]}))
"""


def test_readyz_is_unavailable_when_the_database_is_unreachable() -> None:
    result = run_python(
        UNREACHABLE_DATABASE, env={"DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"}
    )

    assert result.returncode == 0, result.stderr
    healthz, readyz = (json.loads(line) for line in result.stdout.splitlines())
    assert healthz == {
        "path": "/healthz",
        "status": 200,
        "body": '{"status": "ok"}',
        "cache": "no-store",
    }
    assert readyz["status"] == 503
    assert json.loads(readyz["body"]) == {
        "status": "unavailable",
        "checks": {"database": "error", "cache": "not configured"},
    }
    assert readyz["cache"] == "no-store"


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_health_endpoints_refuse_writes(client: Client, path: str) -> None:
    assert client.post(path).status_code == 405
