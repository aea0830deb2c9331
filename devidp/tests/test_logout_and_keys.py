"""RP-initiated logout, and signing-key rotation as a relying party sees it."""

from __future__ import annotations

from io import StringIO

import requests
from django.core.management import call_command
from joserfc import jwt
from joserfc.errors import JoseError

from devidp.models import Account

from .conftest import PASSWORD
from .relying_party import Browser, Provider, location

SIGNED_OUT = "http://rp.example/signed-out"


def _signed_in(provider: Provider, account: Account) -> tuple[Browser, dict[str, str]]:
    browser = Browser()
    auth, callback = provider.sign_in(browser, account.email, PASSWORD)
    return browser, provider.token(callback, auth)


def test_logout_with_id_token_hint_ends_the_session_and_returns_to_the_client(
    provider: Provider, account: Account
) -> None:
    browser, token = _signed_in(provider, account)
    response = browser.get(
        provider.metadata["end_session_endpoint"]
        + "?"
        + requests.compat.urlencode(
            {
                "id_token_hint": token["id_token"],
                "post_logout_redirect_uri": SIGNED_OUT,
                "state": "bye",
            }
        )
    )
    assert response.status_code == 302
    assert location(response) == SIGNED_OUT + "?state=bye"

    # The provider's own session is gone: the next authorization asks for the password.
    page = browser.follow(browser.get(provider.authorization().url))
    assert page.status_code == 200
    assert 'type="password"' in page.text


def test_logout_to_an_unregistered_uri_does_not_redirect(
    provider: Provider, account: Account
) -> None:
    browser, token = _signed_in(provider, account)
    response = browser.get(
        provider.metadata["end_session_endpoint"]
        + "?"
        + requests.compat.urlencode(
            {
                "id_token_hint": token["id_token"],
                "post_logout_redirect_uri": "https://evil.example/",
            }
        )
    )
    assert response.status_code == 200
    assert "You are signed out" in response.text


def test_logout_without_a_hint_asks_first(provider: Provider, account: Account) -> None:
    browser, _ = _signed_in(provider, account)
    page = browser.get(provider.metadata["end_session_endpoint"])
    assert page.status_code == 200
    assert "Sign out?" in page.text
    done = browser.submit(page)
    assert done.status_code == 200
    assert "You are signed out" in done.text
    again = browser.follow(browser.get(provider.authorization().url))
    assert 'type="password"' in again.text


def test_logout_with_a_forged_hint_is_refused(provider: Provider, account: Account) -> None:
    browser, token = _signed_in(provider, account)
    header, payload, _ = token["id_token"].split(".")
    response = browser.get(
        provider.metadata["end_session_endpoint"]
        + f"?id_token_hint={header}.{payload}.AAAA&post_logout_redirect_uri={SIGNED_OUT}"
    )
    assert response.status_code == 400
    assert "Location" not in response.headers


def test_rotation_keeps_old_tokens_verifiable_until_the_old_key_is_retired(
    provider: Provider, account: Account
) -> None:
    _, before = _signed_in(provider, account)
    old_kid = jwt.decode(before["id_token"], provider.jwks()).header["kid"]

    out = StringIO()
    call_command("rotate_key", stdout=out)
    assert f"still published: {old_kid}" in out.getvalue()

    published = [
        k["kid"] for k in requests.get(provider.metadata["jwks_uri"], timeout=10).json()["keys"]
    ]
    assert old_kid in published
    assert len(published) == 2
    assert jwt.decode(before["id_token"], provider.jwks()).claims["sub"] == account.sub

    _, after = _signed_in(provider, account)
    new_kid = jwt.decode(after["id_token"], provider.jwks()).header["kid"]
    assert new_kid != old_kid
    assert new_kid in published

    call_command("retire_keys", stdout=StringIO())
    published = [
        k["kid"] for k in requests.get(provider.metadata["jwks_uri"], timeout=10).json()["keys"]
    ]
    assert published == [new_kid]
    try:
        jwt.decode(before["id_token"], provider.jwks())
    except JoseError:
        pass
    else:
        raise AssertionError("a token signed with a retired key still verified")


def test_published_keys_hold_no_private_parts(provider: Provider) -> None:
    keys = requests.get(provider.metadata["jwks_uri"], timeout=10).json()["keys"]
    assert keys
    for key in keys:
        assert key["kty"] == "RSA"
        assert key["alg"] == "RS256"
        assert key["use"] == "sig"
        assert not {"d", "p", "q", "dp", "dq", "qi"} & set(key)


def test_id_token_header_names_its_key(provider: Provider, account: Account) -> None:
    _, token = _signed_in(provider, account)
    header = jwt.decode(token["id_token"], provider.jwks()).header
    assert header["alg"] == "RS256"
    assert header["kid"] in {
        k["kid"] for k in requests.get(provider.metadata["jwks_uri"], timeout=10).json()["keys"]
    }
