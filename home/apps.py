from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Home and content pages")

    def ready(self):
        from wagtail.models import Page
        from wagtail.permissions import register_permission_policy

        from . import aliases
        from .page_cache import connect_signals
        from .page_permissions import PortalPagePermissionPolicy

        connect_signals()
        aliases.connect_signals()
        # Before any admin view asks for it (see home/page_permissions.py).
        register_permission_policy(Page, PortalPagePermissionPolicy(Page))
