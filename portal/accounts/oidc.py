"""The portal as an OpenID Connect relying party, on Authlib's client.

Authlib does the protocol work (discovery, PKCE, the token request, ID-token signature and
claims). This module adds what a hardened relying party needs on top of it and what Authlib
leaves to the application:

* the discovery document's ``issuer`` must be exactly the configured issuer;
* only asymmetric signing algorithms the provider advertises are accepted;
* the JWKS is cached (shared across workers through Django's cache), and an unknown ``kid``
  refetches it at most once a minute, so forged tokens cannot make the portal hammer the IdP;
* ``aud`` must be the portal's client id and nothing else;
* every request to the provider has a timeout, and a 5xx or a network error becomes
  :class:`ProviderUnavailable`.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.django_client import DjangoIntegration, DjangoOAuth2App
from django.conf import settings
from django.core.cache import cache
from joserfc.errors import JoseError

log = logging.getLogger(__name__)

SCOPE = "openid email profile"
#: Asymmetric JWS algorithms (RFC 7518, RFC 8037); "none" and HMAC are never accepted.
ASYMMETRIC_ALGS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)
JWKS_TTL_SECONDS = 3600
JWKS_REFETCH_INTERVAL_SECONDS = 60
LEEWAY_SECONDS = 60


class ProviderUnavailable(Exception):
    """The identity provider could not be reached, was too slow, or answered with a 5xx."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class SignInRefused(Exception):
    """The authorization response or the tokens failed validation; ``reason`` is for audit."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class VerifiedSignIn:
    issuer: str
    claims: dict[str, Any]
    id_token: str


def _raise_for_server_error(response: requests.Response, *args: Any, **kwargs: Any) -> None:
    if response.status_code >= 500:
        raise ProviderUnavailable(f"http_{response.status_code}")


class _App(DjangoOAuth2App):
    """Authlib's Django client, with the checks described in the module docstring."""

    def __init__(self, *, issuer: str, **kwargs: Any) -> None:
        super().__init__(DjangoIntegration("oidc", None), "oidc", **kwargs)
        self.issuer = issuer
        self._cache_key = "oidc:" + hashlib.sha256(issuer.encode()).hexdigest()[:24]

    def _get_session(self) -> Any:
        session = super()._get_session()
        session.hooks["response"].append(_raise_for_server_error)
        return session

    def _get_oauth_client(self, **metadata: Any) -> Any:
        methods = metadata.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
        method = "client_secret_basic" if "client_secret_basic" in methods else "client_secret_post"
        client = super()._get_oauth_client(**metadata, token_endpoint_auth_method=method)
        client.hooks["response"].append(_raise_for_server_error)
        return client

    def load_server_metadata(self) -> dict[str, Any]:
        first = "_loaded_at" not in self.server_metadata
        metadata: dict[str, Any] = super().load_server_metadata()
        if first:
            if metadata.get("issuer") != self.issuer:
                # OIDC Discovery 4.3: the issuer must be identical to the one configured.
                self.server_metadata.clear()
                raise ProviderUnavailable("discovery_issuer_mismatch")
            missing = [
                k
                for k in ("authorization_endpoint", "token_endpoint", "jwks_uri")
                if not metadata.get(k)
            ]
            if missing:
                self.server_metadata.clear()
                raise ProviderUnavailable("discovery_incomplete")
            advertised = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
            usable = [alg for alg in advertised if alg in ASYMMETRIC_ALGS]
            if not usable:
                # An empty allow-list would mean "no restriction" to the JOSE library: a
                # provider that signs only with HMAC or "none" is one we cannot trust.
                self.server_metadata.clear()
                raise ProviderUnavailable("no_asymmetric_alg")
            metadata["id_token_signing_alg_values_supported"] = usable
        return metadata

    def fetch_jwk_set(self, force: bool = False) -> dict[str, Any]:
        cached: dict[str, Any] | None = cache.get(self._cache_key + ":jwks")
        if cached is not None and not force:
            return cached
        if cached is not None and not cache.add(
            self._cache_key + ":refetch", 1, JWKS_REFETCH_INTERVAL_SECONDS
        ):
            return cached  # refetched a moment ago: an unknown kid now is not the provider's
        uri = self.load_server_metadata()["jwks_uri"]
        with self._get_session() as session:
            response = session.request("GET", uri, withhold_token=True)
            response.raise_for_status()
            jwks: dict[str, Any] = response.json()
        cache.set(self._cache_key + ":jwks", jwks, JWKS_TTL_SECONDS)
        return jwks


_apps: dict[tuple[str, str, str, float], _App] = {}


def _app() -> _App:
    issuer = settings.AIDIAL_OIDC_ISSUER
    key = (
        issuer,
        settings.AIDIAL_OIDC_CLIENT_ID,
        settings.AIDIAL_OIDC_CLIENT_SECRET,
        settings.AIDIAL_OIDC_TIMEOUT_SECONDS,
    )
    app = _apps.get(key)
    if app is None:
        app = _App(
            issuer=issuer,
            client_id=settings.AIDIAL_OIDC_CLIENT_ID,
            client_secret=settings.AIDIAL_OIDC_CLIENT_SECRET,
            server_metadata_url=issuer.rstrip("/") + "/.well-known/openid-configuration",
            client_kwargs={
                "scope": SCOPE,
                "code_challenge_method": "S256",
                "default_timeout": settings.AIDIAL_OIDC_TIMEOUT_SECONDS,
            },
        )
        _apps.clear()
        _apps[key] = app
    return app


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") else None


