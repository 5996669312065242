"""Translatable snippets of the home app in the admin: footer text, themes
and guiding principles; the translation buttons of the page explorer."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import FooterText
from .taxonomy import GuidingPrinciple, Theme
from .translation_buttons import replace_localize_listing_buttons


class FooterTextViewSet(SnippetViewSet):
    model = FooterText
    icon = "doc-full"
    menu_label = _("Footer text")
    search_backend_name = None
    list_display = ["__str__", "locale"]


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Themes")
    search_backend_name = None
    search_fields = ["name"]
    list_display = ["name", "slug", "locale"]
    list_filter = ["locale"]


class GuidingPrincipleViewSet(SnippetViewSet):
    model = GuidingPrinciple
    icon = "pick"
    menu_label = _("Guiding principles")
    search_backend_name = None
    search_fields = ["name"]
    list_display = ["name", "slug", "locale"]
    list_filter = ["locale"]


class TaxonomyGroup(SnippetViewSetGroup):
    items = (ThemeViewSet, GuidingPrincipleViewSet, FooterTextViewSet)
    menu_icon = "tag"
    menu_label = _("Tags and texts")
    menu_name = "taxonomy"


register_snippet(TaxonomyGroup)

replace_localize_listing_buttons()
