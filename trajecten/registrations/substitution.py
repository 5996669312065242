"""A member hands a confirmed seat to a colleague: an invitation by mail,
which the colleague accepts once logged in with that address. Who may
replace whom is rules.may_replace."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from home.templatetags.formatting import moment
from portal.accounts.models import User
from portal.notifications import MailKind, notify

from ..models import RegistrationStatus, Substitution, SubstitutionStatus
from . import rules
from .errors import RegistrationError
from .records import locked_registration, log
from .registering import check_not_registered, check_profile_complete


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


def _check_colleague(registration, colleague, session, edition):
    if colleague.profile.is_complete and not rules.may_replace(registration.user, colleague):
        if registration.user.profile.is_ocmw_employee:
            message = _(
                "An employee of an OCMW / CPAS can only be replaced by another employee of an OCMW / CPAS."
            )
        else:
            message = _(
                "You can only be replaced by an employee of an OCMW / CPAS or by someone already approved."
            )
        raise RegistrationError(message, code="not_eligible", field="email")
    check_not_registered(
        colleague,
        session,
        edition,
        field="email",
        message=_("This colleague is already registered."),
    )


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
        registration, session, edition = locked_registration(registration)
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
        log(registration, by, note=f"seat offered to {email}")
        notify(MailKind.SUBSTITUTION_INVITATION, substitution=substitution.pk)
    return substitution


def accept_substitution(*, token, user):
    with transaction.atomic():
        substitution = Substitution.objects.select_for_update().filter(token=token).first()
        if substitution is None or substitution.status != SubstitutionStatus.INVITED:
            raise RegistrationError(
                _("This invitation is no longer valid."), code="invitation_invalid"
            )
        registration, session, edition = locked_registration(substitution.registration)
        if registration.status != RegistrationStatus.CONFIRMED:
            raise RegistrationError(_("This seat is no longer available."), code="not_confirmed")
        if user.email.lower() != substitution.email.lower():
            raise RegistrationError(
                _("This invitation was sent to another e-mail address. Log in with that address."),
                code="wrong_user",
            )
        check_profile_complete(user)
        _check_colleague(registration, user, session, edition)
        if not rules.may_replace(registration.user, user):
            raise RegistrationError(_("You cannot take over this seat."), code="not_eligible")
        previous = registration.user
        registration.user = user
        registration.save(update_fields=["user", "updated_at"])
        substitution.status = SubstitutionStatus.ACCEPTED
        substitution.accepted_by = user
        substitution.accepted_at = timezone.now()
        substitution.save(update_fields=["status", "accepted_by", "accepted_at"])
        log(registration, user, note=f"taken over from {previous.email}")
        notify(MailKind.SUBSTITUTION_ACCEPTED, registration=registration.pk, previous=previous.pk)
    return registration
