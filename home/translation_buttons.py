"""wagtail-localize's "Translate this page" and "Sync translated pages"
buttons in the page explorer, answered for the whole listing in its query.

wagtail-localize (1.x) decides both buttons with two or three queries for
every row (is a locale left to translate into? is the page a source with
translations?): 130 of the 140 queries of a listing of 50 pages. Here the
explorer's queryset carries both answers as annotations (Wagtail's
`construct_explorer_page_queryset` hook), and the buttons hook reads them;
anywhere else (a page without them) wagtail-localize's own hook answers.
The buttons, their rules and their words are wagtail-localize's.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.widgets import ListingButton
from wagtail.models import Locale, Page
from wagtail_localize import wagtail_hooks as localize_hooks
from wagtail_localize.models import TranslationSource

HOOK = "register_page_listing_more_buttons"
UNKNOWN = object()


def annotate_translation_state(parent_page, pages, request):
    """The `construct_explorer_page_queryset` hook: each page knows whether
    a locale is left to translate it into (aliases count as untranslated, as
    in wagtail-localize) and the id of its enabled translation source."""
    translated_locales = Page.objects.filter(
        translation_key=OuterRef(OuterRef("translation_key")), alias_of__isnull=True
    ).values("locale_id")
    enabled_source = TranslationSource.objects.filter(
        object__translation_key=OuterRef("translation_key"),
        object__content_type=ContentType.objects.get_for_model(Page),
        locale_id=OuterRef("locale_id"),
        translations__enabled=True,
    ).values("pk")[:1]
    return pages.annotate(
        _localize_untranslated=Exists(Locale.objects.exclude(id__in=translated_locales)),
        _localize_source_id=Subquery(enabled_source),
    )


def translation_buttons(page, user, view_name=None, next_url=None):
    """wagtail-localize's page_listing_more_buttons, from the annotations."""
    untranslated = getattr(page, "_localize_untranslated", UNKNOWN)
    if untranslated is UNKNOWN:
        yield from localize_hooks.page_listing_more_buttons(page, user, view_name, next_url)
        return
    if page.is_root() or not user.has_perm("wagtail_localize.submit_translation"):
        return
    if untranslated:
        url = reverse(
            "wagtail_localize:submit_page_translation", args=[page.alias_of_id or page.id]
        )
        yield ListingButton(
            _("Translate this page"), url, priority=60, icon_name="wagtail-localize-language"
        )
    if page._localize_source_id is not None:
        url = reverse("wagtail_localize:update_translations", args=[page._localize_source_id])
        if next_url is not None:
            url += "?" + urlencode({"next": next_url})
        yield ListingButton(_("Sync translated pages"), url, priority=60, icon_name="resubmit")


def replace_localize_listing_buttons():
    """Put translation_buttons in the place of wagtail-localize's listing hook
    (its page header hook stays: one page, a few queries). Wagtail has no way
    to unregister a hook, hence the registry itself: its one hook on the
    listing's buttons, `construct_page_listing_buttons`, comes after the "More"
    dropdown has asked every hook for its buttons, queries and all.
    tests/home/test_translation_buttons.py fails when wagtail-localize
    registers or decides its buttons otherwise."""
    registered = hooks._hooks.get(HOOK, [])
    hooks._hooks[HOOK] = [
        (translation_buttons, order)
        if fn is localize_hooks.page_listing_more_buttons
        else (fn, order)
        for fn, order in registered
    ]
    hooks.register("construct_explorer_page_queryset", annotate_translation_state)
