"""The editor's page for one registration: its details and history, and
the actions of the rules (approve, refuse, promote, reorder, cancel,
attendance at each of its sessions), each through its service function."""

import tempfile
import zipfile

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.models import Locale

from . import certificates, registrations
from .assignments import services as assignments
from .models import (
    AssignmentFile,
    AssignmentStatus,
    Attendance,
    EditionPage,
    Registration,
    RegistrationStatus,
    Session,
    SessionStatus,
)
from .registrations import RegistrationError


def posted_session(post):
    """The session a button names; one of another offer is refused by the service."""
    session = Session.objects.filter(pk=record_id(post.get("session"))).first()
    if session is None:
        raise RegistrationError(
            _("This session is not one of the sessions of this registration."),
            code="other_session",
        )
    return session


ACTIONS = {
    "approve": lambda r, user, post: registrations.approve(
        registration=r, by=user, remember=post.get("remember") == "on"
    ),
    "refuse": lambda r, user, post: registrations.refuse(
        registration=r, by=user, reason=post.get("reason", "")
    ),
    "promote": lambda r, user, post: registrations.promote(registration=r, by=user),
    "move_up": lambda r, user, post: registrations.move_on_waiting_list(
        registration=r, by=user, up=True
    ),
    "move_down": lambda r, user, post: registrations.move_on_waiting_list(
        registration=r, by=user, up=False
    ),
    "cancel": lambda r, user, post: registrations.cancel(
        registration=r, by=user, confirm_late=True
    ),
    "present": lambda r, user, post: registrations.mark_attendance(
        registration=r, session=posted_session(post), by=user, attendance=Attendance.PRESENT
    ),
    "absent": lambda r, user, post: registrations.mark_attendance(
        registration=r, session=posted_session(post), by=user, attendance=Attendance.ABSENT
    ),
    "issue_certificate": lambda r, user, post: certificates.issue_by_hand(r, user),
    "revoke_certificate": lambda r, user, post: certificates.revoke(
        get_object_or_404(r.certificates, revoked_at=None), user, post.get("reason", "")
    ),
}


@permission_required("trajecten.change_registration", raise_exception=True)
@require_http_methods(["GET", "POST"])
def manage_registration(request, pk):
    registration = get_object_or_404(
        Registration.objects.select_related("user__profile", "session__page", "edition"), pk=pk
    )
    if request.method == "POST":
        action = ACTIONS.get(request.POST.get("action"))
        if action is None:
            messages.error(request, _("Unknown action."))
        else:
            try:
                action(registration, request.user, request.POST)
            except RegistrationError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("The registration has been updated."))
        return redirect("registration:edit", pk=registration.pk)
    sessions = registrations.sessions_of(registration)
    marks = {mark.session_id: mark for mark in registration.attendances.all()}
    return TemplateResponse(
        request,
        "trajecten/admin/manage_registration.html",
        {
            "registration": registration,
            "events": registration.events.select_related("actor"),
            "sessions": [(session, marks.get(session.pk)) for session in sessions],
            "header_title": str(registration),
            # Kept after a cancellation: what was attended stays on the record.
            "marked": bool(marks),
            "cancelled": SessionStatus.CANCELLED,
            "certificate": registration.certificates.first(),
        },
    )


# Final assignments -----------------------------------------------------------

ASSIGNMENT_ACTIONS = {
    "review": lambda registration, user, post: assignments.review(
        registration=registration,
        by=user,
        status=post.get("status", ""),
        feedback=post.get("feedback", ""),
    ),
    "extension": lambda registration, user, post: assignments.grant_extension(
        registration=registration, by=user, until=_moment(post.get("until"))
    ),
    "slot": lambda registration, user, post: assignments.assign_slot(
        registration=registration,
        by=user,
        starts_at=_moment(post.get("starts_at")),
        place=post.get("place", ""),
    ),
}


def record_id(value):
    """A record's number sent by the page, or 0 (no record) when it is none:
    Django's lookup raises on a value that is not a number. Past 19 digits no
    record has it (and Python refuses to read thousands of digits)."""
    return int(value) if value and value.isdecimal() and len(value) < 20 else 0


def _moment(value):
    """A date and time typed by an editor (local time), or an error they can read."""
    try:
        parsed = parse_datetime((value or "").replace("T", " ")) if value else None
    except ValueError:  # well formed, but no such day or hour (2028-02-30)
        parsed = None
    if parsed is None:
        raise RegistrationError(
            _("Give a date and time, for example 2028-02-04 10:30."), code="moment"
        )
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


@permission_required("trajecten.view_assignment", raise_exception=True)
def assignments_index(request):
    editions = EditionPage.objects.filter(locale=Locale.get_default()).order_by(
        "-registration_opens"
    )
    return TemplateResponse(
        request, "trajecten/admin/assignments_index.html", {"editions": editions}
    )


@permission_required("trajecten.view_assignment", raise_exception=True)
@require_http_methods(["GET", "POST"])
def edition_assignments(request, edition_id):
    # By `id`, not `pk` (the page link): a number past 64 bits finds nothing
    # instead of reaching the database.
    edition = get_object_or_404(EditionPage, id=edition_id)
    if request.method == "POST":
        if not request.user.has_perm("trajecten.change_assignment"):
            raise PermissionDenied
        registration = get_object_or_404(
            Registration, pk=record_id(request.POST.get("registration")), edition=edition
        )
        action = ASSIGNMENT_ACTIONS.get(request.POST.get("action"))
        try:
            if action is None:
                raise RegistrationError(_("Unknown action."), code="action")
            action(registration, request.user, request.POST)
        except RegistrationError as error:
            messages.error(request, f"{registration.user}: {error.message}")
        else:
            messages.success(
                request,
                _("The assignment of %(name)s has been updated.") % {"name": registration.user},
            )
        return redirect("edition_assignments", edition_id=edition.pk)
    participants = (
        Registration.objects.filter(edition=edition, status=RegistrationStatus.CONFIRMED)
        .select_related("user", "assignment")
        .prefetch_related("assignment__versions__files")
        .order_by("user__last_name", "user__first_name")
    )
    rows = []
    for registration in participants:
        assignment = getattr(registration, "assignment", None)
        versions = list(assignment.versions.all()) if assignment else []
        rows.append({"registration": registration, "assignment": assignment, "versions": versions})
    return TemplateResponse(
        request,
        "trajecten/admin/edition_assignments.html",
        {
            "edition": edition,
            "rows": rows,
            "statuses": AssignmentStatus.choices[1:],
            "header_title": edition.title,
        },
    )


@permission_required("trajecten.view_assignment", raise_exception=True)
def edition_assignments_zip(request, edition_id):
    """Every file of every version of an edition, in one ZIP, a folder per participant."""
    edition = get_object_or_404(EditionPage, id=edition_id)
    files = AssignmentFile.objects.filter(
        version__assignment__registration__edition=edition
    ).select_related("version__assignment__registration__user")
    # FileResponse closes the buffer once it is sent.
    buffer = tempfile.SpooledTemporaryFile(max_size=50 * 1024 * 1024)  # noqa: SIM115
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in files:
            user = item.version.assignment.registration.user
            folder = (
                slugify(user.get_full_name() if user else "participant") or f"participant-{user.pk}"
            )
            with item.file.open("rb") as content:
                archive.writestr(
                    f"{folder}/v{item.version.number}/{item.original_name}", content.read()
                )
    buffer.seek(0)
    return FileResponse(
        buffer, as_attachment=True, filename=f"{slugify(edition.title)}-assignments.zip"
    )
