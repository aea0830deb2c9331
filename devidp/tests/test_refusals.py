"""What the provider refuses, with the error codes RFC 6749, RFC 7636 and OIDC Core name."""

from __future__ import annotations

import requests
from authlib.oauth2.rfc7636 import create_s256_code_challenge

from devidp.models import Account

from .conftest import PASSWORD
from .relying_party import (
    CLIENT_ID,
    CLIENT_SECRET,
    REDIRECT_URI,
    Browser,
    Provider,
    location,
    query,
)


def _authorize(provider: Provider, **params: str) -> requests.Response:
    base = {
        "response_type": "code",
        "client_id": CLIENT_ID,
        "redirect_uri": REDIRECT_URI,
        "scope": "openid email",
        "state": "st",
        "nonce": "nn",
        "code_challenge": create_s256_code_challenge("v" * 50),
        "code_challenge_method": "S256",
    }
    base.update(params)
    return requests.get(
        provider.metadata["authorization_endpoint"],
        params={k: v for k, v in base.items() if v != "-"},
        allow_redirects=False,
        timeout=10,
    )


def test_unregistered_redirect_uri_shows_an_error_page_and_never_redirects(
    provider: Provider,
) -> None:
    response = _authorize(provider, redirect_uri="https://evil.example/callback")
    assert response.status_code == 400
    assert "Location" not in response.headers
    assert "This request cannot be completed" in response.text
    assert "invalid_request" in response.text


def test_a_redirect_uri_that_only_starts_like_the_registered_one_is_refused(
    provider: Provider,
) -> None:
    response = _authorize(provider, redirect_uri=REDIRECT_URI + "/../evil")
    assert response.status_code == 400
    assert "Location" not in response.headers


def test_unknown_client_shows_an_error_page(provider: Provider) -> None:
    response = _authorize(provider, client_id="who-is-this")
    assert response.status_code == 400
    assert "Location" not in response.headers
    assert "invalid_client" in response.text


def test_missing_pkce_is_refused_back_to_the_client(provider: Provider) -> None:
    response = _authorize(provider, code_challenge="-", code_challenge_method="-")
    assert response.status_code == 302
    params = query(location(response))
    assert location(response).startswith(REDIRECT_URI)
    assert params["error"] == "invalid_request"
    assert params["state"] == "st"
    assert params["iss"] == provider.issuer


def test_plain_pkce_is_refused(provider: Provider) -> None:
    response = _authorize(provider, code_challenge="v" * 50, code_challenge_method="plain")
    assert query(location(response))["error"] == "invalid_request"


def test_missing_nonce_is_refused(provider: Provider) -> None:
    response = _authorize(provider, nonce="-")
    assert query(location(response))["error"] == "invalid_request"


def test_implicit_flow_is_not_offered(provider: Provider) -> None:
    response = _authorize(provider, response_type="token")
    assert response.status_code in (302, 400)
    text = location(response) if response.status_code == 302 else response.text
    assert "unsupported_response_type" in text


def _code(provider: Provider, account: Account) -> tuple[str, str]:
    browser = Browser()
    auth, callback = provider.sign_in(browser, account.email, PASSWORD)
    return query(callback)["code"], auth.code_verifier


def test_wrong_code_verifier_is_refused(provider: Provider, account: Account) -> None:
    code, _ = _code(provider, account)
    response = provider.token_request(code, "w" * 50)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


def test_missing_code_verifier_is_refused(provider: Provider, account: Account) -> None:
    code, _ = _code(provider, account)
    response = provider.token_request(code, None)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


def test_a_code_works_once_and_its_replay_revokes_the_token(
    provider: Provider, account: Account
) -> None:
    code, verifier = _code(provider, account)
    first = provider.token_request(code, verifier)
    assert first.status_code == 200
    access = first.json()["access_token"]
    replay = provider.token_request(code, verifier)
    assert replay.status_code == 400
    assert replay.json()["error"] == "invalid_grant"
    info = requests.get(
        provider.metadata["userinfo_endpoint"],
        headers={"Authorization": f"Bearer {access}"},
        timeout=10,
    )
    assert info.status_code == 401


def test_wrong_client_secret_is_refused(provider: Provider, account: Account) -> None:
    code, verifier = _code(provider, account)
    response = provider.token_request(code, verifier, auth=(CLIENT_ID, "not-the-secret"))
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


def test_client_secret_post_is_accepted(provider: Provider, account: Account) -> None:
    code, verifier = _code(provider, account)
    response = provider.token_request(
        code, verifier, auth=None, client_id=CLIENT_ID, client_secret=CLIENT_SECRET
    )
    assert response.status_code == 200
    assert response.json()["token_type"].lower() == "bearer"
    assert "id_token" in response.json()
    assert response.headers["Cache-Control"] == "no-store"


def test_code_for_another_redirect_uri_is_refused(provider: Provider, account: Account) -> None:
    code, verifier = _code(provider, account)
    response = provider.token_request(code, verifier, redirect_uri="http://rp.example/other")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


def test_userinfo_without_a_token_is_refused(provider: Provider) -> None:
    response = requests.get(provider.metadata["userinfo_endpoint"], timeout=10)
    assert response.status_code == 401
