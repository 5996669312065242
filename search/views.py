"""The search page of each language (/nl/zoeken/, /fr/recherche/)."""

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.search_promotions.models import Query

from .query import FACETS, MAX_QUERY_LENGTH, highlight, search

RESULTS_PER_PAGE = 10


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=10_000)
    both = forms.BooleanField(label=_("Search both languages"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        choices=[("relevance", _("Relevance")), ("date", _("Date"))],
        required=False,
    )


def promoted_results(query, language):
    """Results editors pinned for this query (Wagtail's search promotions), in
    this language; the query is counted for the editors' report of search terms."""
    promoted_query = Query.get(query[:MAX_QUERY_LENGTH])
    promoted_query.add_hit()
    promotions = promoted_query.editors_picks.select_related("page__locale").order_by("sort_order")
    return [
        p
        for p in promotions
        if p.page is None or (p.page.live and p.page.locale.language_code == language)
    ]


def search_page(request):
    form = SearchForm(request.GET)
    form.is_valid()
    data = {name: value for name, value in form.cleaned_data.items() if value}
    query = data.get("q", "").strip()
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    chosen = {facet: request.GET[facet] for facet in FACETS if request.GET.get(facet)}
    results = search(
        query,
        language,
        both_languages=data.get("both", False),
        chosen=chosen,
        sort=data.get("sort", "relevance"),
    )
    page_obj = Paginator(results.entries, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    promotions = promoted_results(query, language) if query else []
    for entry in page_obj:
        # highlight() escapes the text itself and only adds <mark>.
        snippet = highlight(entry.body or entry.title, results.tokens, entry.language)
        entry.snippet = mark_safe(snippet)  # noqa: S308
    query_string = request.GET.copy()
    query_string.pop("page", None)
    facet_links = []
    for facet in FACETS:
        for value, count in sorted(
            results.facets.get(facet, {}).items(), key=lambda item: (-item[1], item[0])
        ):
            link = query_string.copy()
            link[facet] = value
            facet_links.append(
                {
                    "facet": facet,
                    "value": value,
                    "count": count,
                    "query": link.urlencode(),
                    "chosen": chosen.get(facet) == value,
                }
            )
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "query": query,
            "page_obj": page_obj,
            "result_count": len(results.entries),
            "facet_links": facet_links,
            "chosen": chosen,
            "query_string": query_string.urlencode(),
            "promotions": promotions,
        },
    )
