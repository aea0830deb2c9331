"""``manage.py provision FILE.json``: create or update tenants, projects and portal users."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal.tenancy.services import ProvisionError, provision


class Command(BaseCommand):
    help = (
        "Create or update tenants, projects, portal users and their memberships from a JSON "
        'file: {"tenants": [{"slug", "name", "kind", "status", "plan", "features", "partner", '
        '"projects": [{"slug", "name"}]}], "users": [{"email", "name", "role", "tenant", '
        '"projects": "*" or [slugs], "clients": "*" or [slugs]}]}. '
        "The whole file is checked first; if any row is wrong, every problem is listed and "
        "nothing is written. Running the same file again changes nothing. Provisioning only "
        "adds and updates: tenants, projects and users the file leaves out are left alone, "
        "never deleted. A key a row leaves out takes its default, also for existing rows."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE.json", help="the provisioning file")

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["file"]
        try:
            text = Path(name).read_text(encoding="utf-8")
        except OSError as error:
            raise CommandError(f"{name}: cannot be read ({error.strerror})") from None
        except UnicodeDecodeError:
            raise CommandError(f"{name}: is not UTF-8 text") from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise CommandError(
                f"{name}: not valid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
            ) from None
        try:
            result = provision(data=data)
        except ProvisionError as error:
            count = len(error.errors)
            self.stderr.write(
                f"{name}: {count} problem{'s' if count != 1 else ''}; nothing was written."
            )
            raise CommandError("\n".join(error.errors)) from None
        self.stdout.write(f"{name}: {result.summary()}")
