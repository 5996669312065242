"""The participants page of a session and of a trajectory edition: who has
a seat (what they pay and eat, where the invoice goes, their attendance at
each session), who waits in which place, which requests wait for an editor.
It is used at the door on a phone: every action is a plain form that
answers with a redirect and a message, through its service."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.models import Page

from home.templatetags.formatting import day

from . import registrations
from .admin_views import posted_session, record_id
from .models import (
    Attendance,
    EditionPage,
    LearningNetworkPage,
    ModulePage,
    Registration,
    RegistrationStatus,
    Session,
    SessionAttendance,
    SessionStatus,
    TrajectoryPage,
)
from .models.base import SessionsMixin, source_page, source_path
from .registrations import RegistrationError
from .sign_in_sheet import by_name

# What each button does, through its service, and what the editor reads after.
ACTIONS = {
    "present": (
        lambda registration, session, user: registrations.mark_attendance(
            registration=registration, session=session, by=user, attendance=Attendance.PRESENT
        ),
        lambda name, session: (
            _("%(name)s marked present on %(day)s.") % {"name": name, "day": day(session.starts_at)}
        ),
    ),
    "absent": (
        lambda registration, session, user: registrations.mark_attendance(
            registration=registration, session=session, by=user, attendance=Attendance.ABSENT
        ),
        lambda name, session: (
            _("%(name)s marked absent on %(day)s.") % {"name": name, "day": day(session.starts_at)}
        ),
    ),
    "move_up": (
        lambda registration, session, user: registrations.move_on_waiting_list(
            registration=registration, by=user, up=True
        ),
        lambda name, session: _("%(name)s moved up on the waiting list.") % {"name": name},
    ),
    "move_down": (
        lambda registration, session, user: registrations.move_on_waiting_list(
            registration=registration, by=user, up=False
        ),
        lambda name, session: _("%(name)s moved down on the waiting list.") % {"name": name},
    ),
    "promote": (
        lambda registration, session, user: registrations.promote(
            registration=registration, by=user
        ),
        lambda name, session: _("%(name)s has a seat now.") % {"name": name},
    ),
}
ATTENDANCE_ACTIONS = {"present", "absent"}


@dataclass
class Offer:
    """What a participants page is about: one session (of a training, a
    meeting, a conference or a module), or a whole edition."""

    title: str
    url: str
    registrations: object  # the queryset of the registrations with a place here
    sessions: list
    session: Session | None = None
    edition: EditionPage | None = None
    capacity: int | None = None
    # For a module's session: the edition whose registrations give its seats.
    parent_edition: EditionPage | None = None
    links: dict = field(default_factory=dict)
    # The session whose present / absent buttons the page shows: an edition's
    # page shows one session's at a time, and every session's marks.
    chosen: Session | None = None


def _listing_url(**filters):
    return f"{reverse('registration:index')}?{urlencode(filters)}"


def _session_offer(session_id):
    # By `id`, not `pk`: a number past 64 bits finds nothing instead of reaching the database.
    session = get_object_or_404(Session.objects.select_related("page"), id=session_id)
    page = session.page.specific
    edition = (
        EditionPage.objects.get(path=page.path[: -Page.steplen])
        if isinstance(page, ModulePage)
        else None
    )
    filters = {"edition": edition.pk} if edition else {"session": session.pk}
    return Offer(
        title=(edition or page).booking_title,
        url=reverse("session_participants", args=[session.pk]),
        registrations=Registration.objects.at_session(session, edition),
        sessions=[session],
        session=session,
        chosen=session,
        capacity=edition.capacity if edition else session.capacity,
        parent_edition=edition,
        links={
            "message": reverse("message_session_registrants", args=[session.pk]),
            "listing": _listing_url(**filters),
            "export": _listing_url(**filters, export="xlsx"),
        },
    )


def _edition_offer(edition_id):
    # Registrations and sessions belong to the Dutch edition; a French one's id leads there.
    edition = source_page(get_object_or_404(EditionPage, id=edition_id)).specific
    sessions = list(
        Session.objects.in_subtree_of(source_path(edition))
        .select_related("page")
        .order_by("starts_at")
    )
    return Offer(
        title=edition.booking_title,
        url=reverse("edition_participants", args=[edition.pk]),
        registrations=Registration.objects.filter(edition=edition),
        sessions=sessions,
        edition=edition,
        capacity=edition.capacity,
        links={
            "message": reverse("message_edition_registrants", args=[edition.pk]),
            "listing": _listing_url(edition=edition.pk),
            "export": _listing_url(edition=edition.pk, export="xlsx"),
        },
    )


def _chosen(sessions, asked):
    """The session asked for, else the one of today or the next, else the last."""
    by_id = {str(session.pk): session for session in sessions}
    if asked in by_id:
        return by_id[asked]
    now = timezone.now()
    return next((s for s in sessions if s.ends_at >= now), sessions[-1] if sessions else None)


def _name(registration):
    return str(registration.user) if registration.user else _("former member")


def _sections(offer):
    """The registrations of the page in three lists, read in three queries
    whatever their number: the confirmed by name, each with its attendance
    at every session; the waiting list in order, each with its place (1 is
    first, counted per session or edition); the requests, oldest first."""
    rows = list(
        offer.registrations.filter(
            status__in=[
                RegistrationStatus.CONFIRMED,
                RegistrationStatus.WAITLISTED,
                RegistrationStatus.PENDING,
            ]
        ).select_related("user__profile")
    )
    marks = {
        (mark.registration_id, mark.session_id): mark
        for mark in SessionAttendance.objects.filter(
            registration__in=[r.pk for r in rows if r.status == RegistrationStatus.CONFIRMED],
            session__in=offer.sessions,
        )
    }
    confirmed, waiting, pending = [], [], []
    for registration in rows:
        if registration.status == RegistrationStatus.CONFIRMED:
            registration.marks = [
                (session, marks.get((registration.pk, session.pk))) for session in offer.sessions
            ]
            if offer.chosen is not None:
                registration.chosen_mark = marks.get((registration.pk, offer.chosen.pk))
            confirmed.append(registration)
        elif registration.status == RegistrationStatus.WAITLISTED:
            waiting.append(registration)
        else:
            pending.append(registration)
    # Members whose account is gone (anonymised) come last.
    confirmed.sort(key=lambda r: (r.user is None, by_name(r.user) if r.user else ()))
    # Those offered a freed seat first: they are out of line, waiting for their answer.
    waiting.sort(
        key=lambda r: (
            not r.has_open_offer,
            r.waitlist_rank is None,
            r.waitlist_rank or 0,
            r.created_at,
        )
    )
    lines = {}
    for registration in waiting:
        if registration.has_open_offer:
            registration.place = None
            continue
        lines.setdefault((registration.session_id, registration.edition_id), []).append(
            registration
        )
    for line in lines.values():
        for place, registration in enumerate(line, start=1):
            registration.place = place
            registration.is_last = place == len(line)
    pending.sort(key=lambda r: r.created_at)
    return confirmed, waiting, pending


def _session_counts(offer, confirmed):
    """For each session: how many are marked present and absent."""
    counts = {session.pk: {"present": 0, "absent": 0} for session in offer.sessions}
    for registration in confirmed:
        for session, mark in registration.marks:
            if mark is not None:
                counts[session.pk][mark.attendance] += 1
    return [(session, counts[session.pk]) for session in offer.sessions]


def _act(request, offer):
    """One button's action, for a registration with a place on this page,
    and its message; where to come back to: the row, and on an edition's
    page the session it marked."""
    if not request.user.has_perm("trajecten.change_registration"):
        raise PermissionDenied
    action = ACTIONS.get(request.POST.get("action"))
    registration = (
        offer.registrations.select_related("user")
        .filter(pk=record_id(request.POST.get("registration")))
        .first()
    )
    if action is None or registration is None:
        messages.error(request, _("This action is not possible on this page."))
        return ""
    service, done = action
    name = _name(registration)
    session = offer.session
    try:
        if offer.edition is not None and request.POST.get("action") in ATTENDANCE_ACTIONS:
            # A session of another offer is found too: the service refuses it, and says why.
            session = posted_session(request.POST)
        service(registration, session, request.user)
    except RegistrationError as error:
        messages.error(request, f"{name}: {error.message}")
    else:
        messages.success(request, done(name, session))
    back = f"#registration-{registration.pk}"
    if offer.edition is not None and session is not None:
        back = f"?{urlencode({'session': session.pk})}{back}"
    return back


def _participants_page(request, offer):
    if request.method == "POST":
        return redirect(offer.url + _act(request, offer))
    confirmed, waiting, pending = _sections(offer)
    return TemplateResponse(
        request,
        "trajecten/admin/participants.html",
        {
            "header_title": _("Participants"),
            "offer": offer,
            "confirmed": confirmed,
            "waiting": waiting,
            "pending": pending,
            "session_counts": _session_counts(offer, confirmed),
            # Lunch is offered at trainings, not at the sessions of an edition.
            "with_lunch": offer.edition is None and offer.parent_edition is None,
            "can_change": request.user.has_perm("trajecten.change_registration"),
            "cancelled": SessionStatus.CANCELLED,
        },
    )


@permission_required("trajecten.view_registration", raise_exception=True)
@require_http_methods(["GET", "POST"])
def session_participants(request, session_id):
    return _participants_page(request, _session_offer(session_id))


@permission_required("trajecten.view_registration", raise_exception=True)
@require_http_methods(["GET", "POST"])
def edition_participants(request, edition_id):
    offer = _edition_offer(edition_id)
    offer.chosen = _chosen(offer.sessions, request.GET.get("session"))
    return _participants_page(request, offer)


# Ways in from the pages of the offer ---------------------------------------------------

# Pages with sessions of their own or below them (modules, meetings), and editions.
WITH_PARTICIPANTS = (SessionsMixin, EditionPage, TrajectoryPage, LearningNetworkPage)


def participants_links(page):
    """(label, url) of the participants pages of a page: one per session
    for a page with its own sessions, the whole edition's for an edition."""
    page_class = page.specific_class
    if page_class is None:
        return []
    if issubclass(page_class, EditionPage):
        return [(_("Participants of the edition"), reverse("edition_participants", args=[page.pk]))]
    if not issubclass(page_class, SessionsMixin):
        return []
    return [
        (
            _("Participants %(session)s") % {"session": session},
            reverse("session_participants", args=[session.pk]),
        )
        for session in Session.objects.for_page(page).order_by("starts_at")
    ]


@permission_required("trajecten.view_registration", raise_exception=True)
@require_http_methods(["GET"])
def page_participants(request, page_id):
    """From a page of the explorer, where a row knows only its page: the one
    participants page straight away, else the choice of its sessions and editions."""
    page = source_page(get_object_or_404(Page, id=page_id)).specific
    if isinstance(page, EditionPage):
        return redirect("edition_participants", edition_id=page.pk)
    editions = list(EditionPage.objects.child_of(page).order_by("registration_opens", "path"))
    # A trajectory's sessions are found through its editions, each on its own page.
    sessions = (
        []
        if editions
        else list(
            Session.objects.in_subtree_of(page.path).select_related("page").order_by("starts_at")
        )
    )
    if not editions and len(sessions) == 1:
        return redirect("session_participants", session_id=sessions[0].pk)
    return TemplateResponse(
        request,
        "trajecten/admin/page_participants.html",
        {
            "header_title": _("Participants"),
            "page": page,
            "editions": editions,
            "sessions": sessions,
        },
    )
