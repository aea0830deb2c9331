"""The provider's command-line tool."""

from __future__ import annotations

import os
import stat
from io import StringIO
from pathlib import Path

import pyotp
import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from devidp import keys
from devidp.models import Account, Client, RecoveryCode

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_account_lifecycle() -> None:
    assert "added new@example.com" in run(
        "account", "add", "New@Example.com", "--name", "New Person", "--password", "pw-one-two"
    )
    account = Account.objects.get(email="new@example.com")
    assert account.check_password("pw-one-two")
    assert account.password_hash.startswith("argon2$")
    assert account.email_verified is True

    run("account", "update", "new@example.com", "--name", "Renamed", "--unverified")
    account.refresh_from_db()
    assert (account.name, account.email_verified) == ("Renamed", False)

    run("account", "set-password", "new@example.com", "--password", "pw-three")
    account.refresh_from_db()
    assert account.check_password("pw-three")

    listing = run("account", "list")
    assert "new@example.com\tRenamed" in listing
    assert "unverified,no-mfa" in listing


def test_totp_enrolment_reset_and_recovery_codes() -> None:
    run("account", "add", "mfa@example.com", "--password", "pw")
    with pytest.raises(CommandError, match="at least 112 bits"):
        run("account", "enrol-totp", "mfa@example.com", "--secret", "JBSWY3DPEHPK3PXP")
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    out = run("account", "enrol-totp", "mfa@example.com", "--secret", secret.lower())
    assert f"TOTP secret for mfa@example.com: {secret}" in out
    account = Account.objects.get(email="mfa@example.com")
    assert account.mfa_enrolled
    assert pyotp.TOTP(account.totp_secret).now()
    assert RecoveryCode.objects.filter(account=account).count() == 10

    codes = run("account", "recovery-codes", "mfa@example.com").splitlines()[1:]
    assert len(codes) == 10
    stored = set(RecoveryCode.objects.filter(account=account).values_list("code_hash", flat=True))
    assert not stored & {c.strip() for c in codes}

    run("account", "reset-totp", "mfa@example.com")
    account.refresh_from_db()
    assert not account.mfa_enrolled
    assert not RecoveryCode.objects.filter(account=account).exists()
    with pytest.raises(CommandError, match="no TOTP factor"):
        run("account", "recovery-codes", "mfa@example.com")


def test_duplicate_and_unknown_accounts_are_errors() -> None:
    run("account", "add", "a@example.com", "--password", "pw")
    with pytest.raises(CommandError, match="exists already"):
        run("account", "add", "A@example.com", "--password", "pw")
    with pytest.raises(CommandError, match="no account"):
        run("account", "set-password", "b@example.com", "--password", "pw")


def test_client_registration_is_idempotent() -> None:
    args = (
        "client",
        "register",
        "portal",
        "--secret",
        "s3cret",
        "--redirect-uri",
        "http://127.0.0.1:8000/auth/callback",
        "--post-logout-redirect-uri",
        "http://127.0.0.1:8000/auth/signed-out",
    )
    assert "registered client portal" in run(*args)
    assert "updated client portal" in run(*args)
    client = Client.objects.get()
    assert client.redirect_uris == ["http://127.0.0.1:8000/auth/callback"]
    assert client.post_logout_redirect_uris == ["http://127.0.0.1:8000/auth/signed-out"]
    assert client.check_client_secret("s3cret")
    assert "s3cret" not in client.secret_hash
    with pytest.raises(CommandError, match="absolute"):
        run("client", "register", "x", "--secret", "s", "--redirect-uri", "/relative")


def test_demo_seed_matches_its_file() -> None:
    from devidp.management.commands.seed_demo import demo_accounts

    run("seed_demo")
    run("seed_demo")  # idempotent
    assert Account.objects.count() == len(demo_accounts())
    for item in demo_accounts():
        account = Account.objects.get(email=item["email"])
        assert account.check_password(item["password"])
        assert account.totp_secret == item.get("totp_secret", "")


def test_keys_are_created_on_first_use_with_private_file_mode(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    with override_settings(DEVIDP_KEYS_FILE=path):
        assert not path.exists()
        kid = keys.signing_key().kid
        assert path.exists()
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert keys.signing_key().kid == kid  # kept, not regenerated
