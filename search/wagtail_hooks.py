"""Synonyms that editors keep for the search, and the report of searches
that found nothing."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import UnansweredQueriesReport, synonym_policy
from .models import SynonymGroup


class SynonymViewSet(SnippetViewSet):
    model = SynonymGroup
    icon = "search"
    menu_label = _("Search synonyms")
    search_backend_name = None
    search_fields = ["terms"]


register_snippet(SynonymViewSet)


@hooks.register("register_admin_urls")
def unanswered_searches_urls():
    return [
        path(
            "reports/unanswered-searches/",
            UnansweredQueriesReport.as_view(),
            name="unanswered_searches",
        ),
        path(
            "reports/unanswered-searches/results/",
            UnansweredQueriesReport.as_view(results_only=True),
            name="unanswered_searches_results",
        ),
    ]


class SynonymKeepersMenuItem(MenuItem):
    def is_shown(self, request):
        return synonym_policy.user_has_any_permission(request.user, ["add", "change"])


@hooks.register("register_reports_menu_item")
def unanswered_searches_menu_item():
    return SynonymKeepersMenuItem(
        _("Searches without results"),
        reverse("unanswered_searches"),
        name="unanswered-searches",
        icon_name="search",
        order=1310,
    )
