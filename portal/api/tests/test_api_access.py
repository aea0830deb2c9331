"""Every endpoint with every kind of key, the refusals' codes, and the browser-signal rule."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from portal.access.policy import ROUTES, Surface
from portal.access.tests.world import World, build_world, sign_in_directly
from portal.calls.models import Call

from .helpers import Keys, api, make_keys

pytestmark = pytest.mark.django_db

ENDPOINTS = ("projects", "calls", "call", "create")


@pytest.fixture
def world() -> World:
    return build_world()


@pytest.fixture
def keys(world: World) -> Keys:
    return make_keys(world)


def _request(world: World, endpoint: str, key: str | None, **extra: object) -> object:
    client = Client()
    if endpoint == "projects":
        return api(client, "get", "/api/v1/projects", key, **extra)
    if endpoint == "calls":
        return api(client, "get", "/api/v1/calls", key, **extra)
    if endpoint == "call":
        return api(client, "get", f"/api/v1/calls/{world.acme_call.pk}", key, **extra)
    body = json.dumps({"project": "bookings", "phone_number": "+61412345678"})
    return api(client, "post", "/api/v1/calls", key, body=body, **extra)


REFUSED = {
    "revoked": (401, "api_key_revoked"),
    "expired": (401, "api_key_expired"),
    "suspended": (403, "tenant_not_active"),
}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("kind", sorted(REFUSED))
def test_revoked_expired_and_suspended_keys_are_refused_everywhere(
    world: World, keys: Keys, endpoint: str, kind: str
) -> None:
    calls_before = Call.objects.count()
    response = _request(world, endpoint, getattr(keys, kind))
    status, code = REFUSED[kind]
    assert response.status_code == status  # type: ignore[attr-defined]
    assert response.json()["code"] == code  # type: ignore[attr-defined]
    assert getattr(keys, kind) not in response.content.decode()  # type: ignore[attr-defined]
    assert Call.objects.count() == calls_before


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize(
    ("presented", "code"),
    [
        (None, "missing_api_key"),
        ("", "missing_api_key"),
        ("not-a-key", "malformed_api_key"),
        ("aidial_0123456789ab_" + "x" * 42, "malformed_api_key"),
        ("aidial_0123456789ab_" + "x" * 43, "unknown_api_key"),
    ],
)
def test_missing_malformed_and_unknown_keys_are_401(
    world: World, keys: Keys, endpoint: str, presented: str | None, code: str
) -> None:
    response = _request(world, endpoint, presented)
    assert response.status_code == 401  # type: ignore[attr-defined]
    assert response.json() == {  # type: ignore[attr-defined]
        "code": code,
        "message": response.json()["message"],  # type: ignore[attr-defined]
    }
    if presented:
        assert presented not in response.content.decode()  # type: ignore[attr-defined]


def test_a_known_prefix_with_another_secret_is_unknown(world: World, keys: Keys) -> None:
    forged = keys.valid[:-1] + ("A" if keys.valid[-1] != "A" else "B")
    response = _request(world, "projects", forged)
    assert response.status_code == 401  # type: ignore[attr-defined]
    assert response.json()["code"] == "unknown_api_key"  # type: ignore[attr-defined]


def test_a_valid_key_reaches_every_endpoint(world: World, keys: Keys) -> None:
    assert [p["slug"] for p in _request(world, "projects", keys.valid).json()["items"]] == [  # type: ignore[attr-defined]
        "bookings",
        "reminders",
    ]
    listed = _request(world, "calls", keys.valid).json()["items"]  # type: ignore[attr-defined]
    assert {c["id"] for c in listed} == {world.acme_call.pk, world.acme_reminder_call.pk}
    assert _request(world, "call", keys.valid).json()["id"] == world.acme_call.pk  # type: ignore[attr-defined]
    created = _request(world, "create", keys.valid)
    assert created.status_code == 201  # type: ignore[attr-defined]
    assert "no-store" in created["Cache-Control"]  # type: ignore[index]
    call = Call.objects.get(pk=created.json()["id"])  # type: ignore[attr-defined]
    assert (call.tenant, call.project, call.status, call.direction, call.phone_number) == (
        world.acme,
        world.acme_bookings,
        "queued",
        "outbound",
        "+61412345678",
    )


def test_a_project_narrowed_key_sees_and_acts_only_in_its_projects(
    world: World, keys: Keys
) -> None:
    projects = _request(world, "projects", keys.narrowed).json()["items"]  # type: ignore[attr-defined]
    assert projects == [{"slug": "bookings", "name": "Bookings line"}]
    listed = _request(world, "calls", keys.narrowed).json()["items"]  # type: ignore[attr-defined]
    assert [c["id"] for c in listed] == [world.acme_call.pk]
    assert _request(world, "call", keys.narrowed).status_code == 200  # type: ignore[attr-defined]
    client = Client()
    outside = api(client, "get", f"/api/v1/calls/{world.acme_reminder_call.pk}", keys.narrowed)
    assert outside.status_code == 404
    assert outside.json()["code"] == "not_found"
    filtered = api(client, "get", "/api/v1/calls", keys.narrowed, params={"project": "reminders"})
    assert filtered.status_code == 404
    assert filtered.json()["code"] == "not_found"
    body = json.dumps({"project": "reminders", "phone_number": "+61412345678"})
    refused = api(client, "post", "/api/v1/calls", keys.narrowed, body=body)
    assert refused.status_code == 404
    assert refused.json()["code"] == "not_found"
    assert not Call.objects.filter(project=world.acme_reminders, status="queued").exists()
    assert _request(world, "create", keys.narrowed).status_code == 201  # type: ignore[attr-defined]


def test_another_tenants_key_sees_nothing_of_acme(world: World, keys: Keys) -> None:
    projects = _request(world, "projects", keys.other_tenant).json()["items"]  # type: ignore[attr-defined]
    assert projects == [{"slug": "sales", "name": "Globex sales"}]
    listed = _request(world, "calls", keys.other_tenant).json()["items"]  # type: ignore[attr-defined]
    assert [c["id"] for c in listed] == [world.globex_call.pk]
    detail = _request(world, "call", keys.other_tenant)
    assert detail.status_code == 404  # type: ignore[attr-defined]
    missing = api(Client(), "get", "/api/v1/calls/999999", keys.other_tenant)
    assert detail.json() == missing.json()  # type: ignore[attr-defined]
    created = _request(world, "create", keys.other_tenant)
    assert created.status_code == 404  # type: ignore[attr-defined]
    assert not Call.objects.filter(tenant=world.acme, status="queued").exists()


BROWSER_SIGNALS = {
    "origin": {"Origin": "https://crm.example.com"},
    "sec-fetch-site": {"Sec-Fetch-Site": "cross-site"},
    "sec-fetch-mode": {"Sec-Fetch-Mode": "cors"},
    "sec-fetch-dest": {"Sec-Fetch-Dest": "empty"},
}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("signal", sorted(BROWSER_SIGNALS))
def test_a_key_sent_with_browser_headers_is_refused(
    world: World, keys: Keys, endpoint: str, signal: str
) -> None:
    calls_before = Call.objects.count()
    response = _request(world, endpoint, keys.valid, headers=BROWSER_SIGNALS[signal])
    assert response.status_code == 400  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert body["code"] == "browser_request_refused"
    assert "server-side integrations" in body["message"]
    assert keys.valid not in response.content.decode()  # type: ignore[attr-defined]
    assert Call.objects.count() == calls_before


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_key_sent_with_a_portal_session_cookie_is_refused(
    world: World, keys: Keys, endpoint: str
) -> None:
    browser = Client()
    sign_in_directly(browser, world.users["client_admin"])
    path = {
        "projects": "/api/v1/projects",
        "calls": "/api/v1/calls",
        "call": f"/api/v1/calls/{world.acme_call.pk}",
    }.get(endpoint, "/api/v1/calls")
    if endpoint == "create":
        response = api(browser, "post", path, keys.valid, body="{}")
    else:
        response = api(browser, "get", path, keys.valid)
    assert response.status_code == 400
    assert response.json()["code"] == "browser_request_refused"


def test_the_api_never_authenticates_by_the_session_cookie(world: World) -> None:
    browser = Client()
    sign_in_directly(browser, world.users["client_admin"])
    for path in ("/api/v1/projects", "/api/v1/calls", f"/api/v1/calls/{world.acme_call.pk}"):
        response = browser.get(path)
        assert response.status_code == 401
        assert response.json()["code"] == "missing_api_key"
    response = browser.post(
        "/api/v1/calls",
        json.dumps({"project": "bookings", "phone_number": "+61412345678"}),
        content_type="application/json",
    )
    assert response.status_code == 401
    assert not Call.objects.filter(status="queued").exists()


@pytest.mark.parametrize("path", ["/dashboard", "/calls", "/settings"])
def test_portal_pages_never_authenticate_by_an_api_key(world: World, keys: Keys, path: str) -> None:
    response = Client().get(path, headers={"X-API-Key": keys.valid})
    assert response.status_code == 302
    assert response["Location"] == f"/login?next={path}"


def test_unknown_api_paths_and_the_root_are_json_404s(keys: Keys) -> None:
    for path in ("/api/v1/", "/api/v1/nothing", "/api/v1/calls/1/extra"):
        response = api(Client(), "get", path, keys.valid)
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


def test_the_openapi_document_is_published_without_a_key() -> None:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["components"]["securitySchemes"] == {
        "ApiKeyAuth": {"type": "apiKey", "in": "header", "name": "X-API-Key"}
    }
    assert set(document["paths"]) == {
        "/api/v1/projects",
        "/api/v1/calls",
        "/api/v1/calls/{call_id}",
    }


def test_the_api_and_only_the_api_is_declared_as_the_api_surface() -> None:
    """With every URL declared (portal/access/tests/test_policy.py), this means the session
    policy is lifted for exactly the API's routes."""
    for route in ROUTES:
        assert (route.surface is Surface.API) == route.name.startswith("api:"), route.name


def test_the_api_needs_no_csrf_token_because_no_cookie_authenticates_it(
    world: World, keys: Keys
) -> None:
    body = json.dumps({"project": "bookings", "phone_number": "+61412345678"})
    server = Client(enforce_csrf_checks=True)
    assert api(server, "post", "/api/v1/calls", keys.valid, body=body).status_code == 201
    browser = Client(enforce_csrf_checks=True)
    sign_in_directly(browser, world.users["client_admin"])
    assert browser.post("/settings/api-keys", {"name": "x"}).status_code == 403
