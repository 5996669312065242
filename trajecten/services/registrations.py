"""Every write to registrations: one function per action of a member or an
editor, each in one transaction.

The pattern (as in pretix): lock the session or edition row, count the
seats, then write; mail goes out when the transaction commits. On
PostgreSQL the lock is `SELECT ... FOR UPDATE`; SQLite runs its
transactions IMMEDIATE (see settings), which serialises them. A rule that
refuses an action raises RegistrationError with a message for the member.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from home.templatetags.formatting import day, moment
from portal.accounts.models import User

from .. import mail
from ..models import (
    EditionPage,
    ModulePage,
    Registration,
    RegistrationEvent,
    RegistrationStatus,
    RegistrationWindow,
    ReminderSent,
    Session,
    SessionStatus,
    Substitution,
    SubstitutionStatus,
    TrainingPage,
)
from ..models.base import source_path
from ..rules import free_cancellation_until, is_free_cancellation

PROMOTION_STOPS_BEFORE = timedelta(hours=24)
REMINDER_BEFORE = timedelta(days=2)
# Each hand-over mails an address the member typed, perhaps of someone who
# never heard of the portal: a member offers seats to at most this many
# addresses within HAND_OVER_WINDOW.
HAND_OVERS_PER_WINDOW = 10
HAND_OVER_WINDOW = timedelta(days=1)


class RegistrationError(Exception):
    """An action the rules refuse. `field` names the form field the message belongs to."""

    def __init__(self, message, *, code, field=None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field


class LateCancellation(RegistrationError):
    """Cancelling now is recorded but the full fee stays due: ask the member first."""


@dataclass(frozen=True)
class InvoiceDetails:
    organisation: str = ""
    address: str = ""
    reference: str = ""
    vat_number: str = ""


# Reading the offer -----------------------------------------------------------


def _locked_target(*, session=None, edition=None):
    if session is not None:
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.page_id == session.page_id and Session.page.is_cached(session):
            # The lock guards the seats, not the page: the page the caller
            # has loaded (often specific already) saves two queries.
            locked.page = session.page
        return locked, None
    return None, EditionPage.objects.select_for_update().get(pk=edition.pk)


def _capacity(session, edition):
    return session.capacity if session is not None else edition.capacity


def first_start(*, session=None, edition=None):
    """When the session, or the first session of the edition, starts (None before it has any)."""
    if session is not None:
        return session.starts_at
    first = Session.objects.in_subtree_of(source_path(edition)).order_by("starts_at").first()
    return first.starts_at if first else None


def _confirmed_count(session, edition):
    return Registration.objects.for_offer(session=session, edition=edition).confirmed().count()


def _has_free_seat(session, edition):
    capacity = _capacity(session, edition)
    return capacity is None or _confirmed_count(session, edition) < capacity


def _log(registration, actor, from_status, to_status, note=""):
    RegistrationEvent.objects.create(
        registration=registration,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        note=note,
    )


def _set_status(registration, status, actor, note=""):
    previous = registration.status
    registration.status = status
    if status == RegistrationStatus.WAITLISTED:
        last = Registration.objects.for_offer(
            session=registration.session, edition=registration.edition
        ).aggregate(Max("waitlist_rank"))["waitlist_rank__max"]
        registration.waitlist_rank = (last or 0) + 1
    else:
        registration.waitlist_rank = None
    registration.save()
    _log(registration, actor, previous, status, note)


def _seat_or_waiting_list(registration, session, edition, actor, note=""):
    status = (
        RegistrationStatus.CONFIRMED
        if _has_free_seat(session, edition)
        else RegistrationStatus.WAITLISTED
    )
    _set_status(registration, status, actor, note)
    return status


# Registering -------------------------------------------------------------------


def _check_session_open(session, now):
    if session.ends_at < now or session.starts_at <= now:
        raise RegistrationError(_("This session has already started or taken place."), code="past")
    if session.status == SessionStatus.CANCELLED:
        raise RegistrationError(_("This session is cancelled."), code="cancelled")
    if session.status == SessionStatus.POSTPONED:
        raise RegistrationError(
            _("This session is postponed. You can register once it has a new date."),
            code="postponed",
        )
    if isinstance(session.page.specific, ModulePage):
        raise RegistrationError(
            _("This session is part of a trajectory: register for the whole edition."),
            code="module",
        )


def _check_edition_open(edition, now):
    window = edition.registration_window(now)
    if window == RegistrationWindow.NOT_YET_OPEN:
        raise RegistrationError(
            _("Registration for this edition is not open yet."), code="not_yet_open"
        )
    if window == RegistrationWindow.CLOSED:
        raise RegistrationError(_("Registration for this edition is closed."), code="closed")


def _check_member(user, motivation, tie_to_ocmw):
    profile = user.profile
    if not profile.is_complete:
        raise RegistrationError(
            _(
                "Complete your profile first: we need your organisation to handle your registration."
            ),
            code="profile_incomplete",
        )
    if not profile.registers_directly:
        if not motivation.strip():
            raise RegistrationError(
                _("Tell us why you want to take part."),
                code="motivation_missing",
                field="motivation",
            )
        if not tie_to_ocmw.strip():
            raise RegistrationError(
                _("Tell us what ties you or your organisation to the OCMW / CPAS."),
                code="tie_missing",
                field="tie_to_ocmw",
            )


def _price(session, edition, with_lunch):
    if edition is not None:
        return edition.price
    page = session.page.specific
    if not isinstance(page, TrainingPage):
        return None
    if with_lunch:
        if page.price_with_lunch is None:
            raise RegistrationError(
                _("No lunch is offered at this training."), code="no_lunch", field="with_lunch"
            )
        return page.price_with_lunch
    return page.price


def _check_invoice(price, invoice):
    if not price:
        return
    if not invoice.organisation.strip():
        raise RegistrationError(
            _("Give the organisation we send the invoice to."),
            code="billing_missing",
            field="billing_organisation",
        )
    if not invoice.address.strip():
        raise RegistrationError(
            _("Give the address we send the invoice to."),
            code="billing_missing",
            field="billing_address",
        )


def _register(
    *, user, session, edition, with_lunch, invoice, dietary_needs, motivation, tie_to_ocmw, now
):
    now = now or timezone.now()
    with transaction.atomic():
        session, edition = _locked_target(session=session, edition=edition)
        if session is not None:
            _check_session_open(session, now)
        else:
            _check_edition_open(edition, now)
        _check_member(user, motivation, tie_to_ocmw)
        price = _price(session, edition, with_lunch)
        _check_invoice(price, invoice)
        if (
            Registration.objects.for_offer(session=session, edition=edition)
            .active()
            .of_member(user)
            .exists()
        ):
            raise RegistrationError(_("You are already registered for this."), code="duplicate")
        registration = Registration(
            user=user,
            session=session,
            edition=edition,
            with_lunch=with_lunch,
            price_due=price,
            billing_organisation=invoice.organisation.strip(),
            billing_address=invoice.address.strip(),
            billing_reference=invoice.reference.strip(),
            vat_number=invoice.vat_number.strip(),
            dietary_needs=dietary_needs.strip() if with_lunch else "",
            motivation=motivation.strip(),
            tie_to_ocmw=tie_to_ocmw.strip(),
            status="",
        )
        try:
            # No savepoint (two round trips in every registration): a
            # duplicate ends the whole transaction anyway.
            with transaction.atomic(savepoint=False):
                if user.profile.registers_directly:
                    status = _seat_or_waiting_list(registration, session, edition, user)
                    mail.on_commit(registration, status)
                else:
                    _set_status(registration, RegistrationStatus.PENDING, user)
                    mail.on_commit(registration, RegistrationStatus.PENDING)
        except IntegrityError as error:
            # The unique constraint is the last guard against a double registration.
            raise RegistrationError(
                _("You are already registered for this."), code="duplicate"
            ) from error
    return registration


def register_for_session(
    *,
    user,
    session,
    with_lunch=False,
    invoice=InvoiceDetails(),
    dietary_needs="",
    motivation="",
    tie_to_ocmw="",
    now=None,
):
    return _register(
        user=user,
        session=session,
        edition=None,
        with_lunch=with_lunch,
        invoice=invoice,
        dietary_needs=dietary_needs,
        motivation=motivation,
        tie_to_ocmw=tie_to_ocmw,
        now=now,
    )


def register_for_edition(
    *, user, edition, invoice=InvoiceDetails(), motivation="", tie_to_ocmw="", now=None
):
    return _register(
        user=user,
        session=None,
        edition=edition,
        with_lunch=False,
        invoice=invoice,
        dietary_needs="",
        motivation=motivation,
        tie_to_ocmw=tie_to_ocmw,
        now=now,
    )


# The waiting list -------------------------------------------------------------------


def _fill_free_seats(session, edition, now, actor=None):
    """Promote waiting members in order while seats are free; from 24 hours
    before the start, editors decide."""
    start = first_start(session=session, edition=edition)
    if start is None or start - now < PROMOTION_STOPS_BEFORE:
        return []
    promoted = []
    capacity = _capacity(session, edition)
    confirmed = _confirmed_count(session, edition)
    for registration in Registration.objects.for_offer(
        session=session, edition=edition
    ).waitlisted():
        if capacity is not None and confirmed >= capacity:
            break
        _set_status(
            registration, RegistrationStatus.CONFIRMED, actor, note="promoted from the waiting list"
        )
        mail.on_commit(registration, "promoted")
        confirmed += 1
        promoted.append(registration)
    return promoted


def fill_free_seats(*, session=None, edition=None, now=None):
    """After a seat frees up elsewhere (an editor raised the capacity)."""
    now = now or timezone.now()
    with transaction.atomic():
        session, edition = _locked_target(session=session, edition=edition)
        return _fill_free_seats(session, edition, now)


def _locked_registration(registration):
    session, edition = _locked_target(session=registration.session, edition=registration.edition)
    return Registration.objects.select_for_update().get(pk=registration.pk), session, edition


def cancel(*, registration, by, confirm_late=False, now=None):
    """Cancel a registration (or leave the waiting list). A late cancellation
    is recorded only once confirmed, and the full fee stays due."""
    now = now or timezone.now()
    with transaction.atomic():
        registration, session, edition = _locked_registration(registration)
        if not registration.is_active:
            raise RegistrationError(_("This registration is already cancelled."), code="not_active")
        held_seat = registration.status == RegistrationStatus.CONFIRMED
        start = first_start(session=session, edition=edition)
        late = (
            held_seat
            and bool(registration.price_due)
            and start is not None
            and not is_free_cancellation(start, now)
        )
        if late and not confirm_late:
            raise LateCancellation(
                gettext(
                    "Free cancellation ended on %(date)s: the cancellation is recorded, but the full fee stays due."
                )
                % {"date": day(free_cancellation_until(start))},
                code="late",
            )
        registration.late_cancellation = late
        _set_status(
            registration, RegistrationStatus.CANCELLED, by, note="late, fee due" if late else ""
        )
        mail.on_commit(registration, "cancelled")
        if held_seat:
            _fill_free_seats(session, edition, now, actor=by)
    return registration


# Editors ------------------------------------------------------------------------------


def approve(*, registration, by, remember=False, now=None):
    """Approve a request: confirmed or on the waiting list, by the seats at this moment."""
    with transaction.atomic():
        registration, session, edition = _locked_registration(registration)
        if registration.status != RegistrationStatus.PENDING:
            raise RegistrationError(
                _("Only a request waiting for approval can be approved."), code="not_pending"
            )
        # An anonymised registration has no member left to remember.
        if remember and registration.user is not None:
            profile = registration.user.profile
            profile.is_approved_participant = True
            profile.save(update_fields=["is_approved_participant"])
        _seat_or_waiting_list(registration, session, edition, by, note="approved")
        mail.on_commit(registration, "approved")
    return registration


def refuse(*, registration, by, reason):
    if not reason.strip():
        raise RegistrationError(
            _("Give the reason for the refusal."), code="reason_missing", field="reason"
        )
    with transaction.atomic():
        registration, _session, _edition = _locked_registration(registration)
        if registration.status != RegistrationStatus.PENDING:
            raise RegistrationError(
                _("Only a request waiting for approval can be refused."), code="not_pending"
            )
        registration.refusal_reason = reason.strip()
        _set_status(registration, RegistrationStatus.REFUSED, by, note="refused")
        mail.on_commit(registration, RegistrationStatus.REFUSED)
    return registration


def promote(*, registration, by):
    """An editor promotes a waiting member, also within the last 24 hours; never beyond the capacity."""
    with transaction.atomic():
        registration, session, edition = _locked_registration(registration)
        if registration.status != RegistrationStatus.WAITLISTED:
            raise RegistrationError(
                _("Only a member on the waiting list can be promoted."), code="not_waitlisted"
            )
        if not _has_free_seat(session, edition):
            raise RegistrationError(
                _("There is no free seat: raise the capacity first."), code="full"
            )
        _set_status(registration, RegistrationStatus.CONFIRMED, by, note="promoted by an editor")
        mail.on_commit(registration, "promoted")
    return registration


def move_on_waiting_list(*, registration, by, up):
    """Swap a waiting member with the one before (up) or after them."""
    with transaction.atomic():
        registration, session, edition = _locked_registration(registration)
        queue = list(
            Registration.objects.for_offer(session=session, edition=edition)
            .waitlisted()
            .select_for_update()
        )
        index = next((i for i, r in enumerate(queue) if r.pk == registration.pk), None)
        if index is None:
            raise RegistrationError(
                _("Only a member on the waiting list can be moved."), code="not_waitlisted"
            )
        other_index = index - 1 if up else index + 1
        if not 0 <= other_index < len(queue):
            return registration
        other = queue[other_index]
        ranks = [r.waitlist_rank or n for n, r in enumerate(queue, start=1)]
        registration.waitlist_rank, other.waitlist_rank = ranks[other_index], ranks[index]
        Registration.objects.bulk_update([registration, other], ["waitlist_rank"])
        _log(
            registration,
            by,
            registration.status,
            registration.status,
            note="moved up" if up else "moved down",
        )
    return registration


def mark_attendance(*, registration, by, attendance):
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != RegistrationStatus.CONFIRMED:
            raise RegistrationError(
                _("Only confirmed participants have an attendance."), code="not_confirmed"
            )
        registration.attendance = attendance
        registration.save(update_fields=["attendance", "updated_at"])
        _log(
            registration,
            by,
            registration.status,
            registration.status,
            note=f"attendance: {attendance}",
        )
    return registration


# Substitution -------------------------------------------------------------------------


def _may_replace(original, candidate):
    """An OCMW employee is replaced by an OCMW employee; anyone else by an
    OCMW employee or by someone already approved."""
    if original.profile.is_ocmw_employee:
        return candidate.profile.is_ocmw_employee
    return candidate.profile.registers_directly


def _check_hand_over_limit(by, now):
    """Refuse a hand-over past HAND_OVERS_PER_WINDOW, saying when the member
    may invite again. Counted from the invitations themselves (withdrawn ones
    too: each was mailed), so the limit holds without the cache. The caller
    holds the member's row lock: two invitations at once are counted in turn."""
    recent = list(
        Substitution.objects.filter(invited_by=by, created_at__gt=now - HAND_OVER_WINDOW)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:HAND_OVERS_PER_WINDOW]
    )
    if len(recent) < HAND_OVERS_PER_WINDOW:
        return
    message = ngettext(
        "You can offer a seat to at most %(limit)d colleague a day. You can invite the next one from %(moment)s.",
        "You can offer seats to at most %(limit)d colleagues a day. You can invite the next one from %(moment)s.",
        HAND_OVERS_PER_WINDOW,
    ) % {"limit": HAND_OVERS_PER_WINDOW, "moment": moment(recent[-1] + HAND_OVER_WINDOW)}
    raise RegistrationError(message, code="too_many", field="email")


