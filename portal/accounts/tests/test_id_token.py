"""Every ID token the portal must refuse (OIDC Core 3.1.3.7), forged and signed by the tests."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

import pytest
from django.test import Client
from joserfc.jwk import RSAKey

from portal.accounts.models import PortalSession
from portal.audit.models import AuditEvent

from .forge_op import ForgeOp
from .helpers import begin, callback, make_user

pytestmark = pytest.mark.django_db


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _refused_with(client: Client, op: ForgeOp, token: str, auth: dict[str, str]) -> AuditEvent:
    op.issue(token)
    response = callback(client, op, auth)
    assert response.status_code == 302
    assert response["Location"] == "/login"
    assert "_auth_user_id" not in client.session
    assert not PortalSession.objects.exists()
    event = AuditEvent.objects.filter(action="sign_in").latest("id")
    assert event.outcome == "failed"
    assert "Sign-in could not be verified" in client.get("/login").content.decode()
    return event


@pytest.fixture
def auth(client: Client, forge_op: ForgeOp) -> dict[str, str]:
    make_user()
    return begin(client, forge_op)


def test_a_signature_by_another_key_is_refused(
    client: Client, forge_op: ForgeOp, auth: dict[str, str]
) -> None:
    impostor = RSAKey.generate_key(2048, parameters={"kid": forge_op.key.kid})
    token = forge_op.sign(forge_op.claims(auth["nonce"]), key=impostor)
    event = _refused_with(client, forge_op, token, auth)
    assert event.reason.startswith("id_token_invalid:")


def test_an_unknown_kid_is_refused_after_one_refetch(
    client: Client, forge_op: ForgeOp, auth: dict[str, str]
) -> None:
    stranger = RSAKey.generate_key(2048, parameters={"kid": "not-published"})
    token = forge_op.sign(forge_op.claims(auth["nonce"]), key=stranger)
    event = _refused_with(client, forge_op, token, auth)
    assert event.reason.startswith("id_token_invalid:")
    assert forge_op.hits["/jwks"] == 2  # the first fetch and one refetch for the unknown kid


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        ({"iss": "https://evil.example"}, "id_token_invalid:invalid_claim"),
        ({"aud": "someone-else"}, "id_token_invalid:invalid_claim"),
        (
            {"aud": ["aidial-portal", "someone-else"], "azp": "aidial-portal"},
            "id_token_invalid:invalid_claim",
        ),
        ({"azp": "someone-else"}, "id_token_invalid:invalid_claim"),
        ({"exp": int(time.time()) - 3600}, "id_token_invalid:expired_token"),
        ({"iat": int(time.time()) + 3600}, "id_token_invalid:invalid_claim"),
        ({"nonce": "another-nonce"}, "id_token_invalid:invalid_claim"),
        ({"sub": None}, "id_token_invalid:missing_claim"),
        ({"iss": None}, "id_token_invalid:missing_claim"),
    ],
)
def test_bad_claims_are_refused(
    client: Client, forge_op: ForgeOp, auth: dict[str, str], claims: dict[str, Any], reason: str
) -> None:
    token = forge_op.sign(forge_op.claims(auth["nonce"], **claims))
    assert _refused_with(client, forge_op, token, auth).reason == reason


def test_a_missing_nonce_is_refused(
    client: Client, forge_op: ForgeOp, auth: dict[str, str]
) -> None:
    claims = forge_op.claims(auth["nonce"])
    del claims["nonce"]
    event = _refused_with(client, forge_op, forge_op.sign(claims), auth)
    assert event.reason == "id_token_invalid:missing_claim"


def test_alg_none_is_refused(client: Client, forge_op: ForgeOp, auth: dict[str, str]) -> None:
    header = {"alg": "none", "kid": forge_op.key.kid}
    token = f"{_b64(header)}.{_b64(forge_op.claims(auth['nonce']))}."
    event = _refused_with(client, forge_op, token, auth)
    assert event.reason.startswith("id_token_invalid:")


def test_hs256_signed_with_the_public_key_is_refused(
    client: Client, forge_op: ForgeOp, auth: dict[str, str]
) -> None:
    forge_op.metadata_overrides["id_token_signing_alg_values_supported"] = ["RS256", "HS256"]
    # The classic key-confusion forgery: HMAC keyed with the provider's public key, by hand,
    # since no JOSE library will build such a token.
    public_pem = forge_op.key.as_pem(private=False)
    signing_input = (
        f"{_b64({'alg': 'HS256', 'kid': forge_op.key.kid})}.{_b64(forge_op.claims(auth['nonce']))}"
    )
    mac = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    token = f"{signing_input}.{base64.urlsafe_b64encode(mac).rstrip(b'=').decode()}"
    event = _refused_with(client, forge_op, token, auth)
    assert event.reason.startswith("id_token_invalid:")


def test_a_token_that_is_not_a_jwt_is_refused(
    client: Client, forge_op: ForgeOp, auth: dict[str, str]
) -> None:
    event = _refused_with(client, forge_op, "not.a-jwt", auth)
    assert event.reason.startswith("id_token_invalid:")


def test_a_flood_of_random_kids_does_not_refetch_the_jwks_per_request(
    client: Client, forge_op: ForgeOp
) -> None:
    make_user()
    for index in range(15):
        auth = begin(client, forge_op)
        stranger = RSAKey.generate_key(2048, parameters={"kid": f"random-{index}"})
        forge_op.issue(forge_op.sign(forge_op.claims(auth["nonce"]), key=stranger))
        assert callback(client, forge_op, auth)["Location"] == "/login"
    assert forge_op.hits["/jwks"] == 2


def test_provider_key_rotation_does_not_break_sign_in(client: Client, forge_op: ForgeOp) -> None:
    make_user()
    auth = begin(client, forge_op)
    forge_op.issue(forge_op.sign(forge_op.claims(auth["nonce"])))
    assert callback(client, forge_op, auth)["Location"] == "/dashboard"
    client.post("/logout")

    new_key = RSAKey.generate_key(2048, parameters={"kid": "k2"})
    forge_op.extra_keys.append(forge_op.key)
    forge_op.key = new_key
    auth = begin(client, forge_op)
    forge_op.issue(forge_op.sign(forge_op.claims(auth["nonce"])))
    assert callback(client, forge_op, auth)["Location"] == "/dashboard"
    assert forge_op.hits["/jwks"] == 2
