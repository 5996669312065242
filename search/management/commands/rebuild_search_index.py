"""Rebuild the portal's search index from every live page, with a progress bar."""

from django.core.management.base import BaseCommand

from search.indexing import rebuild


class Command(BaseCommand):
    help = "Rebuild the search index of the portal (both languages)."

    def handle(self, *args, **options):
        def progress(done, total):
            width = 30
            filled = int(width * done / total) if total else width
            self.stdout.write(
                f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending=""
            )

        total = rebuild(progress)
        self.stdout.write(f"\n{total} pages and documents indexed.")