def invite_substitute(*, registration, by, email, now=None):
    now = now or timezone.now()
    try:
        if len(email) > Substitution._meta.get_field("email").max_length:
            raise ValidationError("too long")
        validate_email(email)
    except ValidationError as error:
        raise RegistrationError(
            _("Enter a valid e-mail address."), code="email_invalid", field="email"
        ) from error
    email = User.objects.normalize_email(email.strip())
    with transaction.atomic():
        registration, session, edition = _locked_registration(registration)
        if registration.status != RegistrationStatus.CONFIRMED:
            raise RegistrationError(
                _("Only a confirmed seat can be handed to a colleague."), code="not_confirmed"
            )
        if email.lower() == registration.user.email.lower():
            raise RegistrationError(
                _("Give the address of the colleague who takes your place."),
                code="self",
                field="email",
            )
        colleague = User.objects.filter(email__iexact=email).select_related("profile").first()
        if colleague is not None:
            _check_colleague(registration, colleague, session, edition)
        # The inviting member's row, locked: their invitations are counted one at a time.
        User.objects.select_for_update().filter(pk=by.pk).values_list("pk").first()
        _check_hand_over_limit(by, now)
        registration.substitutions.filter(status=SubstitutionStatus.INVITED).update(
            status=SubstitutionStatus.WITHDRAWN
        )
        substitution = Substitution.objects.create(
            registration=registration, email=email, invited_by=by
        )
        _log(
            registration,
            by,
            registration.status,
            registration.status,
            note=f"seat offered to {email}",
        )
        mail.substitution_invitation_on_commit(substitution)
    return substitution


