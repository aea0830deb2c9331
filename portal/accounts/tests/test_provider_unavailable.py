"""The identity provider unreachable, failing or slow (spec section 10)."""

from __future__ import annotations

import pytest
from django.test import Client

from portal.audit.models import AuditEvent

from .forge_op import ForgeOp
from .helpers import AVA, begin, callback, make_user

pytestmark = pytest.mark.django_db

UNAVAILABLE = "The identity provider is temporarily unavailable — try again shortly"


def _unavailable(response: object, reason_prefix: str) -> None:
    assert response.status_code == 503  # type: ignore[attr-defined]
    body = response.content.decode()  # type: ignore[attr-defined]
    assert UNAVAILABLE in body
    assert "Traceback" not in body
    event = AuditEvent.objects.filter(action="sign_in").latest("id")
    assert event.outcome == "failed"
    assert event.reason.startswith(f"idp_unavailable:{reason_prefix}")


def test_discovery_5xx(client: Client, forge_op: ForgeOp) -> None:
    forge_op.fail_with = 502
    _unavailable(client.post("/login", {"email": AVA}), "http_502")


def test_discovery_unreachable(client: Client, settings: object) -> None:
    settings.AIDIAL_OIDC_ISSUER = "http://127.0.0.1:9"  # type: ignore[attr-defined]
    _unavailable(client.post("/login", {"email": AVA}), "connectionerror")


def test_discovery_too_slow(client: Client, forge_op: ForgeOp) -> None:
    forge_op.delay_seconds = 1.5  # the portal waits one second in these tests
    _unavailable(client.post("/login", {"email": AVA}), "timeout")


def test_a_discovery_document_for_another_issuer(client: Client, forge_op: ForgeOp) -> None:
    forge_op.metadata_overrides["issuer"] = "https://evil.example"
    _unavailable(client.post("/login", {"email": AVA}), "discovery_issuer_mismatch")


def test_token_endpoint_5xx(client: Client, forge_op: ForgeOp) -> None:
    make_user()
    auth = begin(client, forge_op)
    forge_op.token_response = lambda form: (500, {"error": "server_error"})
    _unavailable(callback(client, forge_op, auth), "http_500")


def test_jwks_unreachable(client: Client, forge_op: ForgeOp) -> None:
    make_user()
    auth = begin(client, forge_op)
    forge_op.issue(forge_op.sign(forge_op.claims(auth["nonce"])))
    forge_op.metadata_overrides["jwks_uri"] = "http://127.0.0.1:9/jwks"
    from portal.accounts import oidc

    oidc._apps.clear()
    _unavailable(callback(client, forge_op, auth), "connectionerror")


def test_the_portal_recovers_without_a_restart(client: Client, forge_op: ForgeOp) -> None:
    make_user()
    forge_op.fail_with = 503
    assert client.post("/login", {"email": AVA}).status_code == 503
    assert client.get("/healthz").status_code == 200
    forge_op.fail_with = 0
    auth = begin(client, forge_op)
    forge_op.issue(forge_op.sign(forge_op.claims(auth["nonce"])))
    assert callback(client, forge_op, auth)["Location"] == "/dashboard"


def test_a_provider_that_signs_only_with_hmac_is_not_trusted(
    client: Client, forge_op: ForgeOp
) -> None:
    forge_op.metadata_overrides["id_token_signing_alg_values_supported"] = ["HS256", "none"]
    _unavailable(client.post("/login", {"email": AVA}), "no_asymmetric_alg")
