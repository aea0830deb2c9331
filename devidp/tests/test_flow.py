"""The authorization-code flow of the local provider, end to end over HTTP."""

from __future__ import annotations

import requests
from authlib.oidc.discovery import OpenIDProviderMetadata
from django.conf import settings

from devidp.models import Account, AuthorizationCode

from .conftest import PASSWORD, TOTP_SECRET
from .relying_party import REDIRECT_URI, Browser, Provider, location, query


def test_discovery_document_is_valid_openid_provider_metadata(provider: Provider) -> None:
    metadata = OpenIDProviderMetadata(provider.metadata)
    metadata.validate()
    assert metadata["issuer"] == provider.issuer
    assert metadata["code_challenge_methods_supported"] == ["S256"]
    assert metadata["authorization_response_iss_parameter_supported"] is True
    assert metadata["end_session_endpoint"] == f"{provider.issuer}/logout"


def test_password_sign_in_issues_a_verifiable_id_token(
    provider: Provider, account: Account
) -> None:
    browser = Browser()
    auth, callback = provider.sign_in(browser, account.email, PASSWORD)
    params = query(callback)
    assert callback.startswith(REDIRECT_URI + "?")
    assert params["state"] == auth.state
    assert params["iss"] == provider.issuer  # RFC 9207

    token = provider.token(callback, auth)
    claims = provider.verify_id_token(token, auth.nonce)
    assert claims["sub"] == account.sub
    assert claims["aud"] == "test-rp"
    assert claims["azp"] == "test-rp"
    assert claims["email"] == account.email
    assert claims["email_verified"] is True
    assert claims["name"] == "Test User"
    assert claims["amr"] == ["pwd"]
    assert claims["acr"] == settings.DEVIDP_ACR_PASSWORD
    assert claims["mfa_enrolled"] is False
    assert isinstance(claims["auth_time"], int)

    info = requests.get(
        provider.metadata["userinfo_endpoint"],
        headers={"Authorization": f"Bearer {token['access_token']}"},
        timeout=10,
    )
    assert info.status_code == 200
    assert info.json() == {
        "sub": account.sub,
        "email": account.email,
        "email_verified": True,
        "name": "Test User",
        "mfa_enrolled": False,
    }


def test_login_hint_prefills_the_email(provider: Provider, account: Account) -> None:
    browser = Browser()
    auth = provider.authorization(login_hint="user@example.com")
    page = browser.follow(browser.get(auth.url))
    assert page.status_code == 200
    assert 'value="user@example.com"' in page.text
    assert 'type="password"' in page.text


def test_single_sign_on_session_skips_the_password_until_prompt_login(
    provider: Provider, account: Account
) -> None:
    browser = Browser()
    provider.sign_in(browser, account.email, PASSWORD)

    again = provider.authorization()
    response = browser.get(again.url)
    assert response.status_code == 302
    assert location(response).startswith(REDIRECT_URI)
    assert "code" in query(location(response))

    forced = provider.authorization(prompt="login")
    page = browser.follow(browser.get(forced.url))
    assert page.status_code == 200
    assert 'type="password"' in page.text


def test_max_age_zero_asks_for_the_password_again(provider: Provider, account: Account) -> None:
    browser = Browser()
    provider.sign_in(browser, account.email, PASSWORD)
    _, callback = provider.sign_in(browser, account.email, PASSWORD, max_age="0")
    assert "code" in query(callback)
    page = browser.follow(browser.get(provider.authorization(max_age="0").url))
    assert 'type="password"' in page.text


def test_prompt_none_without_a_session_returns_login_required(provider: Provider) -> None:
    auth = provider.authorization(prompt="none")
    response = Browser().get(auth.url)
    assert response.status_code == 302
    params = query(location(response))
    assert location(response).startswith(REDIRECT_URI)
    assert params["error"] == "login_required"
    assert params["state"] == auth.state
    assert params["iss"] == provider.issuer


def test_totp_sign_in_reports_mfa(provider: Provider, totp_account: Account) -> None:
    browser = Browser()
    auth = provider.authorization()
    page = browser.follow(browser.get(auth.url))
    challenge = browser.follow(browser.submit(page, email=totp_account.email, password=PASSWORD))
    assert challenge.status_code == 200
    assert "verification code" in challenge.text
    assert "Use a recovery code instead" in challenge.text

    wrong = browser.submit(challenge, code="000000")
    assert wrong.status_code == 400
    assert "That code is not valid" in wrong.text

    from .relying_party import totp_now

    done = browser.follow(browser.submit(challenge, code=totp_now(TOTP_SECRET)))
    callback = location(done)
    claims = provider.verify_id_token(provider.token(callback, auth), auth.nonce)
    assert claims["amr"] == ["pwd", "otp", "mfa"]
    assert claims["acr"] == settings.DEVIDP_ACR_MFA
    assert claims["mfa_enrolled"] is True


def test_a_totp_code_cannot_be_used_twice(provider: Provider, totp_account: Account) -> None:
    from .relying_party import totp_now

    code = totp_now(TOTP_SECRET)
    first = Browser()
    provider.sign_in(first, totp_account.email, PASSWORD, totp_secret=TOTP_SECRET)
    second = Browser()
    page = second.follow(second.get(provider.authorization().url))
    challenge = second.follow(second.submit(page, email=totp_account.email, password=PASSWORD))
    replay = second.submit(challenge, code=code)
    assert replay.status_code == 400
    assert "That code is not valid" in replay.text


def test_unknown_email_and_wrong_password_read_the_same(
    provider: Provider, account: Account
) -> None:
    browser = Browser()
    page = browser.follow(browser.get(provider.authorization().url))
    unknown = browser.submit(page, email="nobody@example.com", password="x")
    wrong = browser.submit(page, email=account.email, password="x")
    assert unknown.status_code == wrong.status_code == 400
    assert "Incorrect email or password." in unknown.text
    assert "Incorrect email or password." in wrong.text


def test_authorization_codes_are_stored_hashed(provider: Provider, account: Account) -> None:
    _, callback = provider.sign_in(Browser(), account.email, PASSWORD)
    code = query(callback)["code"]
    stored = AuthorizationCode.objects.get()
    assert stored.code_hash != code
    assert len(stored.code_hash) == 64
