from django.apps import AppConfig


class BackgroundConfig(AppConfig):
    name = "portal.background"
    label = "background"
