"""``python -m devidp seed_demo``: the demo accounts that match the portal's demo data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from ... import factors
from ...models import Account

DEMO_FILE = Path(__file__).resolve().parents[2] / "demo_accounts.json"


def demo_accounts() -> list[dict[str, Any]]:
    accounts: list[dict[str, Any]] = json.loads(DEMO_FILE.read_text())["accounts"]
    return accounts


class Command(BaseCommand):
    help = "Create or reset the demo accounts (development passwords, TOTP secrets, codes)."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            for item in demo_accounts():
                account = Account.objects.filter(email=item["email"]).first() or Account(
                    email=item["email"]
                )
                account.name = item["name"]
                account.email_verified = item["email_verified"]
                account.failed_attempts = 0
                account.locked_until = 0
                account.set_password(item["password"])
                account.totp_secret = item.get("totp_secret", "")
                account.totp_last_step = 0
                account.save()
                if account.totp_secret:
                    factors.issue_recovery_codes(account, list(item["recovery_codes"]))
                else:
                    factors.reset_totp(account)
        self.stdout.write(f"seeded {len(demo_accounts())} demo accounts")
