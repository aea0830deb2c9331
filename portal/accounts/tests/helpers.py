"""Signing in through the forged provider with Django's test client."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.test import Client

from portal.accounts.models import PortalUser

from .forge_op import ForgeOp

AVA = "ava.admin@acme.example"


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def make_user(email: str = AVA, name: str = "Ava Admin") -> PortalUser:
    return PortalUser.objects.create_user(email, name=name)


def begin(client: Client, op: ForgeOp, email: str = AVA, **form: str) -> dict[str, str]:
    """POST /login; returns the authorization request's parameters."""
    response = client.post("/login", {"email": email, **form})
    assert response.status_code == 302, response.content
    url = response["Location"]
    assert url.startswith(f"{op.issuer}/authorize?")
    return query(url)


def callback(client: Client, op: ForgeOp, auth: dict[str, str], **params: Any) -> Any:
    data = {"code": "code-1", "state": auth["state"], "iss": op.issuer}
    data.update(params)
    return client.get("/auth/callback", {k: v for k, v in data.items() if v is not None})


def sign_in(client: Client, op: ForgeOp, **claims: Any) -> Any:
    auth = begin(client, op)
    op.issue(op.sign(op.claims(auth["nonce"], **claims)))
    response = callback(client, op, auth)
    assert response.status_code == 302, response.content
    return response
