"""Temporary lockout after repeated wrong secrets (passwords and second-factor codes)."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.db.models import F

from .models import Account

log = logging.getLogger(__name__)


def record_failure(account: Account) -> bool:
    """Count a wrong secret; returns whether the account is now locked."""
    Account.objects.filter(pk=account.pk).update(failed_attempts=F("failed_attempts") + 1)
    account.refresh_from_db(fields=["failed_attempts", "locked_until"])
    if account.failed_attempts >= settings.DEVIDP_LOCKOUT_ATTEMPTS:
        account.locked_until = time.time() + settings.DEVIDP_LOCKOUT_SECONDS
        account.failed_attempts = 0
        account.save(update_fields=["locked_until", "failed_attempts"])
        log.info("account %s locked", account.sub)
        return True
    return False


def record_success(account: Account) -> None:
    if account.failed_attempts or account.locked_until:
        account.failed_attempts = 0
        account.locked_until = 0
        account.save(update_fields=["failed_attempts", "locked_until"])
