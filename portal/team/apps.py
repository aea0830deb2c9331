from django.apps import AppConfig


class TeamConfig(AppConfig):
    name = "portal.team"
    label = "team"
