"""Who gets a certificate, and for which hours.

A session registration's certificate is for its session, once the member
was marked present there. An edition's is for the whole edition, once the
member was present at every session of its modules but at most the number
the editors allow to miss (EditionPage.sessions_may_miss); cancelled
sessions count for nobody. An editor may issue one by hand whatever the
marks say, and revoke any. One certificate per registration (and session):
downloading again returns the same code.
"""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Attendance, Certificate, SessionAttendance, SessionStatus
from ..registrations import RegistrationError, sessions_of
from ..registrations.records import locked_registration, log


def _held(registration):
    return [s for s in sessions_of(registration) if s.status != SessionStatus.CANCELLED]


def attended_sessions(registration):
    """The sessions of the registration the member was marked present at, in order."""
    present = set(
        SessionAttendance.objects.filter(
            registration=registration, attendance=Attendance.PRESENT
        ).values_list("session_id", flat=True)
    )
    return [s for s in _held(registration) if s.pk in present]


def certified_sessions(registration, by_hand=False):
    """The sessions a certificate names, with their hours: those attended;
    for one an editor issued by hand where no attendance was marked, every
    session held (the editor vouches for them)."""
    attended = attended_sessions(registration)
    return attended if attended or not by_hand else _held(registration)


def hours_of(sessions):
    seconds = sum((s.ends_at - s.starts_at).total_seconds() for s in sessions)
    return (Decimal(seconds) / 3600).quantize(Decimal("0.01"))


def rule_met(registration, *, issued, attended, held):
    """The attendance rule, on what was read of the registration: its
    certificate (or None), the sessions attended and those held (the
    learning record reads them for a whole list at once)."""
    if issued is not None:
        return not issued.is_revoked
    if registration.session_id:
        return bool(attended)
    return bool(held) and len(held) - len(attended) <= registration.edition.sessions_may_miss


def may_download(registration):
    """Whether the attendance rule gives the member a certificate (or one was issued)."""
    issued = registration.certificates.first()
    if issued is not None:
        return not issued.is_revoked
    held = _held(registration) if registration.edition_id else []
    return rule_met(registration, issued=None, attended=attended_sessions(registration), held=held)


def _existing(registration):
    return Certificate.objects.filter(registration=registration).first()


def _issue(registration, by):
    with transaction.atomic():
        registration, _session, _edition = locked_registration(registration)
        certificate = _existing(registration)
        if certificate is not None:
            return certificate
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    certificate = Certificate.objects.create(
                        registration=registration,
                        session=registration.session,
                        code=Certificate.new_code(),
                        hours=hours_of(certified_sessions(registration, by is not None)),
                        issued_by=by,
                    )
                    log(registration, by, note="certificate issued")
                    return certificate
            except IntegrityError:  # a code drawn twice: draw again
                continue
        raise RuntimeError("No free certificate code after five draws")


def certificate_for(registration):
    """The registration's certificate, issued now if the rule is met; refuses
    with a message for the member otherwise."""
    certificate = _existing(registration)
    if certificate is not None:
        if certificate.is_revoked:
            raise RegistrationError(
                _("Your certificate was revoked: ask the organisers why."), code="revoked"
            )
        return certificate
    if not may_download(registration):
        if registration.session_id:
            message = _("A certificate is given once you were marked present at the session.")
        else:
            message = _(
                "A certificate is given once you attended the sessions of the edition "
                "its organisers ask for."
            )
        raise RegistrationError(message, code="no_certificate")
    return _issue(registration, by=None)


def issue_by_hand(registration, by):
    """An editor issues the certificate, whatever the attendance marks say."""
    return _issue(registration, by=by)


def revoke(certificate, by, reason):
    """The certificate is no longer valid; its public address says so, and why."""
    if not reason.strip():
        raise RegistrationError(_("Say why the certificate is revoked."), code="reason")
    if certificate.is_revoked:
        return certificate
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = by
    certificate.revocation_reason = reason.strip()
    with transaction.atomic():
        certificate.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
        log(certificate.registration, by, note="certificate revoked")
    return certificate
