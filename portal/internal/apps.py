from django.apps import AppConfig


class InternalConfig(AppConfig):
    name = "portal.internal"
    label = "internal"
