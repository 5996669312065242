"""Registrations of members for a session (a training day, a meeting) or
for a whole trajectory edition, with their history and substitutions.

Registrations are never changed here: every write goes through the
services of trajecten/registrations/, in one transaction, with the session
or edition row locked while seats are counted.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")
    REFUSED = "refused", _("Refused")
    # The organiser cancelled the session: nothing is ever due.
    CANCELLED_BY_ORGANISER = "cancelled_by_organiser", _("Cancelled by the organiser")


ACTIVE_STATUSES = [
    RegistrationStatus.PENDING,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
]


# A registration that holds nothing any more, whatever its date.
ENDED_STATUSES = [
    RegistrationStatus.CANCELLED,
    RegistrationStatus.REFUSED,
    RegistrationStatus.CANCELLED_BY_ORGANISER,
]


# A seat is counted for a confirmed registration, and for a waiting member
# while a seat is offered to them (waiting_list.py).
HOLDS_SEAT = Q(status=RegistrationStatus.CONFIRMED) | Q(
    status=RegistrationStatus.WAITLISTED, offered_until__isnull=False
)
# On the waiting list and standing in line: not offered a seat yet.
IN_LINE = Q(status=RegistrationStatus.WAITLISTED, offered_until__isnull=True)


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)

    def confirmed(self):
        return self.filter(status=RegistrationStatus.CONFIRMED)

    def waitlisted(self):
        return self.filter(status=RegistrationStatus.WAITLISTED).order_by(
            "waitlist_rank", "created_at"
        )

    def pending(self):
        return self.filter(status=RegistrationStatus.PENDING)

    def holding_seat(self):
        """Those a seat is kept for: the confirmed, and the waiting members a
        freed seat is offered to until they accept, decline or let it pass."""
        return self.filter(HOLDS_SEAT)

    def in_line(self):
        """The waiting list as it stands in line: without those offered a seat."""
        return self.waitlisted().filter(offered_until__isnull=True)

    def with_open_offer(self):
        return self.filter(status=RegistrationStatus.WAITLISTED, offered_until__isnull=False)

    def for_offer(self, *, session=None, edition=None):
        return self.filter(session=session) if session is not None else self.filter(edition=edition)

    def at_session(self, session, edition=None):
        """The registrations that give a place at `session`: those for it and,
        for a module session of a trajectory, those for the edition above it
        (looked up here unless the caller passes it)."""
        if edition is None:
            page = session.page
            edition = (
                self.model._meta.get_field("edition")
                .related_model.objects.filter(path=page.path[: -page.steplen])
                .first()
            )
        # By the two foreign keys, each with its index: an OR with the
        # edition's path (a join to the pages) read every registration.
        if edition is None:
            return self.filter(session=session)
        return self.filter(Q(session=session) | Q(edition=edition))

    def of_member(self, user):
        return self.filter(user=user)

    def _sessions(self):
        # The sessions, by the foreign key to them: sessions.py counts seats
        # from this module, which therefore does not import it.
        return self.model._meta.get_field("session").related_model.objects

    def with_start(self):
        """Annotate `starts_at`: the start of the session, or of the first session
        of the edition (None while the edition has no sessions)."""
        first_of_edition = (
            self._sessions()
            .filter(page__path__startswith=models.OuterRef("edition__path"))
            .order_by("starts_at")
            .values("starts_at")[:1]
        )
        return self.annotate(
            starts_at=Coalesce("session__starts_at", models.Subquery(first_of_edition))
        )

    # The three parts of "My registrations", each in the order a member reads it.
    # Editions without sessions have no start yet: last, on every database.

    def upcoming(self, now):
        """Seats, requests and waiting-list places for what has not ended, soonest first."""
        return (
            self.active()
            .not_ended(now)
            .with_start()
            .order_by(models.F("starts_at").asc(nulls_last=True), "pk")
        )

    def past(self, now):
        """What has ended and was not cancelled or refused, the most recent first."""
        return (
            self.exclude(status__in=ENDED_STATUSES)
            .ended_before(now)
            .with_start()
            .order_by(models.F("starts_at").desc(nulls_last=True), "-pk")
        )

    def cancelled_or_refused(self):
        """Cancelled registrations and refused requests, by date, the latest first."""
        return (
            self.filter(status__in=ENDED_STATUSES)
            .with_start()
            .order_by(models.F("starts_at").desc(nulls_last=True), "-pk")
        )

    def with_end(self):
        """Annotate `ends_at`: the end of the session, or of the last session of the
        edition (its registration deadline when it has no sessions yet)."""
        last_of_edition = (
            self._sessions()
            .filter(page__path__startswith=models.OuterRef("edition__path"))
            .order_by("-ends_at")
            .values("ends_at")[:1]
        )
        return self.annotate(
            ends_at=Coalesce(
                "session__ends_at",
                models.Subquery(last_of_edition),
                "edition__registration_closes",
            )
        )

    def ended_before(self, moment):
        return self.with_end().filter(ends_at__lt=moment)

    def not_ended(self, now):
        # An edition without sessions nor a closing date has no end yet.
        return self.with_end().filter(Q(ends_at__gte=now) | Q(ends_at__isnull=True))

    def not_anonymised(self):
        return self.filter(anonymised_at__isnull=True)


class Registration(models.Model):
    # Members' records, not content: Wagtail's reference index ("used in") leaves them out.
    wagtail_reference_index_ignore = True

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="registrations",
        verbose_name=_("member"),
    )
    # A registration is for one session, or for a whole trajectory edition.
    session = models.ForeignKey(
        "trajecten.Session",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("session"),
    )
    edition = models.ForeignKey(
        "trajecten.EditionPage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("edition"),
    )
    status = models.CharField(_("status"), max_length=24, choices=RegistrationStatus.choices)
    waitlist_rank = models.PositiveIntegerField(
        _("place on the waiting list"), null=True, blank=True
    )
    # A freed seat offered to this waiting member: theirs if they accept by then.
    offered_until = models.DateTimeField(_("seat offered until"), null=True, blank=True)
    with_lunch = models.BooleanField(_("with lunch"), default=False)
    price_due = models.DecimalField(
        _("price"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    # Whom the invoice goes to: the member's organisation when an editor
    # approved it (its details are copied below as they were on the day),
    # else what the member typed.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("organisation invoiced"),
    )
    # A training coordinator who registered a colleague; empty when the
    # member registered themselves.
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    # What finance needs for the invoice.
    billing_organisation = models.CharField(
        _("organisation to invoice"), max_length=200, blank=True
    )
    billing_address = models.TextField(_("invoice address"), blank=True)
    billing_reference = models.CharField(
        _("purchase order or reference"), max_length=100, blank=True
    )
    vat_number = models.CharField(_("VAT number"), max_length=30, blank=True)
    dietary_needs = models.CharField(_("dietary needs"), max_length=255, blank=True)
    # Asked of members who do not work for an OCMW / CPAS.
    motivation = models.TextField(_("why you want to take part"), blank=True)
    tie_to_ocmw = models.TextField(_("your tie to the OCMW / CPAS"), blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    late_cancellation = models.BooleanField(_("cancelled late (full fee due)"), default=False)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)
    # Set when the member's personal data was removed (account deleted, or
    # past the retention period); what invoicing needs is kept.
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(session__isnull=False, edition__isnull=True)
                | Q(session__isnull=True, edition__isnull=False),
                name="registration_for_session_or_edition",
            ),
            models.UniqueConstraint(
                fields=["user", "session"],
                condition=Q(status__in=ACTIVE_STATUSES),
                name="one_active_registration_per_session",
            ),
            models.UniqueConstraint(
                fields=["user", "edition"],
                condition=Q(status__in=ACTIVE_STATUSES),
                name="one_active_registration_per_edition",
            ),
        ]
        indexes = [
            models.Index(fields=["session", "status"]),
            models.Index(fields=["edition", "status"]),
            # The admin's listing, the newest first, whole or by status: a
            # page of 20 is read from the index instead of sorting them all.
            models.Index(fields=["created_at"]),
            models.Index(fields=["status", "created_at"]),
        ]

    def __str__(self):
        return f"{self.user or _('former member')} – {self.offer_title}"

    @property
    def is_active(self):
        return self.status in ACTIVE_STATUSES

    @property
    def has_open_offer(self):
        return self.status == RegistrationStatus.WAITLISTED and self.offered_until is not None

    @property
    def fee_due(self):
        """What the member owes for this registration (None: nothing). The
        rule lives with the others in registrations/rules.py, which reads
        the models and is therefore imported here only when asked."""
        from ..registrations.rules import fee_due

        return fee_due(self)

    @property
    def offer_page(self):
        """The page a member registered through: the training, network or conference, or the edition."""
        return self.edition if self.edition_id else self.session.page

    @property
    def offer_title(self):
        """The full name of what was booked, in the source language (the
        admin, exports); pages and mails show `booking_title` of the page in
        the member's language."""
        return self.offer_page.specific.booking_title if self.session_id or self.edition_id else ""

    def place_in_line(self):
        """The place on the waiting list, 1 for the first: counted from those
        still waiting ahead, so that it moves up when someone ahead leaves;
        None for a member offered a seat, who is no longer in line."""
        if self.status != RegistrationStatus.WAITLISTED or self.offered_until is not None:
            return None
        ahead = (
            Registration.objects.filter(session_id=self.session_id, edition_id=self.edition_id)
            .in_line()
            .filter(
                Q(waitlist_rank__lt=self.waitlist_rank)
                | Q(waitlist_rank=self.waitlist_rank, created_at__lt=self.created_at)
            )
        )
        return ahead.count() + 1


