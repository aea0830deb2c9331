"""Signing in through the forged provider with Django's test client."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.test import Client

from portal.accounts.models import PortalUser
from portal.tenancy.models import Membership, Tenant

from .forge_op import ForgeOp

AVA = "ava.admin@acme.example"


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


TENANT_FOR_ROLE = {
    **dict.fromkeys(
        ("client_admin", "client_manager", "client_staff"), ("acme", "Acme Dental", "client")
    ),
    **dict.fromkeys(("partner_admin", "partner_user"), ("northwind", "Northwind", "partner")),
    **dict.fromkeys(("aidial_admin", "aidial_operator"), ("aidial", "AiDial", "internal")),
}


def make_user(
    email: str = AVA, name: str = "Ava Admin", *, role: str = "client_admin"
) -> PortalUser:
    """A portal user with a membership in an active tenant of the role's kind."""
    slug, name_, kind = TENANT_FOR_ROLE.get(role, TENANT_FOR_ROLE["client_admin"])
    tenant, _ = Tenant.objects.get_or_create(slug=slug, defaults={"name": name_, "kind": kind})
    user = PortalUser.objects.create_user(email, name=name)
    Membership.objects.create(user=user, tenant=tenant, role=role)
    return user


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
