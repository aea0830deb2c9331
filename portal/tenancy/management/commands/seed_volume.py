"""``manage.py seed_volume``: realistic demo volume around the named demo accounts.

    manage.py seed_volume --tenants 20 --users 200 --calls 100000 [--seed N]

Replaces whatever an earlier run generated (see ``portal.tenancy.volume``), in one transaction.
``--skip-if-present`` leaves existing generated data alone, which is what ``make run`` uses to
start quickly the second time.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from portal.tenancy.volume import BATCH_SIZE, Scale, volume_generate, volume_present


def _moment(value: str) -> dt.datetime:
    moment = parse_datetime(value)
    if moment is None:
        raise ValueError(value)
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment, dt.UTC)


class Command(BaseCommand):
    help = (
        "Generate demo volume: tenants (clients, partners with clients, suspended and closed "
        "ones), users in every role, calls over the last 90 days, support tickets, invoices and "
        "audit events. Replaces an earlier run's rows; the same seed gives the same data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tenants", type=int, default=20, help="generated tenants (>= 3)")
        parser.add_argument("--users", type=int, default=200, help="generated users (>= 7)")
        parser.add_argument("--calls", type=int, default=100_000, help="generated calls")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--batch-size", type=int, default=BATCH_SIZE, help="rows per bulk insert"
        )
        parser.add_argument(
            "--now",
            type=_moment,
            default=None,
            help="generate as if it were this ISO 8601 moment (default: now)",
        )
        parser.add_argument(
            "--skip-if-present",
            action="store_true",
            help="do nothing when generated data is already there",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["skip_if_present"] and volume_present():
            self.stdout.write("Demo volume: already there, left alone")
            return
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1")
        scale = Scale(
            tenants=options["tenants"],
            users=options["users"],
            calls=options["calls"],
            seed=options["seed"],
            now=options["now"] or timezone.now(),
            batch_size=options["batch_size"],
        )
        started = time.perf_counter()
        try:
            summary = volume_generate(scale=scale)
        except ValueError as error:
            raise CommandError(str(error)) from None
        seconds = time.perf_counter() - started
        self.stdout.write(f"Demo volume (seed {scale.seed}): {summary}; {seconds:.1f} s")
