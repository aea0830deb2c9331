from typing import Any

from django.core.management.base import BaseCommand

from ... import keys


class Command(BaseCommand):
    help = "Stop publishing the keys that no longer sign."

    def handle(self, *args: Any, **options: Any) -> None:
        retired = keys.retire_previous()
        self.stdout.write(f"retired: {', '.join(retired) or 'none'}")
