"""Sign-in through a provider the tests control (spec section 3)."""

from __future__ import annotations

import time
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client

from portal.accounts.models import OidcIdentity, PortalSession
from portal.audit.models import AuditEvent
from portal.core import ratelimit
from portal.tenancy.models import Tenant

from .forge_op import ForgeOp
from .helpers import AVA, begin, callback, make_user, query, sign_in

pytestmark = pytest.mark.django_db


def test_the_authorization_request_is_code_flow_with_pkce_state_nonce_and_hint(
    client: Client, forge_op: ForgeOp
) -> None:
    auth = begin(client, forge_op, email="Ava.Admin@Acme.example", next="/settings")
    assert auth["response_type"] == "code"
    assert auth["client_id"] == "aidial-portal"
    assert auth["redirect_uri"] == "http://testserver/auth/callback"
    assert set(auth["scope"].split()) == {"openid", "email", "profile"}
    assert auth["code_challenge_method"] == "S256"
    assert len(auth["code_challenge"]) == 43
    assert len(auth["state"]) >= 32
    assert len(auth["nonce"]) >= 32
    assert auth["login_hint"] == "ava.admin@acme.example"
    assert "next" not in auth
    assert "/settings" not in str(auth)


def test_each_sign_in_attempt_gets_fresh_state_and_nonce(client: Client, forge_op: ForgeOp) -> None:
    first = begin(client, forge_op)
    second = begin(client, forge_op)
    assert first["state"] != second["state"]
    assert first["nonce"] != second["nonce"]
    assert first["code_challenge"] != second["code_challenge"]


def test_an_invalid_email_re_renders_the_form(client: Client, forge_op: ForgeOp) -> None:
    response = client.post("/login", {"email": "not-an-email"})
    assert response.status_code == 400
    assert "Location" not in response
    assert "Enter a valid email address." in response.content.decode()
    assert forge_op.hits == {}


def test_a_successful_sign_in_lands_on_the_dashboard(client: Client, forge_op: ForgeOp) -> None:
    user = make_user()
    auth = begin(client, forge_op)
    pre_login_key = client.session.session_key
    forge_op.issue(forge_op.sign(forge_op.claims(auth["nonce"])))
    response = callback(client, forge_op, auth)

    assert response.status_code == 302
    assert response["Location"] == "/dashboard"
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.session.session_key != pre_login_key  # no fixation
    assert forge_op.hits["/token"] == 1
    (form,) = forge_op.token_forms
    assert form["grant_type"] == "authorization_code"
    assert form["code"] == "code-1"
    assert form["redirect_uri"] == "http://testserver/auth/callback"
    assert len(form["code_verifier"]) >= 43
    identity = OidcIdentity.objects.get()
    assert (identity.user, identity.issuer, identity.subject) == (
        user,
        forge_op.issuer,
        "forged-subject-1",
    )
    row = PortalSession.objects.get()
    assert row.user == user
    assert row.amr == ["pwd"]
    event = AuditEvent.objects.get(action="sign_in")
    assert (event.outcome, event.actor) == ("succeeded", user)
    assert client.get("/dashboard").status_code == 200


def test_the_page_first_asked_for_is_where_sign_in_ends(client: Client, forge_op: ForgeOp) -> None:
    make_user()
    asked = client.get("/settings?tab=sessions")
    assert asked.status_code == 302
    assert asked["Location"] == "/login?next=/settings%3Ftab%3Dsessions"
    page = client.get(asked["Location"])
    assert 'name="next" value="/settings?tab=sessions"' in page.content.decode()
    auth = begin(client, forge_op, next="/settings?tab=sessions")
    forge_op.issue(forge_op.sign(forge_op.claims(auth["nonce"])))
    assert callback(client, forge_op, auth)["Location"] == "/settings?tab=sessions"


@pytest.mark.parametrize(
    "evil",
    [
        "//evil.example",
        "/\\evil.example",
        "https://evil.example",
        "%2F%2Fevil.example",
        "/%09/evil.example",
        "javascript:alert(1)",
        "/%2F%2Fevil.example",
        "\\\\evil.example",
        "/\tevil",
    ],
)
def test_a_next_that_leaves_the_origin_becomes_the_landing_page(
    client: Client, forge_op: ForgeOp, evil: str
) -> None:
    make_user()
    auth = begin(client, forge_op, next=evil)
    forge_op.issue(forge_op.sign(forge_op.claims(auth["nonce"])))
    assert callback(client, forge_op, auth)["Location"] == "/dashboard"