def _check_colleague(registration, colleague, session, edition):
    if colleague.profile.is_complete and not _may_replace(registration.user, colleague):
        if registration.user.profile.is_ocmw_employee:
            message = _(
                "An employee of an OCMW / CPAS can only be replaced by another employee of an OCMW / CPAS."
            )
        else:
            message = _(
                "You can only be replaced by an employee of an OCMW / CPAS or by someone already approved."
            )
        raise RegistrationError(message, code="not_eligible", field="email")
    if (
        Registration.objects.for_offer(session=session, edition=edition)
        .active()
        .of_member(colleague)
        .exists()
    ):
        raise RegistrationError(
            _("This colleague is already registered."), code="duplicate", field="email"
        )


def accept_substitution(*, token, user):
    with transaction.atomic():
        substitution = Substitution.objects.select_for_update().filter(token=token).first()
        if substitution is None or substitution.status != SubstitutionStatus.INVITED:
            raise RegistrationError(
                _("This invitation is no longer valid."), code="invitation_invalid"
            )
        registration, session, edition = _locked_registration(substitution.registration)
        if registration.status != RegistrationStatus.CONFIRMED:
            raise RegistrationError(_("This seat is no longer available."), code="not_confirmed")
        if user.email.lower() != substitution.email.lower():
            raise RegistrationError(
                _("This invitation was sent to another e-mail address. Log in with that address."),
                code="wrong_user",
            )
        if not user.profile.is_complete:
            raise RegistrationError(
                _(
                    "Complete your profile first: we need your organisation to handle your registration."
                ),
                code="profile_incomplete",
            )
        _check_colleague(registration, user, session, edition)
        if not _may_replace(registration.user, user):
            raise RegistrationError(_("You cannot take over this seat."), code="not_eligible")
        previous = registration.user
        registration.user = user
        registration.save(update_fields=["user", "updated_at"])
        substitution.status = SubstitutionStatus.ACCEPTED
        substitution.accepted_by = user
        substitution.accepted_at = timezone.now()
        substitution.save(update_fields=["status", "accepted_by", "accepted_at"])
        _log(
            registration,
            user,
            registration.status,
            registration.status,
            note=f"taken over from {previous.email}",
        )
        mail.substitution_accepted_on_commit(registration, previous)
    return registration


