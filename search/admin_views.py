"""The editors' report of searches that found nothing (Wagtail's own search
terms report counts every query, but not which ones came back empty)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from .models import SynonymGroup, UnansweredQuery

# Editors answer an empty search with a synonym: whoever keeps the synonyms sees the report.
synonym_policy = ModelPermissionPolicy(SynonymGroup)


class UnansweredQueriesReport(ReportView):
    page_title = _("Searches without results")
    header_icon = "search"
    index_url_name = "unanswered_searches"
    index_results_url_name = "unanswered_searches_results"
    permission_policy = synonym_policy
    any_permission_required = ["add", "change"]
    is_searchable = True
    search_fields = ["query_string"]
    default_ordering = "-hits"
    columns = [
        Column("query_string", label=_("Search"), sort_key="query_string"),
        Column("language", label=_("Language"), sort_key="language"),
        NumberColumn("hits", label=_("Times searched"), sort_key="hits"),
        DateColumn("last_searched", label=_("Last searched"), sort_key="last_searched"),
    ]
    list_export = ["query_string", "language", "hits", "last_searched"]
    export_headings = {
        "query_string": _("Search"),
        "language": _("Language"),
        "hits": _("Times searched"),
        "last_searched": _("Last searched"),
    }

    def get_base_queryset(self):
        return UnansweredQuery.objects.all()
