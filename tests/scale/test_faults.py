"""Redis or PostgreSQL gone while people are signed in: a real server fails closed with the
"session validation unavailable" page, and recovers by itself, without a restart, when the
service is back. Redis is a server of the test's own; PostgreSQL is reached through a TCP
proxy the test cuts and restores (the machine's own services are never stopped)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests

from portal.accounts.tests.helpers import make_user
from tests.support.browser import Browser, location
from tests.support.local_idp import LocalIdp, free_port
from tests.support.portal_server import PortalServer, start_portal
from tests.support.redis_server import RedisServer
from tests.support.sign_in import sign_in_over_http
from tests.support.tcp_proxy import TcpProxy

from .conftest import PASSWORD, register, requires_postgres, server_env

pytestmark = [requires_postgres, pytest.mark.django_db(transaction=True)]

AVA = "ava.admin@acme.example"


def assert_unavailable(response: requests.Response) -> None:
    assert response.status_code == 503
    assert "session validation unavailable" in response.text.lower()
    assert "try signing in again shortly" in response.text
    assert "Traceback" not in response.text
    assert "no-store" in response.headers["Cache-Control"]


def assert_signed_in(browser: Browser, portal: PortalServer) -> None:
    page = browser.get(f"{portal.url}/dashboard")
    assert page.status_code == 200
    assert "Welcome, Ava Admin" in page.text


def serve(
    idp: LocalIdp, tmp_path: Path, *, database_url: str, redis_url: str
) -> Iterator[PortalServer]:
    port = free_port()
    register(idp, f"http://127.0.0.1:{port}")
    env = server_env(port=port, database_url=database_url, redis_url=redis_url, idp=idp, workers=1)
    server = start_portal(port=port, env=env, log=tmp_path / "portal.log")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def redis_link(own_redis: RedisServer) -> Iterator[TcpProxy]:
    proxy = TcpProxy(("127.0.0.1", own_redis.port))
    yield proxy
    proxy.close()


@pytest.fixture
def portal_via_redis_link(
    collected_static: None,
    test_database_url: str,
    idp: LocalIdp,
    redis_link: TcpProxy,
    tmp_path: Path,
) -> Iterator[PortalServer]:
    yield from serve(
        idp,
        tmp_path,
        database_url=test_database_url,
        redis_url=f"redis://127.0.0.1:{redis_link.port}/0",
    )


@pytest.fixture
def portal_on_own_redis(
    collected_static: None,
    test_database_url: str,
    idp: LocalIdp,
    own_redis: RedisServer,
    tmp_path: Path,
) -> Iterator[PortalServer]:
    yield from serve(idp, tmp_path, database_url=test_database_url, redis_url=own_redis.url)


@pytest.fixture
def database_link() -> Iterator[TcpProxy]:
    parts = urlsplit(os.environ["DATABASE_URL"])
    proxy = TcpProxy((parts.hostname or "127.0.0.1", parts.port or 5432))
    yield proxy
    proxy.close()


@pytest.fixture
def portal_via_database_link(
    collected_static: None,
    test_database_url: str,
    idp: LocalIdp,
    own_redis: RedisServer,
    database_link: TcpProxy,
    tmp_path: Path,
) -> Iterator[PortalServer]:
    parts = urlsplit(test_database_url)
    netloc = parts.netloc.rsplit("@", 1)
    host = f"127.0.0.1:{database_link.port}"
    proxied = urlunsplit(parts._replace(netloc=f"{netloc[0]}@{host}" if len(netloc) > 1 else host))
    yield from serve(idp, tmp_path, database_url=proxied, redis_url=own_redis.url)


def signed_in(portal: PortalServer) -> Browser:
    browser = Browser()
    sign_in_over_http(browser, portal.url, AVA, PASSWORD)
    assert_signed_in(browser, portal)
    return browser


def cut_and_restored(portal: PortalServer, link: TcpProxy) -> None:
    """Signed in; the link to the service is cut, then restored; the server never restarts."""
    make_user(AVA, "Ava Admin")
    browser = signed_in(portal)
    link.cut()
    for path in ("/dashboard", "/calls", "/settings"):
        assert_unavailable(browser.get(f"{portal.url}{path}"))
    probe = Browser()  # a load balancer's health probe carries no session
    assert probe.get(f"{portal.url}/healthz").status_code == 200  # the process is up
    assert probe.get(f"{portal.url}/readyz").status_code == 503
    link.restore()
    assert_signed_in(browser, portal)  # the same session: nothing was lost or signed out
    assert probe.get(f"{portal.url}/readyz").status_code == 200


def test_redis_unreachable_fails_closed_and_recovers_without_a_restart(
    portal_via_redis_link: PortalServer, redis_link: TcpProxy
) -> None:
    cut_and_restored(portal_via_redis_link, redis_link)


def test_redis_stopped_fails_closed_and_a_restarted_redis_is_used_at_once(
    portal_on_own_redis: PortalServer, own_redis: RedisServer
) -> None:
    portal = portal_on_own_redis
    make_user(AVA, "Ava Admin")
    browser = signed_in(portal)
    own_redis.stop()
    assert_unavailable(browser.get(f"{portal.url}/dashboard"))
    own_redis.start()  # an empty Redis: the sessions it held are gone with it
    asked = browser.get(f"{portal.url}/dashboard")
    assert asked.status_code == 302
    assert location(asked) == f"{portal.url}/login?next=/dashboard"
    signed_in(portal)  # and signing in works again, on the same server process


def test_database_unreachable_fails_closed_and_recovers_without_a_restart(
    portal_via_database_link: PortalServer, database_link: TcpProxy
) -> None:
    cut_and_restored(portal_via_database_link, database_link)
