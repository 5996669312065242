"""Learning networks: a fixed group that meets regularly (e.g. every two
months on a Tuesday evening), one theme a meeting, each meeting leading to
a product."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import RICH_TEXT_FEATURES, BaseStreamBlock
from home.page_permissions import PortalPagePermissions
from portal.addresses import AtPortalAddress

from ..ical import CalendarEntry
from .base import (
    OfferPageMixin,
    SessionsCopyForm,
    SessionsMixin,
    editor_tabs,
    source_path,
    title_under,
    with_sessions,
)
from .calendar import CalendarRoutesMixin
from .sessions import Session


def meetings_with_sessions(network):
    """The live meetings of a network by date, each with `.session_list`."""
    meetings = with_sessions(MeetingPage.objects.child_of(network).live())
    return sorted(
        meetings,
        key=lambda m: m.session_list[0].starts_at if m.session_list else m.first_published_at,
    )


class LearningNetworkPage(
    CalendarRoutesMixin,
    RoutablePageMixin,
    OfferPageMixin,
    AtPortalAddress,
    PortalPagePermissions,
    Page,
):
    audience = RichTextField(_("who it is for"), features=RICH_TEXT_FEATURES, blank=True)
    how_it_works = RichTextField(_("how it works"), features=RICH_TEXT_FEATURES, blank=True)
    rhythm = models.CharField(
        _("rhythm"),
        max_length=150,
        blank=True,
        help_text=_("For example: every two months on Tuesday evening"),
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("more information"), blank=True)
    members_need_approval = models.BooleanField(
        _("an editor approves new members"),
        default=False,
        help_text=_("Without: whoever joins is a member at once."),
    )

    parent_page_types = ["trajecten.OfferIndexPage"]
    subpage_types = ["trajecten.MeetingPage"]
    # Copied with its subpages, it may take their sessions along.
    copy_form_class = SessionsCopyForm

    # Page's own title panel: it fills the slug from the title as the editor types.
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("audience"),
        FieldPanel("rhythm"),
        FieldPanel("how_it_works"),
        FieldPanel("body"),
    ]
    edit_handler = editor_tabs(
        content_panels,
        ObjectList(
            OfferPageMixin.tag_panels + OfferPageMixin.contact_panels,
            heading=_("Tags and contact"),
        ),
        ObjectList(
            [*OfferPageMixin.rule_panels, FieldPanel("members_need_approval")],
            heading=_("Registration rules"),
        ),
        ObjectList(OfferPageMixin.evaluation_panels, heading=_("Evaluation")),
    )
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("audience"),
        index.SearchField("how_it_works"),
    ]

    class Meta:
        verbose_name = _("learning network")
        verbose_name_plural = _("learning networks")

    def get_sessions(self):
        return Session.objects.in_subtree_of(source_path(self)).with_seats()

    def calendar_entries(self, request):
        url = self.get_full_url(request)
        return [
            CalendarEntry(s, f"{self.title}: {meeting.title}", url)
            for meeting in meetings_with_sessions(self)
            for s in meeting.session_list
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["meetings"] = meetings_with_sessions(self)
        context["event_sessions"] = [
            s for meeting in context["meetings"] for s in meeting.session_list
        ]
        # The group: who may see what of it (trajecten/networks/).
        from ..networks.views import group_context

        context.update(group_context(self, request, context["meetings"]))
        return context


class ProductVisibility(models.TextChoices):
    PUBLIC = "public", _("everyone")
    MEMBERS = "members", _("members of the network only")


class MeetingPage(SessionsMixin, AtPortalAddress, PortalPagePermissions, Page):
    """One meeting of a learning network; its title is the theme."""

    speakers = models.TextField(
        _("guest speakers"), blank=True, help_text=_("One speaker a line, with organisation.")
    )
    product = models.CharField(
        _("product it aims at"),
        max_length=255,
        blank=True,
        help_text=_("A tool, a joint signal, a call to action…"),
    )
    description = RichTextField(_("description"), features=RICH_TEXT_FEATURES, blank=True)
    # What the meeting produced, once it was held.
    product_summary = RichTextField(
        _("the product, in short"), features=RICH_TEXT_FEATURES, blank=True
    )
    product_page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("page of the product"),
    )
    product_document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("document of the product"),
    )
    product_visibility = models.CharField(
        _("who sees the product"),
        max_length=10,
        choices=ProductVisibility.choices,
        default=ProductVisibility.PUBLIC,
        help_text=_(
            "For members only: others read that there is a product, and its document "
            "is served to members of the network only."
        ),
    )

    parent_page_types = ["trajecten.LearningNetworkPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        FieldPanel("speakers"),
        FieldPanel("product"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("product_summary"),
                FieldPanel("product_page"),
                FieldPanel("product_document"),
                FieldPanel("product_visibility"),
            ],
            heading=_("What the meeting produced"),
        ),
    ]
    edit_handler = editor_tabs(
        content_panels,
        ObjectList(
            SessionsMixin.sessions_panels(heading=_("Date and place")), heading=_("Sessions")
        ),
    )
    search_fields = Page.search_fields + [
        index.SearchField("speakers"),
        index.SearchField("description"),
    ]

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    @property
    def booking_title(self):
        """A meeting is booked as the network's meeting on its theme."""
        return title_under(self.get_parent(), self.title)

    @property
    def has_product(self):
        return bool(self.product_summary or self.product_page_id or self.product_document_id)

    @property
    def product_for_members_only(self):
        return self.product_visibility == ProductVisibility.MEMBERS

    def speaker_list(self):
        return [line.strip() for line in self.speakers.splitlines() if line.strip()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sessions"] = list(self.get_sessions())
        return context
