"""Keeps the search index in step with the pages: what a page says is read
generically from its Wagtail `search_fields`, plus optional hooks a page type
may define (`search_extra_text`, `search_facets`, `search_date`), so that this
app does not need to know the offer or the stories."""

from django.db import transaction
from django.utils import translation
from django.utils.html import strip_tags
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .analysis import analyze
from .models import SearchEntry


def _field_text(page, search_field):
    name = search_field.field_name
    try:
        field = page._meta.get_field(name)
    except Exception:  # noqa: BLE001 - a method or property, not a model field
        field = None
    value = getattr(page, name, "")
    if callable(value):
        value = value()
    if isinstance(field, StreamField):
        return " ".join(str(part) for part in field.stream_block.get_searchable_content(value))
    if isinstance(field, RichTextField):
        return strip_tags(value or "")
    return strip_tags(str(value or ""))


def page_text(page):
    parts = [page.search_description]
    for search_field in page.search_fields:
        if isinstance(search_field, index.SearchField) and search_field.field_name != "title":
            parts.append(_field_text(page, search_field))
    extra = getattr(page, "search_extra_text", None)
    if extra is not None:
        parts.append(extra())
    return " ".join(part for part in parts if part).strip()


def _padded(tokens):
    return f" {' '.join(tokens)} " if tokens else ""


def is_searchable(page):
    return page.live and page.depth > 1 and not page.get_view_restrictions().exists()


def update_page(page):
    """Index a page as it is now, or drop it when it is no longer public."""
    page = page.specific
    if not is_searchable(page):
        SearchEntry.objects.filter(page_id=page.pk).delete()
        return None
    language = page.locale.language_code
    # Labels (kinds, provinces) in the page's own language.
    with translation.override(language):
        body = page_text(page)
        facets = page.search_facets() if hasattr(page, "search_facets") else {}
        kind = str(page.get_verbose_name())
    date = page.search_date() if hasattr(page, "search_date") else page.first_published_at
    entry, _created = SearchEntry.objects.update_or_create(
        page_id=page.pk,
        defaults={
            "language": language,
            "kind": kind,
            "title": page.title,
            "body": body,
            "tokens": _padded(analyze(f"{page.title} {body}", language)),
            "title_tokens": _padded(analyze(page.title, language)),
            "facets": facets,
            "date": date,
            "url_path": page.url_path,
        },
    )
    return entry


def remove_page(page):
    SearchEntry.objects.filter(page_id=page.pk).delete()


def rebuild(progress=None):
    """Index every live page again; `progress(done, total)` is told along the way."""
    pages = Page.objects.live().filter(depth__gt=1).specific()
    total = pages.count()
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        for done, page in enumerate(pages.iterator(), start=1):
            update_page(page)
            if progress:
                progress(done, total)
    return total
