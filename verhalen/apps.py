from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerhalenConfig(AppConfig):
    name = "verhalen"
    verbose_name = _("Stories and reports")

    def ready(self):
        from . import signals  # noqa: F401
