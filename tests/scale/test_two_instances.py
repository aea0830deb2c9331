"""Two portal instances, one state: whatever happens through one holds on the other at once.

Each instance is gunicorn in a process of its own (production settings) on its own port,
both on the test run's PostgreSQL database and the Redis of ``REDIS_URL``, as two hosts
behind a load balancer would be. People sign in for real, at the local identity provider.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
import requests

from portal.accounts.models import PortalSession
from portal.accounts.tests.helpers import make_user
from portal.audit.models import AuditEvent
from portal.support.models import SupportTicket
from portal.tenancy.models import Tenant
from tests.support.browser import Browser, location
from tests.support.local_idp import LocalIdp, free_port
from tests.support.portal_server import PortalServer, start_portal
from tests.support.sign_in import csrf_token, sign_in_over_http

from .conftest import (
    LOGIN_RATE,
    PASSWORD,
    forget_sign_in_attempts,
    register,
    requires_postgres,
    requires_redis,
    server_env,
)

pytestmark = [requires_postgres, requires_redis, pytest.mark.django_db(transaction=True)]

AVA = "ava.admin@acme.example"
ADA = "ada.admin@aidial.example"
ADA_TOTP = "NCWMMYLIIFACHO4S3MVFDAPAZXGRBC32"


@dataclass
class Pair:
    a: PortalServer
    b: PortalServer
    idp: LocalIdp
    database_url: str
    env: dict[str, str]


@pytest.fixture(scope="module")
def pair(
    collected_static: None,
    test_database_url: str,
    idp: LocalIdp,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Pair]:
    ports = free_port(), free_port()
    register(idp, *(f"http://127.0.0.1:{port}" for port in ports))
    logs = tmp_path_factory.mktemp("portal-logs")
    servers: list[PortalServer] = []
    try:
        for name, port in zip("ab", ports, strict=True):
            env = server_env(
                port=port,
                database_url=test_database_url,
                redis_url=os.environ["REDIS_URL"],
                idp=idp,
            )
            servers.append(start_portal(port=port, env=env, log=logs / f"{name}.log"))
        yield Pair(servers[0], servers[1], idp, test_database_url, env)
    finally:
        for server in servers:
            server.stop()


def signed_in(portal: str, email: str = AVA, totp: str = "") -> Browser:
    forget_sign_in_attempts()
    browser = Browser()
    sign_in_over_http(browser, portal, email, PASSWORD, totp_secret=totp)
    return browser


def sent_to_sign_in(response: requests.Response, path: str) -> bool:
    return response.status_code == 302 and location(response).endswith(f"/login?next={path}")


def test_a_session_started_on_one_instance_is_valid_on_the_other(pair: Pair) -> None:
    make_user(AVA, "Ava Admin")
    browser = signed_in(pair.a.url)
    for server in (pair.b, pair.a, pair.b):
        page = browser.get(f"{server.url}/dashboard")
        assert page.status_code == 200, server.url
        assert "Welcome, Ava Admin" in page.text


def test_signing_out_on_one_instance_ends_the_session_on_the_other(pair: Pair) -> None:
    make_user(AVA, "Ava Admin")
    browser = signed_in(pair.a.url)
    dashboard_on_b = browser.get(f"{pair.b.url}/dashboard")
    signed_out = browser.submit(dashboard_on_b, form_index=0)  # the sign-out form
    assert signed_out.status_code == 302
    assert signed_out.request.url == f"{pair.b.url}/logout"
    assert PortalSession.objects.get().end_reason == "signed_out"
    assert sent_to_sign_in(browser.get(f"{pair.a.url}/dashboard"), "/dashboard")


def test_revoking_a_session_on_one_instance_refuses_it_at_once_on_the_other(pair: Pair) -> None:
    make_user(AVA, "Ava Admin")
    phone = signed_in(pair.a.url)
    laptop = signed_in(pair.a.url)
    assert phone.get(f"{pair.a.url}/dashboard").status_code == 200
    phone_session = PortalSession.objects.order_by("pk").first()
    assert phone_session is not None
    token = csrf_token(laptop, f"{pair.b.url}/settings")
    revoked = laptop.post(
        f"{pair.b.url}/settings/sessions/{phone_session.pk}/revoke",
        {"csrfmiddlewaretoken": token},
    )
    assert revoked.status_code == 302
    assert sent_to_sign_in(phone.get(f"{pair.a.url}/dashboard"), "/dashboard")
    assert laptop.get(f"{pair.a.url}/dashboard").status_code == 200


def test_suspending_a_tenant_on_one_instance_shuts_its_people_out_on_the_other(
    pair: Pair,
) -> None:
    make_user(AVA, "Ava Admin")
    make_user(ADA, "Ada Admin", role="aidial_admin")
    pair.idp.cli("seed_demo")  # a fresh TOTP step counter for Ada
    ava = signed_in(pair.a.url)
    assert ava.get(f"{pair.b.url}/dashboard").status_code == 200  # B caches Ava's access
    ada = signed_in(pair.a.url, ADA, totp=ADA_TOTP)
    acme = Tenant.objects.get(slug="acme")
    detail = f"{pair.a.url}/internal/tenants/{acme.pk}"
    suspended = ada.post(
        f"{detail}/status",
        {
            "csrfmiddlewaretoken": csrf_token(ada, detail),
            "status": "suspended",
            "reason": "unpaid invoices",
        },
    )
    assert suspended.status_code == 302, suspended.text[:2000]
    assert location(suspended) == detail
    refused = ava.get(f"{pair.b.url}/dashboard")
    assert refused.status_code == 403
    assert "account is not active" in refused.text


def test_sign_in_attempts_are_counted_across_instances(pair: Pair) -> None:
    forget_sign_in_attempts()
    if 60 - time.time() % 60 < 10:  # the count is per minute: start a fresh minute
        time.sleep(60 - time.time() % 60 + 0.5)
    browser = Browser()
    statuses = []
    for n in range(LOGIN_RATE + 2):
        server = (pair.a, pair.b)[n % 2]
        form = browser.get(f"{server.url}/login")
        statuses.append(browser.submit(form, email=AVA).status_code)
    assert statuses == [302] * LOGIN_RATE + [429, 429]
    forget_sign_in_attempts()


def test_killing_an_instance_mid_request_loses_nothing(pair: Pair, tmp_path: Path) -> None:
    """An instance dies while its request is inside a transaction: the transaction is rolled
    back whole, and the surviving instance goes on serving the same sessions."""
    make_user(AVA, "Ava Admin")
    port = free_port()
    victim = start_portal(
        port=port, env={**pair.env, "AIDIAL_WORKERS": "1"}, log=tmp_path / "c.log"
    )
    try:
        phone = signed_in(pair.a.url)
        laptop = signed_in(pair.a.url)
        token = csrf_token(laptop, f"{victim.url}/settings")
        outcome: list[object] = []
        with psycopg.connect(pair.database_url) as blocker:
            # Hold the audit table: "sign out all other sessions" ends the sessions, then
            # waits to write its audit event, inside its transaction.
            blocker.execute("LOCK TABLE audit_auditevent IN SHARE MODE")
            request = threading.Thread(
                target=lambda: outcome.append(_post(laptop, victim, token)), daemon=True
            )
            request.start()
            _wait_for_blocked_insert(blocker, pair.database_url)
            victim.kill()
            blocker.rollback()
        request.join(timeout=30)
        assert outcome
        assert isinstance(outcome[0], requests.ConnectionError)
        _wait_until_no_backend_runs(pair.database_url, "revoke")
    finally:
        victim.kill()
    assert PortalSession.objects.filter(ended_at__isnull=True).count() == 2
    assert not AuditEvent.objects.filter(action="session_revoked").exists()
    assert phone.get(f"{pair.a.url}/dashboard").status_code == 200

    support = f"{pair.a.url}/support"
    stored = laptop.post(
        support,
        {
            "csrfmiddlewaretoken": csrf_token(laptop, support),
            "subject": "Calls to landlines",
            "category": SupportTicket.Category.choices[0][0],
            "message": "Our calls to landlines fail since this morning.",
        },
    )
    assert stored.status_code == 302, stored.text[:2000]
    assert SupportTicket.objects.get().subject == "Calls to landlines"


def _post(browser: Browser, server: PortalServer, token: str) -> object:
    try:
        return browser.post(
            f"{server.url}/settings/sessions/revoke-others", {"csrfmiddlewaretoken": token}
        )
    except requests.ConnectionError as error:
        return error


_WAITING = (
    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
    "AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO \"audit_auditevent\"%%'"
)


def _wait_for_blocked_insert(blocker: psycopg.Connection, database_url: str) -> None:
    deadline = time.monotonic() + 20
    with psycopg.connect(database_url, autocommit=True) as watcher:
        while time.monotonic() < deadline:
            row = watcher.execute(_WAITING).fetchone()
            if row and row[0]:
                return
            time.sleep(0.05)
    raise AssertionError("the request never reached its audit write")


def _wait_until_no_backend_runs(database_url: str, marker: str) -> None:
    """PostgreSQL ends the dead instance's backend (and its transaction) on its own."""
    deadline = time.monotonic() + 20
    with psycopg.connect(database_url, autocommit=True) as watcher:
        while time.monotonic() < deadline:
            row = watcher.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND state <> 'idle' AND pid <> pg_backend_pid() "
                "AND (query LIKE 'INSERT INTO \"audit_auditevent\"%%' "
                "OR query LIKE 'UPDATE \"accounts_portalsession\"%%')"
            ).fetchone()
            if row and not row[0]:
                return
            time.sleep(0.05)
    raise AssertionError(f"the dead instance's transaction ({marker}) is still open")


def test_each_instance_writes_json_log_lines_carrying_the_request_id(pair: Pair) -> None:
    request_id = "0f8e2a4c-6b1d-4e3f-9a7c-5d2b8e1f0a63"
    response = requests.get(
        f"{pair.b.url}/healthz?code=secret-code",
        headers={"X-Request-ID": request_id},
        timeout=10,
    )
    assert response.headers["X-Request-ID"] == request_id
    deadline = time.monotonic() + 10
    while True:
        lines = [json.loads(x) for x in pair.b.log.read_text().splitlines() if x.startswith("{")]
        mine = [line for line in lines if line.get("request_id") == request_id]
        if mine or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert mine == [
        {
            "time": mine[0]["time"],
            "message": "GET /healthz 200",
            "method": "GET",
            "path": "/healthz",
            "status": 200,
            "duration_ms": mine[0]["duration_ms"],
            "level": "INFO",
            "logger": "portal.request",
            "request_id": request_id,
        }
    ]
    assert "secret-code" not in pair.b.log.read_text()
