"""Server-side sessions: cookies, expiry, the session list in Settings, revocation, sign-out."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from portal.accounts.models import PortalSession
from portal.audit.models import AuditEvent

from .forge_op import ForgeOp
from .helpers import make_user, sign_in

pytestmark = pytest.mark.django_db

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0"
SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1"
)


def test_signed_in_pages_are_not_cached(client: Client, forge_op: ForgeOp) -> None:
    make_user()
    sign_in(client, forge_op)
    for path in ("/dashboard", "/settings"):
        response = client.get(path)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]


def test_the_session_cookie_is_opaque_httponly_and_lax(client: Client, forge_op: ForgeOp) -> None:
    make_user()
    response = sign_in(client, forge_op)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == settings.AIDIAL_SESSION_IDLE_SECONDS
    assert "@" not in cookie.value
    assert len(cookie.value) >= 32


def test_a_stale_cookie_gets_the_sign_in_form_and_is_cleared(client: Client) -> None:
    client.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session-0123456789abcdef"
    response = client.get("/settings")
    assert response.status_code == 302
    assert response["Location"] == "/login?next=/settings"
    cleared = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cleared.value == ""
    assert cleared["max-age"] == 0
    page = client.get("/login?next=/settings")
    assert page.status_code == 200
    assert 'name="email"' in page.content.decode()


@pytest.mark.parametrize("field", ["last_seen_at", "created_at"])
def test_idle_and_absolute_expiry_sign_the_browser_out(
    client: Client, forge_op: ForgeOp, field: str
) -> None:
    make_user()
    sign_in(client, forge_op)
    limit = (
        settings.AIDIAL_SESSION_IDLE_SECONDS
        if field == "last_seen_at"
        else settings.AIDIAL_SESSION_MAX_SECONDS
    )
    long_ago = timezone.now() - dt.timedelta(seconds=limit + 5)
    PortalSession.objects.update(
        **{field: long_ago, "last_seen_at": min(long_ago, timezone.now())}
        if field == "last_seen_at"
        else {field: long_ago}
    )
    response = client.get("/dashboard")
    assert response.status_code == 302
    assert response["Location"] == "/login?next=/dashboard"
    row = PortalSession.objects.get()
    assert row.end_reason == "expired"
    assert AuditEvent.objects.filter(action="session_expired").count() == 1


def test_a_recently_seen_session_stays(client: Client, forge_op: ForgeOp) -> None:
    make_user()
    sign_in(client, forge_op)
    almost = timezone.now() - dt.timedelta(seconds=settings.AIDIAL_SESSION_IDLE_SECONDS - 30)
    PortalSession.objects.update(last_seen_at=almost)
    assert client.get("/dashboard").status_code == 200
    assert PortalSession.objects.get().last_seen_at > almost  # refreshed


def test_settings_lists_the_active_sessions(forge_op: ForgeOp) -> None:
    make_user()
    laptop = Client(HTTP_USER_AGENT=FIREFOX, REMOTE_ADDR="203.0.113.7")
    phone = Client(HTTP_USER_AGENT=SAFARI, REMOTE_ADDR="198.51.100.9")
    sign_in(laptop, forge_op)
    sign_in(phone, forge_op)
    page = laptop.get("/settings").content.decode()
    assert "Firefox on Windows" in page
    assert "(this browser)" in page
    assert "Safari on iOS" in page
    assert "203.0.113.7" in page
    assert "198.51.100.9" in page
    assert "Sign out all other sessions" in page


@pytest.mark.parametrize(
    ("field", "age"),
    [
        ("last_seen_at", dt.timedelta(seconds=settings.AIDIAL_SESSION_IDLE_SECONDS + 60)),
        ("created_at", dt.timedelta(seconds=settings.AIDIAL_SESSION_MAX_SECONDS + 60)),
    ],
)
def test_settings_does_not_list_sessions_that_have_expired(
    forge_op: ForgeOp, field: str, age: dt.timedelta
) -> None:
    make_user()
    laptop = Client(HTTP_USER_AGENT=FIREFOX)
    phone = Client(HTTP_USER_AGENT=SAFARI)
    sign_in(laptop, forge_op)
    sign_in(phone, forge_op)
    PortalSession.objects.filter(device="Safari on iOS").update(**{field: timezone.now() - age})
    page = laptop.get("/settings").content.decode()
    assert "Firefox on Windows" in page
    assert "Safari on iOS" not in page


def test_signing_out_another_session_ends_its_access_at_its_next_request(
    forge_op: ForgeOp,
) -> None:
    make_user()
    laptop, phone = Client(HTTP_USER_AGENT=FIREFOX), Client(HTTP_USER_AGENT=SAFARI)
    sign_in(laptop, forge_op)
    sign_in(phone, forge_op)
    phone_row = PortalSession.objects.get(device="Safari on iOS")
    response = laptop.post(f"/settings/sessions/{phone_row.pk}/revoke")
    assert response.status_code == 302
    assert response["Location"] == "/settings"
    phone_row.refresh_from_db()
    assert phone_row.end_reason == "revoked"
    assert phone.get("/dashboard")["Location"] == "/login?next=/dashboard"
    assert laptop.get("/dashboard").status_code == 200
    assert AuditEvent.objects.filter(action="session_revoked").count() == 1


def test_sign_out_all_other_sessions(forge_op: ForgeOp) -> None:
    make_user()
    browsers = [Client(HTTP_USER_AGENT=FIREFOX) for _ in range(3)]
    for browser in browsers:
        sign_in(browser, forge_op)
    response = browsers[0].post("/settings/sessions/revoke-others")
    assert response.status_code == 302
    assert "Signed out 2 other sessions." in browsers[0].get("/settings").content.decode()
    assert browsers[0].get("/dashboard").status_code == 200
    for other in browsers[1:]:
        assert other.get("/dashboard").status_code == 302
    assert PortalSession.objects.filter(ended_at__isnull=True).count() == 1


def test_another_users_session_id_is_not_found(client: Client, forge_op: ForgeOp) -> None:
    make_user()
    make_user("max.manager@acme.example", name="Max")
    sign_in(client, forge_op)
    other = Client()
    sign_in(other, forge_op, sub="max-subject", email="max.manager@acme.example")
    max_row = PortalSession.objects.get(subject="max-subject")
    assert client.post(f"/settings/sessions/{max_row.pk}/revoke").status_code == 404
    assert client.post("/settings/sessions/999999/revoke").status_code == 404
    max_row.refresh_from_db()
    assert max_row.is_active


def test_sign_out_is_a_csrf_protected_post(forge_op: ForgeOp) -> None:
    make_user()
    browser = Client()
    sign_in(browser, forge_op)
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = browser.cookies
    assert strict.post("/logout").status_code == 403
    assert strict.get("/dashboard").status_code == 200  # still signed in


def test_sign_out_ends_the_session_then_logs_out_at_the_provider(
    client: Client, forge_op: ForgeOp
) -> None:
    make_user()
    sign_in(client, forge_op)
    id_token = forge_op.token_response({})[1]["id_token"] if forge_op.token_response else ""
    response = client.post("/logout")
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == f"{forge_op.issuer}/logout"
    params = {k: v[0] for k, v in parse_qs(target.query).items()}
    assert params["id_token_hint"] == id_token
    assert params["post_logout_redirect_uri"] == "http://testserver/auth/signed-out"
    assert params["client_id"] == "aidial-portal"
    row = PortalSession.objects.get()
    assert row.end_reason == "signed_out"
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="sign_out", outcome="succeeded").count() == 1

    back = client.get("/auth/signed-out")
    assert back["Location"] == "/login?signed_out=1"
    notice = client.get(back["Location"]).content.decode()
    assert "You have signed out." in notice
    assert client.get("/settings")["Location"] == "/login?next=/settings"


def test_sign_out_still_works_when_the_provider_is_down(client: Client, forge_op: Any) -> None:
    make_user()
    sign_in(client, forge_op)
    from portal.accounts import oidc

    oidc._apps.clear()
    forge_op.fail_with = 503
    response = client.post("/logout")
    assert response["Location"] == "/login?signed_out=1"
    assert PortalSession.objects.get().end_reason == "signed_out"


def test_get_logout_asks_for_confirmation(client: Client, forge_op: ForgeOp) -> None:
    make_user()
    sign_in(client, forge_op)
    page = client.get("/logout")
    assert page.status_code == 200
    assert "Sign out of AiDial?" in page.content.decode()
    assert client.get("/dashboard").status_code == 200
