"""Load the demo content of every app, in the order of INSTALLED_APPS.

Each app that has demo content keeps it in its own `demo.py` with a
`load(stdout)` function, so that `home` does not need to know the apps
built on it. Running it twice changes nothing.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create the demo site, pages in Dutch and French, and demo accounts (idempotent)."

    def handle(self, *args, **options):
        if not settings.DEMO_CONTENT_ALLOWED:
            raise CommandError(
                "Demo content has well-known passwords and is only loaded where "
                "DEMO_CONTENT_ALLOWED is set (development and test settings)."
            )
        # No transaction around the whole load: wagtail-localize's on-commit
        # work would then run on stale page trees (the French home page lost
        # its children count). Each step is idempotent, so a rerun completes it.
        for app_config in apps.get_app_configs():
            module_name = f"{app_config.name}.demo"
            if find_spec(module_name) is not None:
                import_module(module_name).load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
