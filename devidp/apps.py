from django.apps import AppConfig


class DevIdpConfig(AppConfig):
    name = "devidp"
    label = "devidp"
    verbose_name = "Local identity provider"
