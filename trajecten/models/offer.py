"""The offer catalogue and the training page."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from home.blocks import RICH_TEXT_FEATURES, BaseStreamBlock
from home.page_cache import remembered
from home.page_permissions import PortalPagePermissions
from home.pages import public
from portal.addresses import AtPortalAddress

from ..blocks import ProgrammeBlock
from .base import OfferPageMixin, SessionsMixin, editor_tabs
from .calendar import CalendarRoutesMixin
from .invoices import InvoiceGroupingField

PRICE_FIELD = {
    "max_digits": 8,
    "decimal_places": 2,
    "null": True,
    "blank": True,
    "validators": [MinValueValidator(0)],
}


class TrainingPage(
    CalendarRoutesMixin,
    RoutablePageMixin,
    SessionsMixin,
    OfferPageMixin,
    AtPortalAddress,
    PortalPagePermissions,
    InvoiceGroupingField,
    Page,
):
    """A training that runs as one or more sessions, e.g. one in every province."""

    learning_outcomes = RichTextField(_("what you learn"), features=RICH_TEXT_FEATURES, blank=True)
    audience = RichTextField(
        _("who it is for"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("The target audience, and who may ask to take part."),
    )
    guidance = models.CharField(_("trainer or guidance"), max_length=255, blank=True)
    max_participants = models.PositiveSmallIntegerField(
        _("maximum number of participants"), null=True, blank=True
    )
    programme = StreamField(ProgrammeBlock(), verbose_name=_("programme of the day"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("more information"), blank=True)
    price = models.DecimalField(
        _("price"), help_text=_("Leave empty for a free training."), **PRICE_FIELD
    )
    price_with_lunch = models.DecimalField(
        _("price with lunch"), help_text=_("Leave empty when no lunch is offered."), **PRICE_FIELD
    )
    payment_terms = RichTextField(_("payment"), features=RICH_TEXT_FEATURES, blank=True)
    cancellation_terms = RichTextField(
        _("cancellation and replacement"), features=RICH_TEXT_FEATURES, blank=True
    )

    parent_page_types = ["trajecten.OfferIndexPage"]
    subpage_types = []

    # Page's own title panel: it fills the slug from the title as the editor types.
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("learning_outcomes"),
        FieldPanel("audience"),
        FieldRowPanel([FieldPanel("guidance"), FieldPanel("max_participants")]),
        FieldPanel("programme"),
        FieldPanel("body"),
    ]
    terms_panels = [
        FieldRowPanel([FieldPanel("price"), FieldPanel("price_with_lunch")]),
        FieldPanel("invoice_grouping"),
        FieldPanel("payment_terms"),
        FieldPanel("cancellation_terms"),
        *OfferPageMixin.rule_panels,
    ]
    edit_handler = editor_tabs(
        content_panels,
        ObjectList(SessionsMixin.sessions_panels(), heading=_("Sessions")),
        ObjectList(terms_panels, heading=_("Prices and terms")),
        ObjectList(
            OfferPageMixin.tag_panels
            + OfferPageMixin.contact_panels
            + [InlinePanel("related_pages", heading=_("Related offer"), label=_("Related page"))],
            heading=_("Tags and contact"),
        ),
        ObjectList(OfferPageMixin.evaluation_panels, heading=_("Evaluation")),
    )

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("learning_outcomes"),
        index.SearchField("audience"),
        index.SearchField("guidance"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")

    @property
    def offers_lunch(self):
        return self.price_with_lunch is not None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sessions"] = list(self.get_sessions())
        context["related"] = related_links(self, request)
        return context


class TrainingRelatedPage(Orderable):
    page = ParentalKey(TrainingPage, on_delete=models.CASCADE, related_name="related_pages")
    related = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("page")
    )

    panels = [FieldPanel("related", heading=_("Page"))]


def related_pages_in_language(page):
    """The related pages in the language of `page`, where they are translated and live."""
    keys = [item.related.translation_key for item in page.related_pages.select_related("related")]
    return (
        public(Page.objects.live())
        .filter(translation_key__in=keys, locale_id=page.locale_id)
        .specific()
    )


def related_links(page, request):
    """Title, address and introduction of the related pages: kept until the
    content changes (three queries otherwise), except in a preview, which
    shows the related pages being edited."""

    def links():
        return [
            {"title": item.title, "url": item.get_url(request), "intro": getattr(item, "intro", "")}
            for item in related_pages_in_language(page)
        ]

    if getattr(request, "is_preview", False) or not page.pk:
        return links()
    return remembered("related-pages", links, request.get_host(), page.pk)
