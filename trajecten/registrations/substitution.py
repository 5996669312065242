"""A member hands a confirmed seat to a colleague: an invitation by mail,
which the colleague accepts once logged in with that address, giving their
own invoice details. Who may replace whom is rules.may_replace.

Inviting gives the same answer for every address: whether it has an
account, belongs to an employee of an OCMW / CPAS or is already registered
is checked when the colleague accepts, and said to them alone. Otherwise
the form would tell anyone who types addresses in it who works where."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from home.templatetags.formatting import moment
from portal.accounts.models import User
from portal.notifications import MailKind, notify

from ..models import AssignmentVersion, RegistrationStatus, Substitution, SubstitutionStatus
from . import rules
from .errors import RegistrationError
from .records import locked_registration, log
from .registering import (
    InvoiceDetails,
    check_not_registered,
    check_profile_complete,
    invoiced_to,
)


def _check_hand_over_limit(by, now):
    """Refuse a hand-over past rules.HAND_OVERS_PER_WINDOW, saying when the
    member may invite again. Counted from the invitations themselves
    (withdrawn ones too: each was mailed), so the limit holds without the
    cache. The caller holds the member's row lock: two invitations at once
    are counted in turn."""
    recent = list(
        Substitution.objects.filter(invited_by=by, created_at__gt=now - rules.HAND_OVER_WINDOW)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[: rules.HAND_OVERS_PER_WINDOW]
    )
    if len(recent) < rules.HAND_OVERS_PER_WINDOW:
        return
    message = ngettext(
        "You can offer a seat to at most %(limit)d colleague a day. You can invite the next one from %(moment)s.",
        "You can offer seats to at most %(limit)d colleagues a day. You can invite the next one from %(moment)s.",
        rules.HAND_OVERS_PER_WINDOW,
    ) % {
        "limit": rules.HAND_OVERS_PER_WINDOW,
        "moment": moment(recent[-1] + rules.HAND_OVER_WINDOW),
    }
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
        registration = locked_registration(registration)[0]
        if registration.status != RegistrationStatus.CONFIRMED:
            raise RegistrationError(
                _("Only a confirmed seat can be handed to a colleague."), code="not_confirmed"
            )
        _check_no_assignment_handed_in(registration)
        if email.lower() == registration.user.email.lower():
            raise RegistrationError(
                _("Give the address of the colleague who takes your place."),
                code="self",
                field="email",
            )
        # The inviting member's row, locked: their invitations are counted one at a time.
        User.objects.select_for_update().filter(pk=by.pk).values_list("pk").first()
        _check_hand_over_limit(by, now)
        registration.substitutions.filter(status=SubstitutionStatus.INVITED).update(
            status=SubstitutionStatus.WITHDRAWN
        )
        substitution = Substitution.objects.create(
            registration=registration, email=email, invited_by=by
        )
        log(registration, by, note=f"seat offered to {email}")
        notify(MailKind.SUBSTITUTION_INVITATION, substitution=substitution.pk)
    return substitution


def _check_no_assignment_handed_in(registration):
    """A final assignment hangs on the registration: a colleague taking the
    seat over would read the member's versions and files. Once one is handed
    in, the seat stays with the member (the organisers can cancel it)."""
    if AssignmentVersion.objects.filter(assignment__registration=registration).exists():
        raise RegistrationError(
            _(
                "A final assignment has been handed in for this seat, so it can no longer be "
                "handed to a colleague. Ask the organisers if you cannot take part."
            ),
            code="assignment_handed_in",
        )


def _check_may_accept(substitution, registration, user, session, edition):
    if substitution.status != SubstitutionStatus.INVITED:
        raise RegistrationError(_("This invitation is no longer valid."), code="invitation_invalid")
    if registration.status != RegistrationStatus.CONFIRMED:
        raise RegistrationError(_("This seat is no longer available."), code="not_confirmed")
    _check_no_assignment_handed_in(registration)
    if user.email.lower() != substitution.email.lower():
        raise RegistrationError(
            _("This invitation was sent to another e-mail address. Log in with that address."),
            code="wrong_user",
        )
    check_profile_complete(user)
    if not rules.may_replace(registration.user, user):
        if registration.user.profile.works_for_ocmw:
            message = _(
                "Only an employee of an OCMW / CPAS can take over this seat. "
                "It stays with your colleague."
            )
        else:
            message = _(
                "Only an employee of an OCMW / CPAS or someone already approved can take over "
                "this seat. It stays with your colleague."
            )
        raise RegistrationError(message, code="not_eligible")
    check_not_registered(
        user,
        session,
        edition,
        message=_("You are already registered for this. The seat stays with your colleague."),
    )


def why_not_accept(*, substitution, user):
    """Why this member cannot take over the seat now, as the refusal
    accept_substitution() would raise; None when they can. The accept page
    says it before the colleague fills in the form."""
    registration = substitution.registration
    try:
        _check_may_accept(
            substitution, registration, user, registration.session, registration.edition
        )
    except RegistrationError as refusal:
        return refusal
    return None


def accept_substitution(*, token, user, invoice=None, dietary_needs=""):
    """The colleague takes over the seat with their own invoice details (for
    a paying seat) and dietary needs (for a seat with lunch): nothing of the
    previous holder's stays on the registration, their motivation and tie
    to the OCMW / CPAS neither."""
    invoice = invoice or InvoiceDetails()
    with transaction.atomic():
        substitution = Substitution.objects.select_for_update().filter(token=token).first()
        if substitution is None:
            raise RegistrationError(
                _("This invitation is no longer valid."), code="invitation_invalid"
            )
        registration, session, edition = locked_registration(substitution.registration)
        _check_may_accept(substitution, registration, user, session, edition)
        organisation, invoice = invoiced_to(user, registration.price_due, invoice)
        previous = registration.user
        registration.user = user
        registration.organisation = organisation
        registration.billing_organisation = invoice.organisation.strip()
        registration.billing_address = invoice.address.strip()
        registration.billing_reference = invoice.reference.strip()
        registration.vat_number = invoice.vat_number.strip()
        registration.dietary_needs = dietary_needs.strip() if registration.with_lunch else ""
        # Only someone who registers directly may take over (rules.may_replace):
        # nobody's request is pending, and the previous holder's stays theirs.
        registration.motivation = ""
        registration.tie_to_ocmw = ""
        registration.save(
            update_fields=[
                "user",
                "organisation",
                "billing_organisation",
                "billing_address",
                "billing_reference",
                "vat_number",
                "dietary_needs",
                "motivation",
                "tie_to_ocmw",
                "updated_at",
            ]
        )
        substitution.status = SubstitutionStatus.ACCEPTED
        substitution.accepted_by = user
        substitution.accepted_at = timezone.now()
        substitution.save(update_fields=["status", "accepted_by", "accepted_at"])
        log(registration, user, note=f"taken over from {previous.email}")
        notify(MailKind.SUBSTITUTION_ACCEPTED, registration=registration.pk, previous=previous.pk)
    return registration