def _refused(client: Client, response: Any, reason: str, message: str) -> None:
    assert response.status_code == 302
    assert response["Location"] == "/login"
    assert "_auth_user_id" not in client.session
    assert not PortalSession.objects.exists()
    event = AuditEvent.objects.filter(action="sign_in").latest("id")
    assert (event.outcome, event.reason) == ("failed", reason)
    page = client.get("/login")
    assert message in page.content.decode()


def test_a_callback_without_state_is_refused(client: Client, forge_op: ForgeOp) -> None:
    make_user()
    begin(client, forge_op)
    response = client.get("/auth/callback", {"code": "x", "iss": forge_op.issuer})
    _refused(client, response, "state_missing", "Your sign-in expired")
    assert "/token" not in forge_op.hits


def test_a_callback_with_another_state_is_refused(client: Client, forge_op: ForgeOp) -> None:
    make_user()
    auth = begin(client, forge_op)
    response = callback(client, forge_op, {**auth, "state": auth["state"] + "x"})
    _refused(client, response, "state_mismatch", "Your sign-in expired")


def test_a_state_from_another_browser_is_refused(client: Client, forge_op: ForgeOp) -> None:
    make_user()
    auth = begin(Client(), forge_op)  # started elsewhere
    forge_op.issue(forge_op.sign(forge_op.claims(auth["nonce"])))
    _refused(client, callback(client, forge_op, auth), "state_mismatch", "Your sign-in expired")


def test_a_replayed_callback_is_refused(client: Client, forge_op: ForgeOp) -> None:
    make_user()
    auth = begin(client, forge_op)
    forge_op.issue(forge_op.sign(forge_op.claims(auth["nonce"])))
    assert callback(client, forge_op, auth)["Location"] == "/dashboard"
    other = Client()
    other.cookies = client.cookies
    client.post("/logout")
    replay = callback(client, forge_op, auth)
    assert replay["Location"] == "/login"
    assert AuditEvent.objects.filter(reason="state_mismatch").count() == 1
    assert forge_op.hits["/token"] == 1


def test_an_iss_parameter_naming_another_issuer_is_refused(
    client: Client, forge_op: ForgeOp
) -> None:
    make_user()
    auth = begin(client, forge_op)
    response = callback(client, forge_op, auth, iss="https://evil.example")
    _refused(client, response, "iss_mismatch", "Sign-in could not be verified")
    assert "/token" not in forge_op.hits


def test_a_missing_iss_is_refused_when_the_provider_promises_it(
    client: Client, forge_op: ForgeOp
) -> None:
    make_user()
    auth = begin(client, forge_op)
    response = callback(client, forge_op, auth, iss=None)
    _refused(client, response, "iss_missing", "Sign-in could not be verified")


def test_a_missing_iss_is_accepted_from_a_provider_without_rfc9207(
    client: Client, forge_op: ForgeOp
) -> None:
    make_user()
    forge_op.metadata_overrides["authorization_response_iss_parameter_supported"] = False
    auth = begin(client, forge_op)
    forge_op.issue(forge_op.sign(forge_op.claims(auth["nonce"])))
    assert callback(client, forge_op, auth, iss=None)["Location"] == "/dashboard"


@pytest.mark.parametrize(
    ("error", "message"),
    [
        ("access_denied", "Sign-in was cancelled or refused at the identity provider."),
        ("login_required", "The identity provider needs you to sign in again."),
        ("interaction_required", "The identity provider needs you to complete sign-in there."),
        (
            "temporarily_unavailable",
            "The identity provider is temporarily unavailable — try again shortly.",
        ),
        ("something_new", "Sign-in did not complete at the identity provider."),
        ("<script>alert(1)</script>", "Sign-in did not complete at the identity provider."),
    ],
)
def test_provider_errors_become_plain_messages(
    client: Client, forge_op: ForgeOp, error: str, message: str
) -> None:
    auth = begin(client, forge_op)
    response = callback(
        client,
        forge_op,
        auth,
        code=None,
        error=error,
        error_description="<img src=x onerror=alert(1)> raw provider text",
    )
    code = error if error.replace("_", "").isalnum() else "unknown"
    _refused(client, response, f"idp_error:{code}", message)
    page = client.get("/login").content.decode()
    assert "raw provider text" not in page
    assert "<script>" not in page
    assert "onerror" not in page


def test_a_token_endpoint_error_is_refused(client: Client, forge_op: ForgeOp) -> None:
    auth = begin(client, forge_op)
    forge_op.token_response = lambda form: (400, {"error": "invalid_grant"})
    response = callback(client, forge_op, auth)
    _refused(client, response, "token_error:invalid_grant", "Sign-in could not be verified")