# Reminders -------------------------------------------------------------------------------


def send_due_reminders(*, now=None):
    """Remind confirmed participants two days before each of their sessions.
    Each (registration, session) is reminded once, however often this runs."""
    now = now or timezone.now()
    window = Session.objects.filter(
        starts_at__gt=now, starts_at__lte=now + REMINDER_BEFORE
    ).exclude(status=SessionStatus.CANCELLED)
    sent = 0
    for session in window.select_related("page"):
        registrations = list(Registration.objects.confirmed().filter(session=session))
        # Trajectory sessions: the participants of the edition above the module.
        edition = EditionPage.objects.filter(
            locale=session.page.locale, path=session.page.path[: -session.page.steplen]
        ).first()
        if edition is not None:
            registrations += list(Registration.objects.confirmed().filter(edition=edition))
        for registration in registrations:
            with transaction.atomic():
                _reminder, created = ReminderSent.objects.get_or_create(
                    registration=registration, session=session
                )
                if created:
                    mail.reminder_on_commit(registration, session)
                    sent += 1
    return sent


def closed_reason(*, session=None, edition=None, now=None):
    """Why registration is closed for this session or edition, or None when it is open."""
    now = now or timezone.now()
    try:
        if session is not None:
            _check_session_open(session, now)
        else:
            _check_edition_open(edition, now)
    except RegistrationError as error:
        return error.message
    return None


def sessions_of(registration):
    """The sessions a registration gives access to, in order."""
    if registration.session_id:
        return [registration.session]
    return list(
        Session.objects.in_subtree_of(source_path(registration.edition)).order_by("starts_at")
    )