class RegistrationEvent(models.Model):
    """One change of a registration: who did what, when, from which status to which."""

    # Members' records, not content: Wagtail's reference index ("used in") leaves them out.
    wagtail_reference_index_ignore = True

    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("registration"),
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    from_status = models.CharField(
        _("from"), max_length=24, choices=RegistrationStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("to"), max_length=24, choices=RegistrationStatus.choices, blank=True
    )
    # Unbounded: a note names the colleague a seat was handed to or taken
    # over from, and an e-mail address alone may be 254 characters.
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("registration history")
        verbose_name_plural = _("registration history")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.from_status} → {self.to_status}"

    @property
    def description(self):
        """What happened, in the reader's language (trajecten/history.py)."""
        from ..history import describe

        return describe(self)


class SubstitutionStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACCEPTED = "accepted", _("Accepted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Substitution(models.Model):
    """A member hands their seat to a colleague, who accepts by logging in."""

    # Members' records, not content: Wagtail's reference index ("used in") leaves them out.
    wagtail_reference_index_ignore = True

    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="substitutions",
        verbose_name=_("registration"),
    )
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("colleague's e-mail address"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SubstitutionStatus.choices,
        default=SubstitutionStatus.INVITED,
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("substitution")
        verbose_name_plural = _("substitutions")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.registration} → {self.email}"


