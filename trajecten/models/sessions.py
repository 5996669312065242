"""Sessions: the real-world events of the offer (a training day in Gent, an
online moment of a trajectory module, a learning-network meeting).

A session is one event in every language: it belongs to the Dutch (source)
page it is edited on and is shown on that page's translations too, so
capacity and registrations are counted once.
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, Panel

from home.taxonomy import Province

from . import seats


class SessionFormat(models.TextChoices):
    PHYSICAL = "physical", _("On site")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")


class SessionQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now())

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now())

    def scheduled(self):
        return self.filter(status=SessionStatus.SCHEDULED)

    def for_page(self, page):
        """Sessions shown on `page` in any language: those of its source page."""
        return self.filter(page__translation_key=page.translation_key)

    def in_subtree_of(self, page_path):
        """Sessions of a source page and of the pages below it (modules, meetings)."""
        return self.filter(page__path__startswith=page_path)

    def with_seats(self):
        """Annotate `seats_taken` (see seats.py)."""
        return self.annotate(seats_taken=seats.taken_in_query("session"))

    def with_free_seat(self):
        return self.with_seats().filter(seats.HAS_FREE_SEAT)


class CopySessionPanel(Panel):
    """The way from a session in the page editor to a copy of it on another
    date or at another place (trajecten/admin_copying.py). Shown for the
    sessions saved with the page (SessionsPageForm marks them), not for one
    just added, which has nothing saved to copy yet."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "trajecten/admin/copy_session_panel.html"

        def is_shown(self):
            return getattr(self.form, "saved_with_page", False)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["url"] = reverse(
                "copy_session", args=[self.instance.page_id, self.instance.uid]
            )
            return context


class Session(models.Model):
    page = ParentalKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="sessions",
        verbose_name=_("page"),
    )
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    reception_time = models.TimeField(
        _("reception from"), null=True, blank=True, help_text=_("When the doors open, e.g. 9:00.")
    )
    format = models.CharField(
        _("format"), max_length=10, choices=SessionFormat.choices, default=SessionFormat.PHYSICAL
    )
    venue_name = models.CharField(_("venue"), max_length=150, blank=True)
    address = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    town = models.CharField(_("town"), max_length=100, blank=True)
    province = models.CharField(_("province"), max_length=20, choices=Province.choices, blank=True)
    online_link = models.URLField(
        _("online link"),
        blank=True,
        help_text=_("Only shown to confirmed participants, from one day before the session."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty when there is no limit.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    # Sessions are not translated, so the note for visitors is written in both languages.
    status_note_nl = models.CharField(
        _("note for visitors (Dutch)"),
        max_length=255,
        blank=True,
        help_text=_("For example why the session is postponed."),
    )
    status_note_fr = models.CharField(_("note for visitors (French)"), max_length=255, blank=True)
    cancel_free_until = models.DateField(
        _("free cancellation after a change until"),
        null=True,
        blank=True,
        help_text=_(
            "When you move the session to another date, time or place: until this day its "
            "registrants may cancel free of charge."
        ),
    )
    # How often calendars were told of a change (iCalendar SEQUENCE): kept by
    # registrations/organiser.py from the session's announcements after each
    # publication, since publishing a revision writes back the value it saved.
    sequence = models.PositiveIntegerField(default=0, editable=False)

    objects = SessionQuerySet.as_manager()

    panels = [
        CopySessionPanel(),
        FieldRowPanel(
            [FieldPanel("starts_at"), FieldPanel("ends_at"), FieldPanel("reception_time")]
        ),
        FieldRowPanel([FieldPanel("format"), FieldPanel("capacity"), FieldPanel("status")]),
        MultiFieldPanel(
            [
                FieldPanel("venue_name"),
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("postal_code"), FieldPanel("town")]),
                FieldPanel("province"),
                FieldPanel("online_link"),
            ],
            heading=_("Where"),
        ),
        FieldRowPanel([FieldPanel("status_note_nl"), FieldPanel("status_note_fr")]),
        FieldPanel("cancel_free_until"),
    ]

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["starts_at"]), models.Index(fields=["ends_at"])]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        place = self.town or self.get_format_display()
        return f"{local:%Y-%m-%d %H:%M} {place}"

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("A session ends after it starts.")
        if self.format in (SessionFormat.PHYSICAL, SessionFormat.HYBRID) and not self.town:
            errors["town"] = _("Give the town of a session on site.")
        if self.format in (SessionFormat.ONLINE, SessionFormat.HYBRID) and not self.online_link:
            errors["online_link"] = _("Give the link of an online session.")
        if errors:
            raise ValidationError(errors)

    @property
    def status_note(self):
        """The note in the visitor's language, else in the other one."""
        if (get_language() or "nl").startswith("fr"):
            return self.status_note_fr or self.status_note_nl
        return self.status_note_nl or self.status_note_fr

    # The labels from the enumerations: Django's get_FOO_display() builds a
    # dictionary of every (translated) choice in each call, and a training
    # page shows them on each of its sessions.
    @property
    def format_label(self):
        return SessionFormat(self.format).label

    @property
    def province_label(self):
        return Province(self.province).label if self.province else ""

    @property
    def is_past(self):
        return self.ends_at < timezone.now()

    @property
    def is_open_for_registration(self):
        return self.status == SessionStatus.SCHEDULED and self.starts_at > timezone.now()

    @property
    def seats_left(self):
        """Free seats, or None without a limit: from `with_seats()`, else
        counted now (never a full capacity for a query that forgot them)."""
        if self.capacity is None:
            return None
        if not hasattr(self, "seats_taken"):
            self.seats_taken = seats.taken(session=self)
        return seats.left(self.capacity, self.seats_taken)

    @property
    def is_full(self):
        return self.seats_left == 0

    @property
    def place(self):
        """Venue and town on one line, for lists and calendars."""
        parts = [
            self.venue_name,
            self.address,
            " ".join(filter(None, [self.postal_code, self.town])),
        ]
        return ", ".join(part for part in parts if part)


class SessionAnnouncement(models.Model):
    """What the registrants of a session were last told of its status, date
    and place (the latest row; the first is what it was when first published). Kept apart from the session: publishing a page revision
    writes every field of its sessions back as the revision saved them."""

    # Members' records, not content: Wagtail's reference index ("used in") leaves them out.
    wagtail_reference_index_ignore = True

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="announcements")
    status = models.CharField(_("status"), max_length=10, choices=SessionStatus.choices)
    # When and where, as the registrants were told.
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    place = models.CharField(max_length=500, blank=True)
    sequence = models.PositiveIntegerField(default=0)
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-made_at", "-pk"]

    def __str__(self):
        return f"{self.session}: {self.status}"
