"""The G50 track (fifty social workers shaping support for social work in
the OCMW), its workstreams, and conferences with their guiding principles."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import RICH_TEXT_FEATURES, BaseStreamBlock
from home.page_permissions import PortalPagePermissions
from home.pages import public
from portal.addresses import AtPortalAddress

from ..blocks import ProgrammeBlock
from .base import OfferPageMixin, SessionsMixin, editor_tabs
from .calendar import CalendarRoutesMixin


class G50TrackPage(AtPortalAddress, PortalPagePermissions, Page):
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    parent_page_types = ["home.HomePage"]
    subpage_types = ["trajecten.WorkstreamPage", "trajecten.ConferencePage"]

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("G50 track")
        verbose_name_plural = _("G50 tracks")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        children = public(self.get_children().live()).specific()
        context["workstreams"] = [p for p in children if isinstance(p, WorkstreamPage)]
        context["conferences"] = [p for p in children if isinstance(p, ConferencePage)]
        return context


class WorkstreamPage(AtPortalAddress, PortalPagePermissions, Page):
    intro = models.TextField(_("introduction"), blank=True)
    aim = RichTextField(_("aim"), features=RICH_TEXT_FEATURES, blank=True)
    how_to_take_part = RichTextField(_("how to take part"), features=RICH_TEXT_FEATURES, blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("more information"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)

    parent_page_types = ["trajecten.G50TrackPage"]
    subpage_types = ["trajecten.CallFormPage"]

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("aim"),
        FieldPanel("how_to_take_part"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_email"), FieldPanel("contact_phone")],
            heading=_("Contact"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("aim"),
        index.SearchField("how_to_take_part"),
    ]

    class Meta:
        verbose_name = _("workstream")
        verbose_name_plural = _("workstreams")


class ConferencePage(
    CalendarRoutesMixin,
    RoutablePageMixin,
    SessionsMixin,
    OfferPageMixin,
    AtPortalAddress,
    PortalPagePermissions,
    Page,
):
    """A conference: its date and venue (a session), programme and the
    guiding principles it produced (the page's principles)."""

    programme = StreamField(ProgrammeBlock(), verbose_name=_("programme"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("more information"), blank=True)

    parent_page_types = ["trajecten.OfferIndexPage", "trajecten.G50TrackPage"]
    subpage_types = []

    # Page's own title panel: it fills the slug from the title as the editor types.
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("programme"),
        FieldPanel("body"),
    ]
    edit_handler = editor_tabs(
        content_panels,
        ObjectList(
            SessionsMixin.sessions_panels(heading=_("Date and venue")), heading=_("Sessions")
        ),
        ObjectList(
            OfferPageMixin.tag_panels + OfferPageMixin.contact_panels,
            heading=_("Tags and contact"),
        ),
        ObjectList(OfferPageMixin.rule_panels, heading=_("Registration rules")),
        ObjectList(OfferPageMixin.evaluation_panels, heading=_("Evaluation")),
    )
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sessions"] = list(self.get_sessions())
        return context