def test_a_token_response_without_an_id_token_is_refused(client: Client, forge_op: ForgeOp) -> None:
    auth = begin(client, forge_op)
    forge_op.issue(None)
    _refused(client, callback(client, forge_op, auth), "no_id_token", "could not be verified")


def test_no_portal_account_is_a_403_without_a_session(client: Client, forge_op: ForgeOp) -> None:
    auth = begin(client, forge_op)
    forge_op.issue(forge_op.sign(forge_op.claims(auth["nonce"], email="stranger@example.com")))
    response = callback(client, forge_op, auth)
    assert response.status_code == 403
    body = response.content.decode()
    assert "Access denied" in body
    assert "contact your organisation" in body.lower()
    assert "help@aidial.com.au" in body
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(action="sign_in")
    assert (event.outcome, event.reason) == ("denied", "no_portal_account")
    assert "stranger@example.com" not in str(event.details)


def test_a_stray_callback_writes_no_session(
    client: Client, forge_op: ForgeOp, settings: Any
) -> None:
    response = client.get("/auth/callback", {"state": "made-up", "code": "x"})
    assert response.status_code == 302
    assert response["Location"] == "/login"
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert forge_op.hits == {}


def test_an_unrecognised_role_is_a_403_without_a_session(client: Client, forge_op: ForgeOp) -> None:
    user = make_user(role="billing_clerk")
    auth = begin(client, forge_op)
    forge_op.issue(forge_op.sign(forge_op.claims(auth["nonce"])))
    response = callback(client, forge_op, auth)
    assert response.status_code == 403
    assert "your role is not recognised" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not PortalSession.objects.exists()
    event = AuditEvent.objects.get(action="sign_in")
    assert (event.outcome, event.reason, event.actor) == ("denied", "role_not_recognised", user)


@pytest.mark.parametrize("status", ["suspended", "closed"])
def test_an_inactive_organisation_is_a_403_without_a_session(
    client: Client, forge_op: ForgeOp, status: str
) -> None:
    user = make_user()
    Tenant.objects.filter(slug="acme").update(status=status)
    auth = begin(client, forge_op)
    forge_op.issue(forge_op.sign(forge_op.claims(auth["nonce"])))
    response = callback(client, forge_op, auth)
    assert response.status_code == 403
    assert "Your organisation's account is not active" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not PortalSession.objects.exists()
    event = AuditEvent.objects.get(action="sign_in")
    assert (event.outcome, event.reason, event.actor) == ("denied", "tenant_not_active", user)


def test_a_re_rendered_form_keeps_the_page_first_asked_for(
    client: Client, forge_op: ForgeOp
) -> None:
    make_user()
    response = client.post("/login", {"email": "not-an-email", "next": "/calls?status=busy"})
    assert response.status_code == 400
    assert 'name="next" value="/calls?status=busy"' in response.content.decode()
    auth = begin(client, forge_op, next="/calls?status=busy")
    forge_op.issue(forge_op.sign(forge_op.claims(auth["nonce"])))
    assert callback(client, forge_op, auth)["Location"] == "/calls?status=busy"


def test_an_unverified_email_does_not_link_an_account(client: Client, forge_op: ForgeOp) -> None:
    make_user()
    auth = begin(client, forge_op)
    forge_op.issue(forge_op.sign(forge_op.claims(auth["nonce"], email_verified=False)))
    response = callback(client, forge_op, auth)
    assert response.status_code == 403
    assert not OidcIdentity.objects.exists()


def test_the_email_verified_claim_is_configurable(
    client: Client, forge_op: ForgeOp, settings: Any
) -> None:
    """A provider that vouches for addresses under another claim name (Entra's xms_edov)."""
    settings.AIDIAL_OIDC_EMAIL_VERIFIED_CLAIM = "xms_edov"
    user = make_user()
    auth = begin(client, forge_op)
    claims = forge_op.claims(auth["nonce"], email_verified=None, xms_edov=False)
    forge_op.issue(forge_op.sign(claims))
    assert callback(client, forge_op, auth).status_code == 403
    auth = begin(client, forge_op)
    claims = forge_op.claims(auth["nonce"], email_verified=None, xms_edov=True)
    forge_op.issue(forge_op.sign(claims))
    assert callback(client, forge_op, auth)["Location"] == "/dashboard"
    assert OidcIdentity.objects.get().user == user


