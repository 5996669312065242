"""The search page of each language (/nl/zoeken/, /fr/recherche/) and the
titles offered while typing."""

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import F
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from wagtail.contrib.search_promotions.models import Query

from home.page_cache import never_shared
from home.templatetags.navigation import menu_of

from .backends import get_backend
from .backends.base import FACETS, MAX_QUERY_LENGTH, SearchRequest
from .models import UnansweredQuery

RESULTS_PER_PAGE = 10


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=10_000)
    both = forms.BooleanField(label=_("Search both languages"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        choices=[("relevance", _("Relevance")), ("date", _("Date"))],
        required=False,
    )


def printable(text):
    """`text` without control characters: no title or facet value holds one,
    and PostgreSQL refuses a NUL in a query (the search form's own fields
    reject them already)."""
    return "".join(char for char in text if char.isprintable())


def current_language():
    return (get_language() or settings.LANGUAGE_CODE)[:2]


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


def count_unanswered(query, language):
    """Remember a search that found nothing, for the editors' report."""
    text = " ".join(query.lower().split())[:MAX_QUERY_LENGTH]
    unanswered, _created = UnansweredQuery.objects.get_or_create(
        query_string=text, language=language
    )
    UnansweredQuery.objects.filter(pk=unanswered.pk).update(
        hits=F("hits") + 1, last_searched=timezone.now()
    )


def requested_page(value):
    try:
        return max(int(value), 1)
    except (TypeError, ValueError):
        return 1


def run_search(search_request, number):
    """The results of one page of results; a page past the end shows the last one."""
    search_request.offset = (number - 1) * RESULTS_PER_PAGE
    results = get_backend().search(search_request)
    page_obj = Paginator(range(results.total), RESULTS_PER_PAGE).get_page(number)
    if page_obj.number != number and results.total:
        search_request.offset = (page_obj.number - 1) * RESULTS_PER_PAGE
        results = get_backend().search(search_request)
    return results, page_obj


# The heading of each facet on the search page, in the order of FACETS.
FACET_HEADINGS = {
    "kind": _("Type of content"),
    "language": _("Language"),
    "themes": _("Theme"),
    "principles": _("Guiding principle"),
    "provinces": _("Province"),
}


def facet_label(facet, value):
    """What a visitor reads for a facet's value: a language by its name
    ("Nederlands", "Français"), anything else as the index keeps it (kinds,
    themes and provinces are labels in the language of the page already)."""
    if facet == "language":
        return dict(settings.LANGUAGES).get(value, value)
    return value


def facet_groups(results, chosen, query_string):
    """The facets to narrow the results down with, each under its heading:
    a link per value, or, for the chosen value, a link that removes it. A
    facet whose one value every result has narrows nothing and is left out."""
    groups = []
    for facet in FACETS:
        counts = results.facets.get(facet, {})
        if not counts or (
            len(counts) == 1 and facet not in chosen and sum(counts.values()) == results.total
        ):
            continue
        links = []
        for value, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            link = query_string.copy()
            is_chosen = chosen.get(facet) == value
            if is_chosen:
                link.pop(facet, None)
            else:
                link[facet] = value
            links.append(
                {
                    "label": facet_label(facet, value),
                    # A language's name is in that language ("Nederlands").
                    "lang": value if facet == "language" else "",
                    "count": count,
                    "query": link.urlencode(),
                    "chosen": is_chosen,
                }
            )
        groups.append({"facet": facet, "heading": FACET_HEADINGS[facet], "links": links})
    return groups


# Every search is counted for the editors (promotions, searches without
# results): a cached answer would not be.
@never_shared
def search_page(request):
    form = SearchForm(request.GET)
    form.is_valid()
    data = {name: value for name, value in form.cleaned_data.items() if value}
    query = data.get("q", "").strip()
    language = current_language()
    chosen = {
        facet: printable(request.GET[facet][:200]) for facet in FACETS if request.GET.get(facet)
    }
    search_request = SearchRequest(
        query=query,
        language=language,
        both_languages=data.get("both", False),
        chosen=chosen,
        sort=data.get("sort", "relevance"),
        limit=RESULTS_PER_PAGE,
    )
    results, page_obj = run_search(search_request, requested_page(request.GET.get("page")))
    # What is counted for the editors, in one transaction: one commit to wait for.
    with transaction.atomic():
        promotions = promoted_results(query, language) if query else []
        if query and not results.total and not chosen:
            count_unanswered(query, language)
    for hit in results.hits:
        # The backends escape the text themselves and only add <mark>.
        hit.snippet = mark_safe(hit.snippet)  # noqa: S308
    query_string = request.GET.copy()
    query_string.pop("page", None)
    menu = menu_of(request) if query and not results.total else None
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "query": query,
            "hits": results.hits,
            "page_obj": page_obj,
            "result_count": results.total,
            "suggestion": results.suggestion,
            "facet_groups": facet_groups(results, chosen, query_string),
            "chosen": chosen,
            "query_string": query_string.urlencode(),
            "promotions": promotions,
            # Where to go when nothing was found: the sections of the main menu.
            "browse": menu["items"] if menu else [],
        },
    )


@cache_control(max_age=60, public=True)
def suggestions(request):
    """Titles starting with what the visitor typed, for the search boxes (JSON)."""
    prefix = printable(request.GET.get("q", ""))
    found = get_backend().suggest(prefix, current_language())
    return JsonResponse(
        {"suggestions": [{"title": s.title, "url": s.url, "kind": s.kind} for s in found]}
    )
