"""A relying party and a person's browser, as the tests drive them over real HTTP.

The relying party side uses Authlib's client code (PKCE, token request, ID-token claims);
the browser is a plain cookie-keeping HTTP session that fills in the provider's forms.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

import pyotp
import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.jwk import KeySet

from tests.support import browser as support
from tests.support.browser import location, query

__all__ = ["Browser", "Provider", "location", "query", "totp_now"]

CLIENT_ID = "test-rp"
CLIENT_SECRET = "test-rp-secret-value"
REDIRECT_URI = "http://rp.example/callback"


class Browser(support.Browser):
    def follow(
        self, response: requests.Response, *, until: str = REDIRECT_URI
    ) -> requests.Response:
        """Follow the provider's redirects, stopping before the relying party's callback."""
        return super().follow(response, until=until)


def totp_now(secret: str) -> str:
    return str(pyotp.TOTP(secret).now())


@dataclass
class Authorization:
    url: str
    state: str
    nonce: str
    code_verifier: str


@dataclass
class Provider:
    issuer: str
    metadata: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        response = requests.get(f"{self.issuer}/.well-known/openid-configuration", timeout=10)
        response.raise_for_status()
        self.metadata = response.json()

    def session(self, **kwargs: Any) -> OAuth2Session:
        return OAuth2Session(
            CLIENT_ID,
            CLIENT_SECRET,
            scope="openid email profile",
            redirect_uri=REDIRECT_URI,
            code_challenge_method="S256",
            **kwargs,
        )

    def authorization(self, **params: str) -> Authorization:
        verifier = generate_token(48)
        nonce = secrets.token_urlsafe(16)
        url, state = self.session().create_authorization_url(
            self.metadata["authorization_endpoint"],
            nonce=nonce,
            code_verifier=verifier,
            **params,
        )
        return Authorization(url=url, state=state, nonce=nonce, code_verifier=verifier)

    def token(self, callback_url: str, auth: Authorization, **kwargs: Any) -> dict[str, Any]:
        session = self.session(**kwargs)
        token: dict[str, Any] = session.fetch_token(
            self.metadata["token_endpoint"],
            authorization_response=callback_url,
            code_verifier=auth.code_verifier,
            state=auth.state,
        )
        return token

    def token_request(self, code: str, verifier: str | None, **overrides: Any) -> requests.Response:
        data = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT_URI,
        }
        if verifier is not None:
            data["code_verifier"] = verifier
        auth = overrides.pop("auth", (CLIENT_ID, CLIENT_SECRET))
        data.update(overrides)
        return requests.post(self.metadata["token_endpoint"], data=data, auth=auth, timeout=10)

    def jwks(self) -> KeySet:
        response = requests.get(self.metadata["jwks_uri"], timeout=10)
        response.raise_for_status()
        return KeySet.import_key_set(response.json())

    def verify_id_token(self, token: dict[str, Any], nonce: str) -> CodeIDToken:
        decoded = jwt.decode(
            token["id_token"],
            self.jwks(),
            algorithms=self.metadata["id_token_signing_alg_values_supported"],
        )
        claims = CodeIDToken(
            decoded.claims,
            decoded.header,
            {"iss": {"values": [self.issuer]}},
            {"nonce": nonce, "client_id": CLIENT_ID, "access_token": token["access_token"]},
        )
        claims.validate()
        return claims

    def sign_in(
        self, browser: Browser, email: str, password: str, totp_secret: str = "", **params: str
    ) -> tuple[Authorization, str]:
        """Run a whole sign-in; returns the authorization and the callback URL reached."""
        auth = self.authorization(**params)
        page = browser.follow(browser.get(auth.url))
        if page.is_redirect:
            return auth, location(page)
        response = browser.follow(browser.submit(page, email=email, password=password))
        if totp_secret and not response.is_redirect:
            response = browser.follow(browser.submit(response, code=totp_now(totp_secret)))
        assert response.is_redirect, response.text
        return auth, location(response)
