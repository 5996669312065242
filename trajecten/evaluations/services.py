"""Who may evaluate a session, the answer saved once, and the invitations.

A participant evaluates a session of their own registration once they were
marked present there, from its end until the evaluation closes
(rules.closes_at); a cancelled session has nothing to evaluate. One answer
per registration and session: the database's constraint holds it when two
submits cross. The invitation goes once to each participant marked present.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from home.templatetags.formatting import day
from portal.notifications import MailKind, notify

from ..models import (
    Attendance,
    EvaluationAnswer,
    EvaluationInvitation,
    QuestionKind,
    Session,
    SessionAttendance,
    SessionStatus,
)
from ..models.evaluations import SCALE_HIGHEST, SCALE_LOWEST
from ..registrations import RegistrationError, sessions_of
from ..registrations.policy import offer_page_of
from ..registrations.records import log
from . import rules


def offer_of(session):
    """The offer page whose questions the evaluation of `session` asks (its Dutch page)."""
    return offer_page_of(session.page.specific)


def questions_for(session):
    """The extra questions of the session's offer, in the active language
    where the page is translated."""
    offer = offer_of(session)
    if offer is None:
        return []
    return list(offer.localized.evaluation_questions.all())


def _present(registration, session):
    return SessionAttendance.objects.filter(
        registration=registration, session=session, attendance=Attendance.PRESENT
    ).exists()


def check_may_answer(*, registration, session, user, now=None):
    """Refuses, with a message for the member, who may not evaluate `session` now."""
    now = now or timezone.now()
    if registration.user_id is None or registration.user_id != user.pk:
        raise RegistrationError(
            _("Only the participant evaluates their own session."), code="not_yours"
        )
    if session.status == SessionStatus.CANCELLED:
        raise RegistrationError(
            _("This session was cancelled: there is nothing to evaluate."), code="cancelled"
        )
    if not _present(registration, session):
        raise RegistrationError(
            _("Only participants marked present at the session evaluate it."), code="not_present"
        )
    if now < session.ends_at:
        raise RegistrationError(_("The evaluation opens once the session is over."), code="not_yet")
    if EvaluationAnswer.objects.filter(registration=registration, session=session).exists():
        raise RegistrationError(
            _("You already evaluated this session. Thank you!"), code="answered"
        )
    if now >= rules.closes_at(session):
        raise RegistrationError(
            _("The evaluation of this session closed on %(date)s.")
            % {"date": day(rules.closes_at(session))},
            code="closed",
        )


def _scale(value, field):
    if not isinstance(value, int) or not SCALE_LOWEST <= value <= SCALE_HIGHEST:
        raise RegistrationError(_("Choose a score from 1 to 5."), code="scale", field=field)
    return value


def _extra_answers(questions, extra):
    """The answers to the extra questions as stored, by question key; a
    required question left empty is refused next to its field."""
    kept = {}
    for question in questions:
        value = extra.get(question.key)
        field = f"q_{question.key}"
        if value in (None, ""):
            if question.required:
                raise RegistrationError(
                    _("This question needs an answer."), code="required", field=field
                )
            continue
        if question.kind == QuestionKind.SCALE:
            kept[question.key] = _scale(value, field)
        else:
            kept[question.key] = str(value).strip()
    return kept


def submit(
    *,
    registration,
    session,
    by,
    satisfaction,
    usefulness,
    takeaway="",
    improvement="",
    anonymous=False,
    extra=None,
    now=None,
):
    """Save the member's evaluation of `session`; refused as check_may_answer says,
    and when it was answered already (also by a submit that crossed this one)."""
    now = now or timezone.now()
    refused_twice = RegistrationError(
        _("You already evaluated this session. Thank you!"), code="answered"
    )
    with transaction.atomic():
        check_may_answer(registration=registration, session=session, user=by, now=now)
        answer = EvaluationAnswer(
            registration=registration,
            session=session,
            satisfaction=_scale(satisfaction, "satisfaction"),
            usefulness=_scale(usefulness, "usefulness"),
            takeaway=takeaway.strip(),
            improvement=improvement.strip(),
            anonymous=anonymous,
            extra=_extra_answers(questions_for(session), extra or {}),
            submitted_at=now,
        )
        try:
            with transaction.atomic():
                answer.save()
        except IntegrityError as crossed:
            raise refused_twice from crossed
        log(registration, by, note="session evaluated")
    return answer


def answerable_sessions(registration, now=None, sessions=None):
    """The sessions of the registration whose evaluation waits for the member's
    answer; `sessions`: its sessions, where the caller has them already."""
    now = now or timezone.now()
    present = set(
        SessionAttendance.objects.filter(
            registration=registration, attendance=Attendance.PRESENT
        ).values_list("session_id", flat=True)
    )
    if not present:
        return []
    answered = set(
        EvaluationAnswer.objects.filter(registration=registration).values_list(
            "session_id", flat=True
        )
    )
    waiting = [
        session
        for session in (sessions if sessions is not None else sessions_of(registration))
        if session.pk in present
        and session.pk not in answered
        and session.status != SessionStatus.CANCELLED
        and rules.is_open(session, now)
    ]
    for session in waiting:
        session.evaluation_closes_at = rules.closes_at(session)
    return waiting


def send_invitations(*, now=None):
    """Invite each participant marked present at a session that is over and
    whose evaluation is open, once, however often this runs. Returns how many
    were sent."""
    now = now or timezone.now()
    sessions = Session.objects.filter(ends_at__lte=now, ends_at__gt=now - rules.OPEN_FOR).exclude(
        status=SessionStatus.CANCELLED
    )
    marks = SessionAttendance.objects.filter(
        session__in=sessions,
        attendance=Attendance.PRESENT,
        registration__user__isnull=False,
    ).values_list("registration_id", "session_id")
    done = set(
        EvaluationInvitation.objects.filter(session__in=sessions).values_list(
            "registration_id", "session_id"
        )
    ) | set(
        EvaluationAnswer.objects.filter(session__in=sessions).values_list(
            "registration_id", "session_id"
        )
    )
    sent = 0
    for registration_id, session_id in marks:
        if (registration_id, session_id) in done:
            continue
        with transaction.atomic():
            _invitation, created = EvaluationInvitation.objects.get_or_create(
                registration_id=registration_id, session_id=session_id
            )
            if created:
                notify(
                    MailKind.EVALUATION_INVITATION,
                    registration=registration_id,
                    session=session_id,
                )
                sent += 1
    return sent
