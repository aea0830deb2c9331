"""The Authlib authorization server: grants, PKCE, OIDC, RFC 9207 and RP-initiated logout."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from authlib.common.urls import add_params_to_uri
from authlib.integrations.django_oauth2 import (
    AuthorizationServer,
    BearerTokenValidator,
    ResourceProtector,
)
from authlib.oauth2.rfc6749 import InvalidRequestError, grants
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oauth2.rfc9207 import IssuerParameter
from authlib.oidc.core.grants import OpenIDCode
from authlib.oidc.rpinitiated import EndSessionEndpoint
from django.conf import settings
from django.db import transaction
from joserfc.jwk import KeySet, RSAKey

from . import keys
from .models import Account, AuthorizationCode, Client, Token, digest


@dataclass(frozen=True)
class Login:
    """Who is signed in at this provider, since when and how (the grant's end user)."""

    account: Account
    auth_time: int
    amr: tuple[str, ...]

    @property
    def has_mfa(self) -> bool:
        return "mfa" in self.amr

    @property
    def acr(self) -> str:
        return str(settings.DEVIDP_ACR_MFA if self.has_mfa else settings.DEVIDP_ACR_PASSWORD)


def user_claims(account: Account, scope: str) -> dict[str, Any]:
    """The claims about the account that the ID token and userinfo both carry."""
    scopes = set(scope.split())
    claims: dict[str, Any] = {
        "sub": account.sub,
        settings.DEVIDP_MFA_ENROLLED_CLAIM: account.mfa_enrolled,
    }
    if "email" in scopes:
        claims["email"] = account.email
        claims["email_verified"] = account.email_verified
    if "profile" in scopes:
        claims["name"] = account.name
    return claims


class S256Required(CodeChallenge):
    """PKCE is mandatory for every client, and only with S256 (RFC 9700 2.1.1)."""

    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]

    def validate_code_challenge(self, grant: Any, redirect_uri: str) -> None:
        data = grant.request.payload.data
        if not data.get("code_challenge"):
            raise InvalidRequestError("Missing 'code_challenge'.")
        if data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("'code_challenge_method' must be S256.")
        super().validate_code_challenge(grant, redirect_uri)

    def get_authorization_code_challenge(self, authorization_code: AuthorizationCode) -> str:
        return authorization_code.code_challenge

    def get_authorization_code_challenge_method(self, authorization_code: AuthorizationCode) -> str:
        return authorization_code.code_challenge_method


class AuthorizationCodeGrant(grants.AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

    def save_authorization_code(self, code: str, request: Any) -> AuthorizationCode:
        data = request.payload.data
        login: Login = request.user
        return AuthorizationCode.objects.create(
            code_hash=digest(code),
            client=request.client,
            account=login.account,
            redirect_uri=request.payload.redirect_uri,
            scope=request.payload.scope,
            nonce=data.get("nonce", ""),
            auth_time=login.auth_time,
            acr=login.acr,
            amr=list(login.amr),
            code_challenge=data["code_challenge"],
            code_challenge_method=data["code_challenge_method"],
        )

    def query_authorization_code(self, code: str, client: Client) -> AuthorizationCode | None:
        item = AuthorizationCode.objects.filter(code_hash=digest(code), client=client).first()
        if item is None:
            return None
        if item.used:
            # A replayed code: refuse it and revoke what it was exchanged for (RFC 6749 4.1.2).
            Token.objects.filter(authorization_code=item).update(revoked=True)
            return None
        if item.issued_at + settings.DEVIDP_CODE_LIFETIME_SECONDS < time.time():
            return None
        return item

    def delete_authorization_code(self, authorization_code: AuthorizationCode) -> None:
        # Marked, not deleted, so that a replay can be recognised.
        updated = AuthorizationCode.objects.filter(pk=authorization_code.pk, used=False).update(
            used=True
        )
        if not updated:
            raise InvalidRequestError("Code already used.")

    def authenticate_user(self, authorization_code: AuthorizationCode) -> Account:
        return authorization_code.account

    def create_token_response(self) -> Any:
        with transaction.atomic():
            return super().create_token_response()


class OpenIDConnect(OpenIDCode):
    def exists_nonce(self, nonce: str, request: Any) -> bool:
        return AuthorizationCode.objects.filter(
            client__client_id=request.payload.client_id, nonce=nonce
        ).exists()

    def resolve_client_private_key(self, client: Client) -> RSAKey:
        return keys.signing_key()

    def get_client_algorithm(self, client: Client) -> str:
        return keys.ALGORITHM

    def get_encode_header(self, client: Client) -> dict[str, str]:
        return {"alg": keys.ALGORITHM, "kid": keys.signing_key().kid or "", "typ": "JWT"}

    def get_client_claims(self, client: Client) -> dict[str, Any]:
        now = int(time.time())
        return {
            "iss": settings.DEVIDP_ISSUER,
            "aud": client.client_id,
            "azp": client.client_id,
            "iat": now,
            "exp": now + settings.DEVIDP_ID_TOKEN_LIFETIME_SECONDS,
        }

    def generate_user_info(self, user: Account, scope: str) -> dict[str, Any]:
        return user_claims(user, scope)


class Issuer(IssuerParameter):
    """RFC 9207 ``iss`` on every authorization response (Django responses carry a header)."""

    def get_issuer(self) -> str:
        return str(settings.DEVIDP_ISSUER)

    def add_issuer_parameter(self, authorization_server: Any, response: Any) -> None:
        if response.has_header("Location"):
            response["Location"] = add_params_to_uri(
                response["Location"], {"iss": self.get_issuer()}
            )


class EndSession(EndSessionEndpoint):
    def get_server_jwks(self) -> KeySet:
        return keys.public_keyset()

    def get_algorithms(self) -> list[str]:
        return [keys.ALGORITHM]

    def end_session(self, end_session_request: Any) -> None:
        # DjangoOAuth2Request keeps the Django request it wraps.
        end_session_request.request._request.session.flush()


class AccessTokenValidator(BearerTokenValidator):
    def authenticate_token(self, token_string: str) -> Token | None:
        return (
            Token.objects.select_related("account", "client")
            .filter(access_token_hash=digest(token_string))
            .first()
        )


class Server(AuthorizationServer):
    def save_token(self, token: dict[str, Any], request: Any) -> Token:
        return Token.objects.create(
            access_token_hash=digest(token["access_token"]),
            client=request.client,
            account=request.user,
            authorization_code=request.authorization_code,
            scope=token.get("scope", ""),
            expires_in=token["expires_in"],
        )


def _build() -> Server:
    server = Server(Client, Token)
    server.register_grant(
        AuthorizationCodeGrant, [OpenIDConnect(require_nonce=True), S256Required()]
    )
    server.register_extension(Issuer())
    server.register_endpoint(EndSession)
    return server


server = _build()
protector = ResourceProtector()
protector.register_token_validator(AccessTokenValidator(Token))
