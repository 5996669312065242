"""Reading pages in few queries."""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from wagtail.models import PageViewRestriction

from .page_cache import remembered


def specific_pages(pages):
    """The specific version of each of `pages`, already read as plain pages,
    in their order: one query per page type. (Wagtail's `.specific()` reads
    the plain pages again first, and loses their annotations.)"""
    pages = list(pages)
    ids_by_type = defaultdict(list)
    for page in pages:
        ids_by_type[page.content_type_id].append(page.pk)
    found = {}
    for content_type_id, ids in ids_by_type.items():
        # get_for_id is cached for the life of the process.
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        found.update(model.objects.in_bulk(ids))
    return [found[page.pk] for page in pages if page.pk in found]


def public(pages):
    """`pages` without those behind a view restriction (password, log-in,
    groups) or below one: Wagtail's `.public()`, which reads every
    restriction again in each call. The restricted paths are kept until a
    restriction changes or a page moves (the outline, home/page_cache.py)."""
    paths = remembered(
        "restricted-paths",
        lambda: list(PageViewRestriction.objects.values_list("page__path", flat=True)),
        outline=True,
    )
    for path in paths:
        pages = pages.exclude(path__startswith=path)
    return pages
