"""``python -m devidp account …``: manage the provider's accounts and their factors."""

from __future__ import annotations

import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from ... import factors
from ...models import Account


def _password(options: dict[str, Any]) -> str:
    value = options.get("password")
    if value:
        return str(value)
    first = getpass.getpass("New password: ")
    if first != getpass.getpass("Repeat it: "):
        raise CommandError("the passwords differ")
    return first


class Command(BaseCommand):
    help = (
        "Add, update and list accounts; set passwords; enrol or reset TOTP; issue recovery codes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        add = actions.add_parser("add", help="create an account")
        add.add_argument("email")
        add.add_argument("--name", default="")
        add.add_argument("--password", help="prompted for when left out")
        add.add_argument("--unverified", action="store_true", help="email_verified = false")
        update = actions.add_parser("update", help="change name or email verification")
        update.add_argument("email")
        update.add_argument("--name")
        verified = update.add_mutually_exclusive_group()
        verified.add_argument("--verified", dest="verified", action="store_true", default=None)
        verified.add_argument("--unverified", dest="verified", action="store_false")
        actions.add_parser("list", help="list the accounts")
        setpw = actions.add_parser("set-password", help="set an account's password")
        setpw.add_argument("email")
        setpw.add_argument("--password", help="prompted for when left out")
        enrol = actions.add_parser("enrol-totp", help="give the account a TOTP factor")
        enrol.add_argument("email")
        enrol.add_argument("--secret", help="base32 secret; random when left out")
        reset = actions.add_parser("reset-totp", help="remove the TOTP factor and recovery codes")
        reset.add_argument("email")
        codes = actions.add_parser("recovery-codes", help="issue ten new recovery codes")
        codes.add_argument("email")
        unlock = actions.add_parser("unlock", help="lift a temporary lockout")
        unlock.add_argument("email")

    def _account(self, email: str) -> Account:
        account = Account.objects.filter(email=email.strip().lower()).first()
        if account is None:
            raise CommandError(f"no account {email!r}")
        return account

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "list":
            self._list()
            return
        if action == "add":
            if Account.objects.filter(email=options["email"].strip().lower()).exists():
                raise CommandError(f"account {options['email']!r} exists already")
            account = Account(
                email=options["email"],
                name=options["name"],
                email_verified=not options["unverified"],
            )
            account.set_password(_password(options))
            account.save()
            self.stdout.write(f"added {account.email} (sub {account.sub})")
            return
        account = self._account(options["email"])
        getattr(self, "_" + action.replace("-", "_"))(account, options)

    def _list(self) -> None:
        for a in Account.objects.order_by("email"):
            flags = [
                "verified" if a.email_verified else "unverified",
                "totp" if a.mfa_enrolled else "no-mfa",
                *(["locked"] if a.is_locked() else []),
            ]
            self.stdout.write(f"{a.email}\t{a.name}\t{a.sub}\t{','.join(flags)}")

    def _update(self, account: Account, options: dict[str, Any]) -> None:
        if options["name"] is not None:
            account.name = options["name"]
        if options["verified"] is not None:
            account.email_verified = options["verified"]
        account.save()
        self.stdout.write(f"updated {account.email}")

    def _set_password(self, account: Account, options: dict[str, Any]) -> None:
        account.set_password(_password(options))
        account.failed_attempts = 0
        account.locked_until = 0
        account.save()
        self.stdout.write(f"password set for {account.email}")

    def _enrol_totp(self, account: Account, options: dict[str, Any]) -> None:
        secret = (options["secret"] or factors.new_totp_secret()).replace(" ", "").upper()
        if not factors.is_valid_secret(secret):
            raise CommandError("the secret must be base32 and at least 112 bits (23 characters)")
        with transaction.atomic():
            codes = factors.enrol_totp(account, secret)
        self.stdout.write(f"TOTP secret for {account.email}: {account.totp_secret}")
        self._print_codes(codes)

    def _reset_totp(self, account: Account, options: dict[str, Any]) -> None:
        factors.reset_totp(account)
        self.stdout.write(f"TOTP and recovery codes removed for {account.email}")

    def _recovery_codes(self, account: Account, options: dict[str, Any]) -> None:
        if not account.mfa_enrolled:
            raise CommandError("the account has no TOTP factor; enrol one first")
        self._print_codes(factors.issue_recovery_codes(account))

    def _unlock(self, account: Account, options: dict[str, Any]) -> None:
        account.failed_attempts = 0
        account.locked_until = 0
        account.save()
        self.stdout.write(f"unlocked {account.email}")

    def _print_codes(self, codes: list[str]) -> None:
        self.stdout.write("Recovery codes (shown once):")
        for code in codes:
            self.stdout.write(f"  {code}")
