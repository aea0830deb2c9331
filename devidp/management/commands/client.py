"""``python -m devidp client …``: register the relying parties."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...models import Client


class Command(BaseCommand):
    help = "Register (or update) and list relying-party clients."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        register = actions.add_parser("register", help="create or update a client")
        register.add_argument("client_id")
        register.add_argument("--secret", required=True)
        register.add_argument("--name", default="")
        register.add_argument("--redirect-uri", action="append", required=True, dest="redirect")
        register.add_argument(
            "--post-logout-redirect-uri", action="append", default=[], dest="post_logout"
        )
        actions.add_parser("list", help="list the clients")
        remove = actions.add_parser("remove", help="delete a client")
        remove.add_argument("client_id")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            for c in Client.objects.order_by("client_id"):
                self.stdout.write(
                    f"{c.client_id}\tredirect: {' '.join(c.redirect_uris)}\t"
                    f"post-logout: {' '.join(c.post_logout_redirect_uris)}"
                )
            return
        if options["action"] == "remove":
            deleted, _ = Client.objects.filter(client_id=options["client_id"]).delete()
            if not deleted:
                raise CommandError(f"no client {options['client_id']!r}")
            self.stdout.write(f"removed {options['client_id']}")
            return
        for uri in options["redirect"] + options["post_logout"]:
            if not uri.startswith(("https://", "http://")) or "#" in uri:
                raise CommandError(f"not an absolute http(s) URI without fragment: {uri!r}")
        client, created = Client.objects.get_or_create(client_id=options["client_id"])
        client.name = options["name"] or client.name
        client.redirect_uris = options["redirect"]
        client.post_logout_redirect_uris = options["post_logout"]
        client.set_secret(options["secret"])
        client.save()
        self.stdout.write(f"{'registered' if created else 'updated'} client {client.client_id}")