class ReminderSent(models.Model):
    """Remembers each reminder, so that the reminder command never sends one twice."""

    # Members' records, not content: Wagtail's reference index ("used in") leaves them out.
    wagtail_reference_index_ignore = True

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="reminders"
    )
    session = models.ForeignKey("trajecten.Session", on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "session"], name="one_reminder_per_session"
            )
        ]

    def __str__(self):
        return f"{self.registration} @ {self.session}"


class MessageAudience(models.TextChoices):
    PARTICIPANTS = "participants", _("The participants (confirmed seats)")
    WAITING_LIST = "waiting_list", _("The waiting list")
    EVERYONE = "everyone", _("Everyone registered (seats, waiting list and requests)")
    # Registrations an editor chose in the listing, of one offer or several.
    SELECTION = "selection", _("The registrations selected in the listing")


class OrganiserMessage(models.Model):
    """What an editor wrote to the registrants of a session or edition, or
    to registrations selected in the listing, in both languages: each member
    reads it in theirs, and it stays in the history of each registration it
    went to. A selection of one session or edition names it; one of several
    names none."""

    # Members' records, not content: Wagtail's reference index ("used in") leaves them out.
    wagtail_reference_index_ignore = True

    session = models.ForeignKey(
        "trajecten.Session", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    edition = models.ForeignKey(
        "trajecten.EditionPage", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    audience = models.CharField(_("to"), max_length=12, choices=MessageAudience.choices)
    subject_nl = models.CharField(_("subject (Dutch)"), max_length=150)
    subject_fr = models.CharField(_("subject (French)"), max_length=150)
    body_nl = models.TextField(_("message (Dutch)"))
    body_fr = models.TextField(_("message (French)"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("message to registrants")
        verbose_name_plural = _("messages to registrants")
        ordering = ["-sent_at"]

    def __str__(self):
        return self.subject_nl

    def subject_in(self, language):
        return self.subject_fr if language.startswith("fr") else self.subject_nl

    def body_in(self, language):
        return self.body_fr if language.startswith("fr") else self.body_nl
