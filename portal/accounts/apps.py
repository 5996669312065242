from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = _("Members")

    def ready(self):
        from . import signals  # noqa: F401
        from .wagtail_mail import replace_wagtails_workflow_mail

        replace_wagtails_workflow_mail()
