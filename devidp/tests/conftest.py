from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import override_settings

from devidp import factors
from devidp.models import Account, Client

from .relying_party import CLIENT_ID, CLIENT_SECRET, Provider

PASSWORD = "correct horse battery staple"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture
def provider(live_server: Any, tmp_path: Any) -> Iterator[Provider]:
    issuer = live_server.url
    with override_settings(
        DEVIDP_ISSUER=issuer,
        DEVIDP_KEYS_FILE=tmp_path / "keys.json",
        PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"],
    ):
        client = Client(client_id=CLIENT_ID, name="Test RP")
        client.redirect_uris = ["http://rp.example/callback"]
        client.post_logout_redirect_uris = ["http://rp.example/signed-out"]
        client.set_secret(CLIENT_SECRET)
        client.save()
        yield Provider(issuer)


def make_account(email: str = "user@example.com", *, totp: bool = False, **fields: Any) -> Account:
    account = Account(email=email, name=fields.pop("name", "Test User"), **fields)
    account.set_password(PASSWORD)
    account.save()
    if totp:
        factors.enrol_totp(account, TOTP_SECRET)
    return account


@pytest.fixture
def account(transactional_db: None) -> Account:
    return make_account()


@pytest.fixture
def totp_account(transactional_db: None) -> Account:
    return make_account("mfa@example.com", totp=True)