def test_a_linked_account_signs_in_by_subject_even_with_a_new_email(
    client: Client, forge_op: ForgeOp
) -> None:
    user = make_user()
    sign_in(client, forge_op)
    client.post("/logout")
    auth = begin(client, forge_op)
    claims = forge_op.claims(auth["nonce"], email="ava@new-domain.example", email_verified=False)
    forge_op.issue(forge_op.sign(claims))
    assert callback(client, forge_op, auth)["Location"] == "/dashboard"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_another_subject_cannot_take_over_a_linked_email(client: Client, forge_op: ForgeOp) -> None:
    make_user()
    sign_in(client, forge_op)
    other = Client()
    auth = begin(other, forge_op)
    forge_op.issue(forge_op.sign(forge_op.claims(auth["nonce"], sub="someone-else")))
    assert callback(other, forge_op, auth).status_code == 403


def test_mfa_enrolment_is_read_from_userinfo_when_the_id_token_lacks_it(
    client: Client, forge_op: ForgeOp
) -> None:
    make_user()
    forge_op.userinfo = {"sub": "forged-subject-1", "mfa_enrolled": True}
    sign_in(client, forge_op, mfa_enrolled=None)
    assert PortalSession.objects.get().mfa_enrolled is True


def test_userinfo_about_another_subject_is_ignored(client: Client, forge_op: ForgeOp) -> None:
    make_user()
    forge_op.userinfo = {"sub": "someone-else", "mfa_enrolled": True}
    sign_in(client, forge_op, mfa_enrolled=None)
    assert PortalSession.objects.get().mfa_enrolled is False


def test_sign_in_attempts_are_rate_limited(
    client: Client, forge_op: ForgeOp, settings: Any
) -> None:
    settings.AIDIAL_LOGIN_RATE_PER_MINUTE = 3
    for _ in range(3):
        begin(client, forge_op)
    limited = client.post("/login", {"email": AVA})
    assert limited.status_code == 429
    assert "Too many sign-in attempts" in limited.content.decode()


def test_a_sign_in_writes_no_code_token_verifier_or_email_to_the_logs(
    client: Client, forge_op: ForgeOp, capsys: pytest.CaptureFixture[str]
) -> None:
    import logging.config

    from django.conf import settings as django_settings

    from config.settings import base

    make_user()
    logging.config.dictConfig(base.LOGGING)  # the logging of a real deployment
    try:
        logging.getLogger("django.server").info('"GET /auth/callback?code=code-1 HTTP/1.1"')
        auth = begin(client, forge_op)
        id_token = forge_op.sign(forge_op.claims(auth["nonce"]))
        forge_op.issue(id_token)
        assert callback(client, forge_op, auth)["Location"] == "/dashboard"
        logging.getLogger("portal").warning("done for %s", AVA)
    finally:
        logging.config.dictConfig(django_settings.LOGGING)
    written = capsys.readouterr().err
    assert "done for [email]" in written
    for secret in (id_token, "code-1", forge_op.token_forms[0]["code_verifier"], AVA, "at-1"):
        assert secret not in written


@pytest.mark.parametrize(
    ("auth_time_age", "outcome"),
    [(3600, "auth_time_stale"), (None, "auth_time_missing"), (5, "")],
)
def test_a_sign_in_asked_for_with_max_age_must_be_that_recent(
    client: Client, forge_op: ForgeOp, auth_time_age: int | None, outcome: str
) -> None:
    """OIDC Core 3.1.2.1: a provider that ignores max_age does not make an old sign-in new."""
    make_user()
    Tenant.objects.filter(slug="acme").update(features=["team"])
    now = int(time.time())
    sign_in(client, forge_op, auth_time=now - 3600)
    response = client.post("/team/invite", {"email": "new@acme.example", "next": "/team"})
    assert response.status_code == 302
    auth = query(response["Location"])
    assert auth["max_age"] == "600"
    auth_time = None if auth_time_age is None else now - auth_time_age
    forge_op.issue(forge_op.sign(forge_op.claims(auth["nonce"], auth_time=auth_time)))
    response = callback(client, forge_op, auth)
    event = AuditEvent.objects.filter(action="sign_in").latest("id")
    if outcome:
        assert response["Location"] == "/login"
        assert (event.outcome, event.reason) == ("failed", outcome)
    else:
        assert response["Location"] == "/team"
        assert event.outcome == "succeeded"


def test_a_flood_of_stray_callbacks_is_refused_without_an_audit_row_each(
    client: Client, forge_op: ForgeOp, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.AIDIAL_LOGIN_RATE_PER_MINUTE = 3
    # One minute's window throughout, whenever the test runs.
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 1_800_000_030.0))
    for n in range(6):
        response = client.get("/auth/callback", {"state": f"forged-{n}", "code": "x"})
        assert response.status_code == 302
        assert response["Location"] == "/login"
    assert AuditEvent.objects.filter(action="sign_in", reason="state_mismatch").count() == 3
    assert not PortalSession.objects.exists()
    assert forge_op.hits == {}