def provider_origins() -> list[str]:
    """The provider's origins browsers are sent to: the issuer's, and its endpoints' once known.

    Reads only what is already loaded; never calls the provider.
    """
    urls = [settings.AIDIAL_OIDC_ISSUER]
    for app in _apps.values():
        metadata = app.server_metadata
        urls += [
            metadata.get("authorization_endpoint", ""),
            metadata.get("end_session_endpoint", ""),
        ]
    origins = {o for o in (_origin(u) for u in urls if u) if o}
    return sorted(origins)


def redirect_uri() -> str:
    return f"{settings.AIDIAL_BASE_URL}/auth/callback"


def post_logout_redirect_uri() -> str:
    return f"{settings.AIDIAL_BASE_URL}/auth/signed-out"


def _guard(call: Any, *args: Any, **kwargs: Any) -> Any:
    """Run a provider call, turning transport failures into ProviderUnavailable."""
    try:
        return call(*args, **kwargs)
    except requests.Timeout:
        raise ProviderUnavailable("timeout") from None
    except requests.HTTPError as error:
        status = error.response.status_code if error.response is not None else 0
        raise ProviderUnavailable(f"http_{status}") from None
    except (requests.RequestException, ValueError) as error:
        # ValueError: a body that is not the JSON the protocol requires.
        raise ProviderUnavailable(type(error).__name__.lower()) from None


def authorization_request(**params: str) -> dict[str, str]:
    """A fresh authorization URL with its ``state``, ``nonce`` and PKCE ``code_verifier``."""
    app = _app()
    result: dict[str, str] = _guard(
        app.create_authorization_url,
        redirect_uri(),
        state=secrets.token_urlsafe(32),
        nonce=secrets.token_urlsafe(32),
        **params,
    )
    return result


def issuer_parameter_required() -> bool:
    metadata = _guard(_app().load_server_metadata)
    return bool(metadata.get("authorization_response_iss_parameter_supported"))


def _audience_is_only_us(claims: Any, value: Any) -> bool:
    client_id = settings.AIDIAL_OIDC_CLIENT_ID
    return value == client_id or value == [client_id]


def complete(
    *, code: str, code_verifier: str, nonce: str, max_age: int | None = None
) -> VerifiedSignIn:
    """Exchange the code (one token request) and validate the ID token it returns.

    With ``max_age`` (sent in the authorization request), the ID token must carry an
    ``auth_time`` no older than that (OIDC Core 3.1.2.1 and 3.1.3.7).
    """
    app = _app()
    try:
        token: dict[str, Any] = _guard(
            app.fetch_access_token, redirect_uri(), code=code, code_verifier=code_verifier
        )
    except OAuthError as error:
        raise SignInRefused(f"token_error:{error_code(error.error)}") from None
    if not token.get("id_token"):
        raise SignInRefused("no_id_token")
    options = {
        "iss": {"essential": True, "values": [app.issuer]},
        "aud": {"essential": True, "validate": _audience_is_only_us},
        "sub": {"essential": True},
        "exp": {"essential": True},
        "iat": {"essential": True},
    }
    try:
        claims = _guard(
            app.parse_id_token, token, nonce=nonce, claims_options=options, leeway=LEEWAY_SECONDS
        )
    except JoseError as error:
        raise SignInRefused(f"id_token_invalid:{error_code(error.error)}") from None
    verified = dict(claims)
    if max_age is not None:
        auth_time = verified.get("auth_time")
        if not isinstance(auth_time, int | float) or isinstance(auth_time, bool):
            raise SignInRefused("auth_time_missing")
        if time.time() - auth_time > max_age + LEEWAY_SECONDS:
            raise SignInRefused("auth_time_stale")
    enrolled = settings.AIDIAL_OIDC_MFA_ENROLLED_CLAIM
    if enrolled not in verified and app.server_metadata.get("userinfo_endpoint"):
        info = _userinfo(app, token)
        # OIDC Core 5.3.2: userinfo is about the ID token's subject, or it is not used.
        if info.get("sub") == verified["sub"] and enrolled in info:
            verified[enrolled] = info[enrolled]
    return VerifiedSignIn(issuer=app.issuer, claims=verified, id_token=token["id_token"])


def _userinfo(app: _App, token: dict[str, Any]) -> dict[str, Any]:
    try:
        info = _guard(app.userinfo, token=token)
    except OAuthError:
        return {}
    return dict(info)


def error_code(value: Any) -> str:
    """An OAuth error code fit for the audit trail: short, plain, never attacker prose."""
    text = str(value or "unknown")
    return text if text.replace("_", "").isalnum() and len(text) <= 40 else "unknown"


def end_session_url(*, id_token: str | None) -> str | None:
    """Where to send the browser for RP-initiated logout, when the provider offers it."""
    try:
        metadata = _guard(_app().load_server_metadata)
    except ProviderUnavailable:
        return None
    endpoint = metadata.get("end_session_endpoint")
    if not endpoint:
        return None
    params = {
        "client_id": settings.AIDIAL_OIDC_CLIENT_ID,
        "post_logout_redirect_uri": post_logout_redirect_uri(),
    }
    if id_token:
        params["id_token_hint"] = id_token
    separator = "&" if "?" in endpoint else "?"
    return f"{endpoint}{separator}{urlencode(params)}"


def now() -> int:
    return int(time.time())
