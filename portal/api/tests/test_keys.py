"""Keys are shown once, stored as a digest, audited without their secret, never logged."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from portal.access.tests.world import World, build_world
from portal.api.keys import key_prefix
from portal.api.models import ApiKey
from portal.api.services import api_key_revoke
from portal.audit.models import AuditEvent
from portal.core.logging import redact

from .helpers import api, make_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def _create(*args: str) -> str:
    out = StringIO()
    call_command("api_key_create", *args, stdout=out)
    return out.getvalue()


def test_the_command_prints_the_key_once_and_stores_only_its_digest(world: World) -> None:
    printed = _create("--tenant", "acme", "--name", "CRM sync")
    key = printed.strip()
    assert printed == key + "\n"
    prefix = key_prefix(key)
    assert prefix is not None
    row = ApiKey.objects.get()
    assert (row.tenant, row.name, row.prefix) == (world.acme, "CRM sync", prefix)
    assert row.digest == hashlib.sha256(key.encode()).hexdigest()
    assert row.expires_at is None
    assert list(row.projects.all()) == []
    stored = json.dumps(list(ApiKey.objects.values()), default=str)
    assert key not in stored
    assert key.rsplit("_", 1)[1] not in stored
    assert api(Client(), "get", "/api/v1/projects", key).status_code == 200


def test_the_command_narrows_to_projects_and_sets_an_expiry(world: World) -> None:
    key = _create(
        "--tenant", "acme", "--name", "Bookings", "--project", "bookings", "--expires-days", "30"
    ).strip()
    row = ApiKey.objects.get()
    assert list(row.projects.all()) == [world.acme_bookings]
    assert row.expires_at is not None
    assert abs(row.expires_at - (timezone.now() + dt.timedelta(days=30))) < dt.timedelta(minutes=1)
    projects = api(Client(), "get", "/api/v1/projects", key).json()["items"]
    assert [p["slug"] for p in projects] == ["bookings"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--tenant", "nope", "--name", "x"], "No tenant with the slug 'nope'."),
        (["--tenant", "acme", "--name", "x", "--project", "sales"], "acme has no project sales."),
        (["--tenant", "northwind", "--name", "x"], "API keys belong to a client organisation."),
        (["--tenant", "acme", "--name", "  "], "Give the key a name."),
        (["--tenant", "acme", "--name", "x", "--expires-days", "0"], "at least 1"),
    ],
)
def test_the_command_refuses_bad_input_and_writes_nothing(
    world: World, args: list[str], message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        _create(*args)
    assert ApiKey.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_creation_and_revocation_are_audited_without_the_key_or_its_digest(world: World) -> None:
    api_key, key = make_key(world.acme, projects=(world.acme_bookings,), name="CRM")
    assert api_key_revoke(actor=None, api_key=api_key, request=None) is True
    assert api_key_revoke(actor=None, api_key=api_key, request=None) is False
    events = list(AuditEvent.objects.order_by("pk"))
    assert [(e.action, e.outcome, e.target_tenant_id) for e in events] == [
        ("api_key_created", "succeeded", world.acme.pk),
        ("api_key_revoked", "succeeded", world.acme.pk),
    ]
    assert events[0].details == {
        "id": api_key.pk,
        "name": "CRM",
        "projects": ["bookings"],
        "expires_at": None,
    }
    trail = json.dumps(list(AuditEvent.objects.values()), default=str)
    assert key not in trail
    assert api_key.digest not in trail
    assert api_key.prefix not in trail


def test_keys_never_reach_the_logs_or_error_bodies(
    world: World, caplog: pytest.LogCaptureFixture, settings: object
) -> None:
    settings.AIDIAL_API_RATE_PER_MINUTE = 3  # type: ignore[attr-defined]
    api_key, key = make_key(world.acme)
    revoked, revoked_key = make_key(world.acme, name="Revoked")
    api_key_revoke(actor=None, api_key=revoked, request=None)
    forged = key[:-3] + "abc"
    caplog.set_level(logging.DEBUG)
    bodies = []
    client = Client()
    for presented in (key, revoked_key, forged, key + "x"):
        for path in ("/api/v1/projects", "/api/v1/calls/999999", "/api/v1/calls?cursor=x"):
            bodies.append(api(client, "get", path, presented).content.decode())
        bodies.append(api(client, "post", "/api/v1/calls", presented, body="{").content.decode())
        bodies.append(
            api(
                client, "get", "/api/v1/projects", presented, headers={"Origin": "https://x"}
            ).content.decode()
        )
    assert any('"rate_limited"' in body for body in bodies)
    for secret in (key, revoked_key, forged, api_key.digest, key.rsplit("_", 1)[1]):
        assert secret not in caplog.text
        assert not any(secret in body for body in bodies)
    assert caplog.records  # the refusals were logged (by Django), without the keys


def test_the_log_filter_redacts_anything_shaped_like_a_key() -> None:
    key = "aidial_0123456789ab_" + "S" * 43
    assert redact(f"header was {key}.") == "header was aidial_0123456789ab_[redacted]."
