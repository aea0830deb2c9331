"""The calls endpoints: filters, cursors, requesting a call, idempotency, rate limits,
``last_used_at``, and pinned query counts."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.access.tests.world import World, build_world
from portal.api.models import ApiKey, IdempotencyRecord
from portal.calls.models import Call

from .helpers import api, make_key

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.fixture
def world() -> World:
    return build_world()


@pytest.fixture
def key(world: World) -> str:
    return make_key(world.acme)[1]


def _call(world: World, **fields: object) -> Call:
    values: dict[str, object] = {
        "tenant": world.acme,
        "project": world.acme_bookings,
        "direction": "outbound",
        "status": "completed",
        "phone_number": "+61400000009",
        "started_at": NOW,
    }
    values.update(fields)
    return Call.objects.create(**values)


def _ids(response: object) -> list[int]:
    assert response.status_code == 200, response.content  # type: ignore[attr-defined]
    return [item["id"] for item in response.json()["items"]]  # type: ignore[attr-defined]


def test_the_calls_list_filters_by_project_status_direction_and_time(
    world: World, key: str
) -> None:
    Call.objects.all().delete()
    old = _call(world, started_at=NOW - dt.timedelta(days=3))
    busy = _call(world, status="busy", started_at=NOW - dt.timedelta(days=1))
    inbound = _call(world, direction="inbound", started_at=NOW - dt.timedelta(hours=2))
    reminder = _call(world, project=world.acme_reminders, started_at=NOW - dt.timedelta(hours=1))
    client = Client()

    def listed(**params: str) -> list[int]:
        return _ids(api(client, "get", "/api/v1/calls", key, params=params))

    assert listed() == [reminder.pk, inbound.pk, busy.pk, old.pk]
    assert listed(project="reminders") == [reminder.pk]
    assert listed(status="busy") == [busy.pk]
    assert listed(direction="inbound") == [inbound.pk]
    since = (NOW - dt.timedelta(days=2)).isoformat()
    before = (NOW - dt.timedelta(minutes=90)).isoformat()
    assert listed(started_from=since, started_before=before) == [inbound.pk, busy.pk]
    assert listed(status="busy", direction="inbound") == []


@pytest.mark.parametrize(
    "params",
    [
        {"status": "lost"},
        {"direction": "sideways"},
        {"started_from": "yesterday"},
        {"started_from": "2026-01-01T00:00:00"},  # no offset: ambiguous
        {"limit": "0"},
        {"limit": "101"},
        {"project": "no spaces"},
        {"stauts": "busy"},
    ],
)
def test_bad_filters_are_400_with_the_problem(key: str, params: dict[str, str]) -> None:
    response = api(Client(), "get", "/api/v1/calls", key, params=params)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_request"
    assert body["errors"][0]["loc"][-1] == next(iter(params))


def test_cursors_walk_every_call_once_newest_first(world: World, key: str) -> None:
    Call.objects.all().delete()
    calls = [_call(world, started_at=NOW - dt.timedelta(minutes=i)) for i in range(7)]
    client = Client()
    seen: list[int] = []
    params = {"limit": "3"}
    while True:
        response = api(client, "get", "/api/v1/calls", key, params=params)
        seen += _ids(response)
        cursor = response.json()["next_cursor"]
        if cursor is None:
            break
        params = {"limit": "3", "cursor": cursor}
    assert seen == [call.pk for call in calls]


def test_a_tampered_or_foreign_cursor_is_400(world: World, key: str) -> None:
    for i in range(3):
        _call(world, started_at=NOW - dt.timedelta(minutes=i))
    client = Client()
    cursor = api(client, "get", "/api/v1/calls", key, params={"limit": "1"}).json()["next_cursor"]
    payload, signature = cursor.rsplit(":", 1)
    tampered = [
        payload + "x:" + signature,
        payload + ":" + signature[:-2] + ("AA" if signature[-2:] != "AA" else "BB"),
        "W10:abc",
        "not a cursor",
    ]
    for bad in tampered:
        response = api(client, "get", "/api/v1/calls", key, params={"cursor": bad})
        assert response.status_code == 400, bad
        assert response.json() == {
            "code": "invalid_cursor",
            "message": "The cursor was altered or is not one this API gave out.",
        }


def test_a_cursor_from_another_tenants_list_shows_nothing_of_theirs(world: World) -> None:
    for i in range(3):
        _call(world, started_at=NOW - dt.timedelta(minutes=i))
    acme = make_key(world.acme)[1]
    globex = make_key(world.globex)[1]
    cursor = api(Client(), "get", "/api/v1/calls", acme, params={"limit": "1"}).json()[
        "next_cursor"
    ]
    response = api(Client(), "get", "/api/v1/calls", globex, params={"cursor": cursor})
    assert set(_ids(response)) <= {world.globex_call.pk}


def test_the_call_detail_has_the_transcript_and_a_web_recording_link_only(
    world: World, key: str
) -> None:
    call = _call(world, transcript="Hello.", recording_url="javascript:alert(1)", outcome="Booked")
    body = api(Client(), "get", f"/api/v1/calls/{call.pk}", key).json()
    assert body["transcript"] == "Hello."
    assert body["recording_url"] == ""
    assert body["outcome"] == "Booked"
    assert body["project"] == "bookings"


@pytest.mark.parametrize(
    ("payload", "where"),
    [
        ({"project": "bookings", "phone_number": "0412345678"}, "phone_number"),
        ({"project": "bookings", "phone_number": "+0412345678"}, "phone_number"),
        ({"project": "bookings", "phone_number": "+6141234567890123"}, "phone_number"),
        ({"project": "bookings"}, "phone_number"),
        ({"phone_number": "+61412345678"}, "project"),
        ({"project": "bookings", "phone_number": "+61412345678", "extra": 1}, "extra"),
        ({"project": "bookings", "phone_number": "+61412345678", "metadata": []}, "metadata"),
        (
            {"project": "bookings", "phone_number": "+61412345678", "metadata": {"a": "x" * 5000}},
            "metadata",
        ),
        (
            {"project": "bookings", "phone_number": "+61412345678", "metadata": {"a": "\x00"}},
            "metadata",
        ),
        (
            {"project": "bookings", "phone_number": "+61412345678", "metadata": {"a": 1}},
            "metadata",
        ),
        (
            {"project": "bookings", "phone_number": "+61412345678", "metadata": {"a b": "1"}},
            "metadata",
        ),
        (
            {
                "project": "bookings",
                "phone_number": "+61412345678",
                "metadata": {f"k{i}": "v" for i in range(51)},
            },
            "metadata",
        ),
    ],
)
def test_a_bad_call_request_is_400_and_queues_nothing(
    key: str, payload: dict[str, object], where: str
) -> None:
    before = Call.objects.count()
    response = api(Client(), "post", "/api/v1/calls", key, body=json.dumps(payload))
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_request"
    assert where in body["errors"][0]["loc"]
    assert Call.objects.count() == before


def test_a_body_that_is_not_json_is_400(key: str) -> None:
    response = api(Client(), "post", "/api/v1/calls", key, body="{not json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_request"


def test_a_call_request_keeps_its_metadata(world: World, key: str) -> None:
    body = {"project": "bookings", "phone_number": "+61412345678", "metadata": {"lead": "7"}}
    response = api(Client(), "post", "/api/v1/calls", key, body=json.dumps(body))
    assert response.status_code == 201
    call = Call.objects.get(pk=response.json()["id"])
    assert call.metadata == {"lead": "7"}
    assert response.json()["metadata"] == {"lead": "7"}
    assert response.json()["status"] == "queued"


def _post(key: str, body: dict[str, object], idempotency: str) -> object:
    return api(
        Client(),
        "post",
        "/api/v1/calls",
        key,
        body=json.dumps(body),
        headers={"Idempotency-Key": idempotency},
    )


def test_the_same_idempotency_key_and_body_replays_the_first_response(
    world: World, key: str
) -> None:
    body = {"project": "bookings", "phone_number": "+61412345678", "metadata": {"a": "1", "b": "2"}}
    first = _post(key, body, "order-42")
    same_reordered = {"metadata": {"b": "2", "a": "1"}, "phone_number": "+61412345678"}
    same_reordered["project"] = "bookings"
    again = _post(key, same_reordered, "order-42")
    assert first.status_code == again.status_code == 201  # type: ignore[attr-defined]
    assert first.json() == again.json()  # type: ignore[attr-defined]
    assert "Idempotent-Replayed" not in first  # type: ignore[operator]
    assert again["Idempotent-Replayed"] == "true"  # type: ignore[index]
    assert Call.objects.filter(status="queued").count() == 1
    assert IdempotencyRecord.objects.count() == 1


def test_the_same_idempotency_key_with_another_body_is_409(world: World, key: str) -> None:
    _post(key, {"project": "bookings", "phone_number": "+61412345678"}, "order-43")
    clash = _post(key, {"project": "bookings", "phone_number": "+61412345679"}, "order-43")
    assert clash.status_code == 409  # type: ignore[attr-defined]
    assert clash.json()["code"] == "idempotency_key_reused"  # type: ignore[attr-defined]
    assert Call.objects.filter(status="queued").count() == 1


def test_idempotency_keys_are_per_api_key_and_expire(world: World, key: str) -> None:
    other = make_key(world.acme, name="Second")[1]
    body = {"project": "bookings", "phone_number": "+61412345678"}
    first = _post(key, body, "shared")
    second = _post(other, body, "shared")
    assert first.json()["id"] != second.json()["id"]  # type: ignore[attr-defined]
    IdempotencyRecord.objects.update(created_at=timezone.now() - dt.timedelta(hours=25))
    third = _post(key, {"project": "bookings", "phone_number": "+61400000000"}, "shared")
    assert third.status_code == 201  # type: ignore[attr-defined]
    assert Call.objects.filter(status="queued").count() == 3


def test_without_an_idempotency_key_each_post_queues_a_call(world: World, key: str) -> None:
    body = json.dumps({"project": "bookings", "phone_number": "+61412345678"})
    for _ in range(2):
        assert api(Client(), "post", "/api/v1/calls", key, body=body).status_code == 201
    assert Call.objects.filter(status="queued").count() == 2
    assert IdempotencyRecord.objects.count() == 0


def test_a_bad_idempotency_key_is_400(key: str) -> None:
    body = {"project": "bookings", "phone_number": "+61412345678"}
    response = _post(key, body, "x" * 256)
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert response.json()["code"] == "invalid_request"  # type: ignore[attr-defined]


def test_each_key_has_its_own_rate_limit(world: World, key: str, settings: object) -> None:
    settings.AIDIAL_API_RATE_PER_MINUTE = 3  # type: ignore[attr-defined]
    other = make_key(world.acme, name="Other")[1]
    client = Client()
    for _ in range(3):
        assert api(client, "get", "/api/v1/projects", key).status_code == 200
    limited = api(client, "get", "/api/v1/projects", key)
    assert limited.status_code == 429
    assert limited.json()["code"] == "rate_limited"
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert key not in limited.content.decode()
    assert api(client, "get", "/api/v1/projects", other).status_code == 200


def test_last_used_is_written_at_most_once_a_minute(world: World) -> None:
    api_key, key = make_key(world.acme)
    assert api_key.last_used_at is None
    api(Client(), "get", "/api/v1/projects", key)
    first = ApiKey.objects.get(pk=api_key.pk).last_used_at
    assert first is not None
    with CaptureQueriesContext(connection) as queries:
        api(Client(), "get", "/api/v1/projects", key)
    assert not [q for q in queries if q["sql"].startswith("UPDATE")]
    assert ApiKey.objects.get(pk=api_key.pk).last_used_at == first
    ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=first - dt.timedelta(minutes=2))
    api(Client(), "get", "/api/v1/projects", key)
    assert ApiKey.objects.get(pk=api_key.pk).last_used_at > first  # type: ignore[operator]


#: The queries of each endpoint once the key was used this minute: the key with its tenant,
#: the key's projects, then the endpoint's own.
QUERIES = {
    "projects": 3,
    "calls": 3,
    "calls?project": 4,
    "call": 3,
    "create": 6,  # + the project, and the call's insert inside a savepoint
    "create idempotent": 8,  # + the record's lookup and insert
    "replay": 3,  # + the record's lookup
}


def _counts(world: World, key: str, serial: int) -> dict[str, int]:
    body = {"project": "bookings", "phone_number": "+61412345678"}
    requests = {
        "projects": lambda: api(Client(), "get", "/api/v1/projects", key),
        "calls": lambda: api(Client(), "get", "/api/v1/calls", key),
        "calls?project": lambda: api(
            Client(), "get", "/api/v1/calls", key, params={"project": "bookings"}
        ),
        "call": lambda: api(Client(), "get", f"/api/v1/calls/{world.acme_call.pk}", key),
        "create": lambda: api(Client(), "post", "/api/v1/calls", key, body=json.dumps(body)),
        "create idempotent": lambda: _post(key, body, f"k{serial}"),
        "replay": lambda: _post(key, body, f"k{serial}"),
    }
    counts = {}
    for name, request in requests.items():
        with CaptureQueriesContext(connection) as queries:
            response = request()
        assert response.status_code in (200, 201), (name, response.content)  # type: ignore[attr-defined]
        counts[name] = len(queries)
    return counts


def test_each_endpoint_makes_a_pinned_number_of_queries_whatever_the_data_size(
    world: World,
) -> None:
    key = make_key(world.acme, projects=(world.acme_bookings, world.acme_reminders))[1]
    api(Client(), "get", "/api/v1/projects", key)  # last_used_at is written once a minute
    small = _counts(world, key, 1)
    Call.objects.bulk_create(_call_row(world, i) for i in range(300))
    large = _counts(world, key, 2)
    assert small == large
    assert small == QUERIES


def _call_row(world: World, i: int) -> Call:
    return Call(
        tenant=world.acme,
        project=world.acme_bookings if i % 2 else world.acme_reminders,
        direction="outbound",
        status="completed",
        phone_number=f"+614000{i:05d}",
        started_at=NOW - dt.timedelta(minutes=i),
    )
