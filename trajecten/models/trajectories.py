"""Trajectories: a multi-session track that runs in editions; an edition
has a registration window, one price and modules in order, the last of
which can be the return day where participants present their final assignment."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import RICH_TEXT_FEATURES, BaseStreamBlock
from home.page_permissions import PortalPagePermissions
from portal.addresses import AtPortalAddress

from ..assignments.models import AssignmentVersion
from ..ical import CalendarEntry
from .base import (
    OfferPageMixin,
    SessionsCopyForm,
    SessionsMixin,
    editor_tabs,
    source_page,
    source_path,
    title_under,
    with_sessions,
)
from .calendar import CalendarRoutesMixin
from .invoices import InvoiceGroupingField
from .offer import PRICE_FIELD
from .registrations import Registration, RegistrationStatus
from .sessions import Session
from .settings import site_defaults


class RegistrationWindow(models.TextChoices):
    NOT_YET_OPEN = "not_yet_open", _("Registration is not open yet")
    OPEN = "open", _("Registration is open")
    CLOSED = "closed", _("Registration is closed")


def lowercase_leading_word(title):
    """ "Editie 2027-2028" → "editie 2027-2028", to follow a dash; an acronym
    or a number ("CPAS 2027", "2027-2028") is left as it is."""
    word, space, rest = title.partition(" ")
    if word[:1].isupper() and word[1:].islower():
        return word[:1].lower() + word[1:] + space + rest
    return title


def modules_with_sessions(edition):
    """The live modules of an edition in order, each with `.session_list`."""
    return with_sessions(ModulePage.objects.child_of(edition).live().order_by("path"))


class TrajectoryPage(
    CalendarRoutesMixin,
    RoutablePageMixin,
    OfferPageMixin,
    AtPortalAddress,
    PortalPagePermissions,
    Page,
):
    body = StreamField(BaseStreamBlock(), verbose_name=_("about the trajectory"), blank=True)
    practical = RichTextField(_("practical information"), features=RICH_TEXT_FEATURES, blank=True)

    parent_page_types = ["trajecten.OfferIndexPage"]
    subpage_types = ["trajecten.EditionPage"]
    # Copied with its subpages, it may take their sessions along.
    copy_form_class = SessionsCopyForm

    # Page's own title panel: it fills the slug from the title as the editor types.
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("practical"),
    ]
    edit_handler = editor_tabs(
        content_panels,
        ObjectList(
            OfferPageMixin.tag_panels + OfferPageMixin.contact_panels,
            heading=_("Tags and contact"),
        ),
        ObjectList(OfferPageMixin.rule_panels, heading=_("Registration rules")),
        ObjectList(OfferPageMixin.evaluation_panels, heading=_("Evaluation")),
    )
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("trajectory")
        verbose_name_plural = _("trajectories")

    def editions(self):
        """Live editions, oldest first: by when their registration opens, as
        an edition added later may be an earlier one (the first, 2020-2021)."""
        return EditionPage.objects.child_of(self).live().order_by("registration_opens", "path")

    def current_edition(self):
        """The edition a visitor most likely looks for: one open for
        registration, else the latest that has started its registration, else the first."""
        editions = list(self.editions())
        now = timezone.now()
        for edition in editions:
            if edition.registration_window(now) == RegistrationWindow.OPEN:
                return edition
        started = [e for e in editions if e.registration_opens <= now]
        return started[-1] if started else (editions[0] if editions else None)

    def get_sessions(self):
        return Session.objects.in_subtree_of(source_path(self)).with_seats()

    def calendar_entries(self, request):
        entries = []
        for edition in self.editions():
            for module in modules_with_sessions(edition):
                url = edition.get_full_url(request)
                entries += [
                    CalendarEntry(s, f"{self.title}: {module.title}", url)
                    for s in module.session_list
                ]
        return entries

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        edition = self.current_edition()
        context["edition"] = edition
        context["modules"] = modules_with_sessions(edition) if edition else []
        context["event_sessions"] = [
            s for module in context["modules"] for s in module.session_list
        ]
        return context


class EditionPage(
    CalendarRoutesMixin,
    RoutablePageMixin,
    AtPortalAddress,
    PortalPagePermissions,
    InvoiceGroupingField,
    Page,
):
    registration_opens = models.DateTimeField(_("registration opens"))
    # Empty: a number of days before the first session (Settings › Registration rules).
    registration_closes = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_(
            "Leave empty to close registration the number of days before the first session "
            "set in Settings › Registration rules."
        ),
    )
    price = models.DecimalField(_("price for the whole edition"), **PRICE_FIELD)
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Seats for the whole edition; empty for no limit."),
    )
    partners = models.CharField(_("organised with"), max_length=255, blank=True)
    intro = models.TextField(_("introduction"), blank=True)
    assignment_brief = RichTextField(
        _("final assignment"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("What participants hand in for the return day, in which form."),
    )
    assignment_deadline = models.DateTimeField(
        _("deadline of the final assignment"), null=True, blank=True
    )
    # 0: a certificate needs every session; 1: all but one, and so on.
    sessions_may_miss = models.PositiveSmallIntegerField(
        _("sessions that may be missed"),
        default=0,
        help_text=_(
            "For the certificate: how many sessions a participant may miss. "
            "0: every session must be attended."
        ),
    )

    parent_page_types = ["trajecten.TrajectoryPage"]
    subpage_types = ["trajecten.ModulePage"]
    # Copied with its subpages, it may take their sessions along.
    copy_form_class = SessionsCopyForm

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("registration_opens"), FieldPanel("registration_closes")]
                ),
                FieldRowPanel([FieldPanel("price"), FieldPanel("capacity")]),
                FieldPanel("invoice_grouping"),
                FieldPanel("partners"),
            ],
            heading=_("Registration"),
        ),
        MultiFieldPanel(
            [FieldPanel("assignment_brief"), FieldPanel("assignment_deadline")],
            heading=_("Final assignment"),
        ),
        FieldPanel("sessions_may_miss"),
    ]

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")

    def clean(self):
        super().clean()
        if (
            self.registration_opens
            and self.registration_closes
            and self.registration_closes <= self.registration_opens
        ):
            raise ValidationError({"registration_closes": _("Registration closes after it opens.")})

    @property
    def booking_title(self):
        """The edition's full name, "Vormingstraject lokale integratiemedewerkers —
        editie 2027-2028": its own title ("Editie 2027-2028") names it only under
        its trajectory. In the page's language: a translated edition's parent is
        the translated trajectory."""
        return title_under(self.get_parent(), lowercase_leading_word(self.title))

    @cached_property
    def closes_at(self):
        """When registration closes: the edition's own date, else the end of
        the day the site's rule names before the first session (None while
        the edition has neither)."""
        if self.registration_closes is not None:
            return self.registration_closes
        first = self.get_sessions().order_by("starts_at").values_list("starts_at", flat=True)[:1]
        if not first:
            return None
        day = timezone.localtime(first[0]) - timedelta(days=site_defaults().edition_closes_days)
        return day.replace(hour=23, minute=59, second=0, microsecond=0)

    def registration_window(self, now=None):
        now = now or timezone.now()
        if now < self.registration_opens:
            return RegistrationWindow.NOT_YET_OPEN
        if self.closes_at is None or now <= self.closes_at:
            return RegistrationWindow.OPEN
        return RegistrationWindow.CLOSED

    def get_sessions(self):
        return Session.objects.in_subtree_of(source_path(self)).with_seats()

    def search_date(self):
        """An edition goes by the day it starts: its first session."""
        first = self.get_sessions().order_by("starts_at").first()
        return first.starts_at if first else None

    def calendar_entries(self, request):
        trajectory = self.get_parent()
        url = self.get_full_url(request)
        return [
            CalendarEntry(s, f"{trajectory.title}: {module.title}", url)
            for module in modules_with_sessions(self)
            for s in module.session_list
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["edition"] = self
        context["modules"] = modules_with_sessions(self)
        context["event_sessions"] = [
            s for module in context["modules"] for s in module.session_list
        ]
        return context


class ModulePage(SessionsMixin, AtPortalAddress, PortalPagePermissions, Page):
    description = RichTextField(_("description"), features=RICH_TEXT_FEATURES, blank=True)
    is_return_day = models.BooleanField(
        _("return day"),
        default=False,
        help_text=_("Participants present their final assignment on this day."),
    )

    parent_page_types = ["trajecten.EditionPage"]
    subpage_types = []

    content_panels = Page.content_panels + [FieldPanel("description"), FieldPanel("is_return_day")]
    edit_handler = editor_tabs(
        content_panels,
        ObjectList(SessionsMixin.sessions_panels(), heading=_("Sessions")),
    )
    search_fields = Page.search_fields + [index.SearchField("description")]

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    @property
    def anchor(self):
        return f"module-{self.translation_key}"

    def presentations(self):
        """The return-day programme in slot order: the confirmed participants
        of the edition whose latest version of their final assignment allows
        publication, each with that version's title and summary. Only the
        latest version decides: whoever withdraws the permission in a new
        version is no longer named, whatever an earlier version allowed."""
        edition = source_page(self.get_parent())
        participants = (
            Registration.objects.filter(
                edition_id=edition.pk,
                status=RegistrationStatus.CONFIRMED,
                user__isnull=False,
                assignment__isnull=False,
            )
            .select_related("user", "assignment")
            .prefetch_related(
                Prefetch(
                    "assignment__versions",
                    queryset=AssignmentVersion.objects.order_by("-number"),
                )
            )
        )
        programme = []
        for registration in participants:
            assignment = registration.assignment
            latest = next(iter(assignment.versions.all()), None)
            if latest is None or not latest.publish_summary:
                continue
            programme.append(
                {
                    "name": registration.user.get_full_name(),
                    "starts_at": assignment.slot_starts_at,
                    "place": assignment.slot_place,
                    "version": latest,
                }
            )
        far_future = timezone.now() + timedelta(days=36500)
        return sorted(programme, key=lambda item: (item["starts_at"] or far_future, item["name"]))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sessions"] = list(self.get_sessions())
        context["presentations"] = self.presentations() if self.is_return_day else []
        return context
