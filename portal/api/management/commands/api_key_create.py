"""``manage.py api_key_create --tenant SLUG --name NAME [--project SLUG ...] [--expires-days N]``

Creates an API key for a client tenant and prints it once, alone on stdout, for scripts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from portal.api.services import api_key_create
from portal.tenancy.models import Project, Tenant


class Command(BaseCommand):
    help = "Create an API key for a client tenant and print it once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tenant", required=True, help="the client tenant's slug")
        parser.add_argument("--name", required=True, help="what the key is for")
        parser.add_argument(
            "--project",
            action="append",
            default=[],
            metavar="SLUG",
            help="narrow the key to this project (repeat for several; default: all projects)",
        )
        parser.add_argument("--expires-days", type=int, default=None, metavar="N")

    def handle(self, *args: Any, **options: Any) -> None:
        tenant = Tenant.objects.filter(slug=options["tenant"]).first()
        if tenant is None:
            raise CommandError(f"No tenant with the slug {options['tenant']!r}.")
        slugs: list[str] = options["project"]
        projects = list(Project.objects.filter(tenant=tenant, slug__in=slugs))
        missing = sorted(set(slugs) - {project.slug for project in projects})
        if missing:
            raise CommandError(f"{tenant.slug} has no project {', '.join(missing)}.")
        days: int | None = options["expires_days"]
        if days is not None and days < 1:
            raise CommandError("--expires-days must be at least 1.")
        expires_at = timezone.now() + dt.timedelta(days=days) if days is not None else None
        try:
            created = api_key_create(
                actor=None,
                tenant=tenant,
                name=options["name"],
                expires_at=expires_at,
                projects=projects,
                request=None,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(created.plaintext)
