"""The content languages, by code, for querysets to filter on.

Wagtail's `Locale.get_active()` and `Locale.get_default()` each read the
locale row again, several times in one page view; filtering on
`locale__language_code` with these codes joins the locale instead.
"""

from django.conf import settings
from django.utils.translation import get_language
from wagtail.coreutils import get_supported_content_language_variant


def active_language():
    """The content language of the request, as `Locale.get_active()` finds it."""
    return get_supported_content_language_variant(get_language())


def source_language():
    """The language pages are written in and translated from (Dutch), as
    `Locale.get_default()` finds it."""
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def localized(page):
    """`page.localized`: its translation in the active language, or itself.
    A page in the active language already (its locale loaded with it, as
    `select_related("page__locale")` does) is returned without reading
    the active locale's row, which `page.localized` reads every time."""
    try:
        if page.locale.language_code == active_language():
            return page
    except LookupError:
        pass
    return page.localized
