"""The offer catalogue: every training, trajectory, learning network and
conference of one language, filtered with plain GET parameters."""

from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail.search import index

from home.page_permissions import PortalPagePermissions
from home.pages import public, specific_pages
from portal.addresses import AtPortalAddress

from ..filters import OfferFilterForm, filter_offer
from ..ical import CalendarEntry, calendar_response
from .g50 import ConferencePage
from .networks import LearningNetworkPage
from .offer import TrainingPage
from .sessions import Session
from .trajectories import TrajectoryPage

# The kinds of the catalogue, by the value of the `kind` filter.
OFFER_KINDS = {
    "training": TrainingPage,
    "trajectory": TrajectoryPage,
    "network": LearningNetworkPage,
    "conference": ConferencePage,
}
PAGE_SIZE = 12


def offer_pages(locale_id):
    return public(Page.objects.live()).filter(locale_id=locale_id).type(*OFFER_KINDS.values())


class OfferIndexPage(RoutablePageMixin, AtPortalAddress, PortalPagePermissions, Page):
    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["home.HomePage"]
    subpage_types = [
        "trajecten.TrainingPage",
        "trajecten.TrajectoryPage",
        "trajecten.LearningNetworkPage",
        "trajecten.ConferencePage",
    ]

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("offer catalogue")
        verbose_name_plural = _("offer catalogues")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filters = OfferFilterForm(request.GET, kinds=OFFER_KINDS).valid_filters()
        # The form shows the filters in force: a value that was ignored is not
        # an error to the visitor, it is simply not applied.
        form = OfferFilterForm(filters, kinds=OFFER_KINDS)
        results = filter_offer(offer_pages(self.locale_id), filters, OFFER_KINDS)
        page_obj = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
        # One query per page type for the fields of the cards; the annotations
        # of the search (next or last start) are copied over.
        items = specific_pages(page_obj)
        for item, page in zip(items, page_obj, strict=True):
            item.next_start = getattr(page, "next_start", None)
            item.last_start = getattr(page, "last_start", None)
        query = request.GET.copy()
        query.pop("page", None)
        context.update(
            filter_form=form,
            filters=filters,
            items=items,
            page_obj=page_obj,
            result_count=page_obj.paginator.count,
            query_string=query.urlencode(),
        )
        return context

    @path("ical/", name="calendar")
    def calendar_view(self, request):
        """A subscribable feed of every upcoming session of the catalogue."""
        pages = filter_offer(offer_pages(self.locale_id), {}, OFFER_KINDS).specific()
        by_source_path = {page.source_path: page for page in pages}
        sessions = list(Session.objects.upcoming(timezone.now()).select_related("page"))
        # Modules and meetings by their title in this language.
        keys = {session.page.translation_key for session in sessions}
        titles = dict(
            Page.objects.live()
            .filter(locale=self.locale, translation_key__in=keys)
            .values_list("translation_key", "title")
        )
        entries = []
        for session in sessions:
            # The offer page is the session's page or one of its ancestors (modules, meetings).
            path_ = session.page.path
            for end in range(len(path_), 0, -Page.steplen):
                offer_page = by_source_path.get(path_[:end])
                if offer_page is not None:
                    summary = offer_page.title
                    if end < len(path_) and session.page.translation_key in titles:
                        summary = f"{offer_page.title}: {titles[session.page.translation_key]}"
                    entries.append(
                        CalendarEntry(session, summary, offer_page.get_full_url(request))
                    )
                    break
        return calendar_response(entries, self.title, "agenda.ics")
