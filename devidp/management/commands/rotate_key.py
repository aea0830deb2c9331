from typing import Any

from django.core.management.base import BaseCommand

from ... import keys


class Command(BaseCommand):
    help = "Start signing with a new key; the old one stays published until retire_keys."

    def handle(self, *args: Any, **options: Any) -> None:
        new, previous = keys.rotate()
        self.stdout.write(f"signing with {new}; still published: {', '.join(previous) or '-'}")
