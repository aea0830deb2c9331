"""Second factors: TOTP (RFC 6238, via pyotp) and single-use recovery codes."""

from __future__ import annotations

import binascii
import secrets
import time

import pyotp
import segno
from django.db import transaction
from django.utils import timezone

from .models import Account, RecoveryCode, digest

RECOVERY_CODE_COUNT = 10
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_totp_secret() -> str:
    return pyotp.random_base32()


def is_valid_secret(secret: str) -> bool:
    try:
        pyotp.TOTP(secret).byte_secret()
    except (ValueError, binascii.Error):
        return False
    return True


def provisioning_uri(account: Account, secret: str, issuer_name: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=account.email, issuer_name=issuer_name)


def qr_svg_data_uri(uri: str) -> str:
    return str(segno.make(uri, error="m").svg_data_uri(scale=5))


def totp_matches(secret: str, code: str, *, last_step: int = 0) -> int | None:
    """The time step the code belongs to, when it is valid and newer than ``last_step``."""
    code = code.strip().replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    now = time.time()
    for offset in (0, -1, 1):
        at = now + offset * totp.interval
        step = int(at // totp.interval)
        if step > last_step and secrets.compare_digest(totp.at(at), code):
            return step
    return None


def verify_totp(account: Account, code: str) -> bool:
    """Check a code for the account's factor; an accepted code cannot be used again."""
    step = totp_matches(account.totp_secret, code, last_step=account.totp_last_step)
    if step is None:
        return False
    updated = Account.objects.filter(pk=account.pk, totp_last_step__lt=step).update(
        totp_last_step=step
    )
    return bool(updated)


def _normalise(code: str) -> str:
    return code.strip().upper().replace("-", "").replace(" ", "")


def new_recovery_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def issue_recovery_codes(account: Account, codes: list[str] | None = None) -> list[str]:
    """Replace the account's recovery codes; the plain codes are returned once, never stored."""
    codes = codes or [new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    with transaction.atomic():
        RecoveryCode.objects.filter(account=account).delete()
        RecoveryCode.objects.bulk_create(
            RecoveryCode(account=account, code_hash=digest(_normalise(c))) for c in codes
        )
    return codes


def use_recovery_code(account: Account, code: str) -> bool:
    updated = RecoveryCode.objects.filter(
        account=account, code_hash=digest(_normalise(code)), used_at__isnull=True
    ).update(used_at=timezone.now())
    return bool(updated)


def enrol_totp(account: Account, secret: str) -> list[str]:
    """Give the account its TOTP factor and a fresh set of recovery codes."""
    with transaction.atomic():
        account.totp_secret = secret
        account.totp_last_step = 0
        account.save(update_fields=["totp_secret", "totp_last_step"])
        return issue_recovery_codes(account)


def reset_totp(account: Account) -> None:
    with transaction.atomic():
        account.totp_secret = ""
        account.totp_last_step = 0
        account.save(update_fields=["totp_secret", "totp_last_step"])
        RecoveryCode.objects.filter(account=account).delete()
