from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "portal.access"
    label = "access"
    verbose_name = "Access policy"

    def ready(self) -> None:
        from portal.access import invalidation  # noqa: F401 (connects the signal handlers)
