"""Views of registrations: thin, each validates a form, calls one service
and turns a refusal of the rules into a message next to the field."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail.models import Locale

from home.languages import localized
from portal.accounts.models import Profile

from . import certificates, evaluations, registrations
from .assignments.services import deadline_for, hand_in
from .forms import AssignmentForm, RegistrationForm, SubstitutionForm, TakeOverForm
from .ical import CalendarEntry, calendar_response
from .models import (
    Assignment,
    AssignmentFile,
    EditionPage,
    Invoice,
    OfferIndexPage,
    Registration,
    RegistrationStatus,
    Session,
    Substitution,
    TrainingPage,
)
from .models.base import source_page
from .registrations import LateCancellation, RegistrationError, policy_for, rules
from .templatetags.registration_tags import place_in_line, place_text

STATUS_MESSAGES = {
    RegistrationStatus.CONFIRMED: lambda r: _(
        "Your registration is confirmed. We sent you an e-mail."
    ),
    # The place the registration counted under the session's lock: no count again.
    RegistrationStatus.WAITLISTED: lambda r: " ".join(
        [
            _("It is full: you are on the waiting list."),
            place_text(r.counted_place_in_line)
            if hasattr(r, "counted_place_in_line")
            else place_in_line(r),
        ]
    ),
    RegistrationStatus.PENDING: lambda r: _(
        "Your request is sent. An editor looks at it and lets you know by e-mail."
    ),
}


def _profile_first(request):
    messages.info(
        request,
        _("Complete your profile first: we need your organisation to handle your registration."),
    )
    return redirect(f"{reverse('member_profile')}?{urlencode({'next': request.get_full_path()})}")


def _register(request, *, page, session=None, edition=None, price=None, lunch_price=None):
    # Whether the member registers directly reads their organisation: loaded
    # with the profile, and kept on the user for the service (one query, not two).
    profile = Profile.objects.select_related("organisation").get(user=request.user)
    request.user.profile = profile
    if not profile.is_complete:
        return _profile_first(request)
    closed = registrations.closed_reason(session=session, edition=edition)
    form = RegistrationForm(
        request.POST or None,
        price=price,
        lunch_price=lunch_price,
        needs_motivation=not profile.registers_directly,
        profile=profile,
    )
    if request.method == "POST" and closed is None and form.is_valid():
        data = form.cleaned_data
        try:
            registration = (
                registrations.register_for_session(
                    user=request.user,
                    session=session,
                    with_lunch=data.get("with_lunch", False),
                    invoice=form.invoice(),
                    dietary_needs=data.get("dietary_needs", ""),
                    motivation=data.get("motivation", ""),
                    tie_to_ocmw=data.get("tie_to_ocmw", ""),
                )
                if session is not None
                else registrations.register_for_edition(
                    user=request.user,
                    edition=edition,
                    invoice=form.invoice(),
                    motivation=data.get("motivation", ""),
                    tie_to_ocmw=data.get("tie_to_ocmw", ""),
                )
            )
        except RegistrationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, STATUS_MESSAGES[registration.status](registration))
            return redirect("registration_detail", pk=registration.pk)
    start = registrations.first_start(session=session, edition=edition)
    policy = policy_for(session=session, edition=edition)
    context = {
        "form": form,
        "page": page,
        "session": session,
        "edition": edition,
        "closed": closed,
        "price": price,
        "free_cancellation_until": rules.free_cancellation_until(start, policy) if start else None,
        # Until an edition has sessions, the rule itself (and no date) says it.
        "free_cancellation_days": policy.free_cancellation_days,
    }
    return render(request, "trajecten/register.html", context)


def session_offer(uid, *, with_seats=True):
    """What a registration form for the session shows: its page in the
    active language, and the training's prices (a meeting is free). A
    registration counts the seats itself under the session's lock:
    `with_seats=False` leaves them out (a form shown again counts them then)."""
    sessions = Session.objects.with_seats() if with_seats else Session.objects.all()
    session = get_object_or_404(sessions.select_related("page__locale"), uid=uid)
    page = localized(session.page).specific
    training = page if isinstance(page, TrainingPage) else None
    return {
        "page": page,
        "session": session,
        "price": training.price if training else None,
        "lunch_price": training.price_with_lunch if training else None,
    }


def edition_offer(edition_id):
    """What a registration form for the whole edition shows."""
    # By `id`, an integer field: Django answers "none" for a number past 64
    # bits, where the page type's `pk` (its link to the page) would pass it to
    # the database (an error on SQLite).
    edition = get_object_or_404(EditionPage.objects.live(), id=edition_id)
    source = source_page(edition).specific
    return {"page": edition.localized.specific, "edition": source, "price": source.price}


@login_required
@require_http_methods(["GET", "POST"])
def register_session(request, uid):
    return _register(request, **session_offer(uid, with_seats=request.method != "POST"))


@login_required
@require_http_methods(["GET", "POST"])
def register_edition(request, edition_id):
    return _register(request, **edition_offer(edition_id))


def _own_registration(request, pk):
    """A member only ever sees their own registrations: anyone else's is a 404."""
    return get_object_or_404(
        Registration.objects.select_related("session__page", "edition"), pk=pk, user=request.user
    )


def _describe(registration, now, policies=None):
    registration.page = registration.offer_page.localized.specific
    registration.session_list = registrations.sessions_of(registration)
    first = registration.session_list[0] if registration.session_list else None
    last = registration.session_list[-1] if registration.session_list else None
    # What has taken place is no longer cancelled nor handed over.
    registration.has_ended = last is not None and last.ends_at < now
    policy = registrations.policy_of(registration, policies)
    registration.free_cancellation_until = rules.last_free_day(
        registration, first.starts_at if first else None, policy
    )
    registration.postponed = rules.is_postponed(registration)
    registration.cancels_free = rules.cancels_free(
        registration, first.starts_at if first else None, now, policy
    )
    for session in registration.session_list:
        session.show_link = rules.shows_online_link(registration, session, now)
        session.link_from = rules.online_link_from(session)
    registration.evaluations_waiting = evaluations.answerable_sessions(
        registration, now, sessions=registration.session_list
    )
    return registration


def _catalogue_url(request):
    """The offer in the member's language, where an empty list sends them."""
    catalogue = OfferIndexPage.objects.live().filter(locale=Locale.get_active()).first()
    return catalogue.get_url(request) if catalogue else ""


@login_required
def my_registrations(request):
    now = timezone.now()
    mine = (
        Registration.objects.of_member(request.user)
        .select_related("session__page", "edition")
        .prefetch_related(
            Prefetch(
                "invoice_lines__invoice",
                # A gathered invoice names colleagues: its number only (invoicing/views.py).
                queryset=Invoice.objects.annotate(line_count=Count("lines")),
            )
        )
    )
    # The rules of each offer, looked up once for the whole list.
    policies = {}
    return render(
        request,
        "trajecten/member/registrations.html",
        {
            "upcoming": [_describe(r, now, policies) for r in mine.upcoming(now)],
            "past": [_describe(r, now, policies) for r in mine.past(now)],
            "cancelled": [_describe(r, now, policies) for r in mine.cancelled_or_refused()],
            "offer_url": _catalogue_url(request),
        },
    )


@login_required
def registration_detail(request, pk):
    registration = _describe(_own_registration(request, pk), timezone.now())
    return render(
        request,
        "trajecten/member/registration_detail.html",
        {
            "registration": registration,
            "events": registration.events.all(),
            "substitution_form": SubstitutionForm(),
            "who_may_replace": rules.who_may_replace(registration.user),
            "may_download_certificate": certificates.may_download(registration),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cancel_registration(request, pk):
    registration = _describe(_own_registration(request, pk), timezone.now())
    if not registration.is_active or registration.has_ended:
        raise Http404
    first = registration.session_list[0] if registration.session_list else None
    late = rules.is_late_cancellation(
        registration, first.starts_at if first else None, timezone.now()
    )
    error = None
    if request.method == "POST":
        try:
            registrations.cancel(
                registration=registration,
                by=request.user,
                confirm_late=request.POST.get("confirm_late") == "yes",
            )
        except LateCancellation as refusal:
            late, error = True, refusal.message
        except RegistrationError as refusal:
            error = refusal.message
        else:
            messages.success(request, _("Your registration is cancelled."))
            return redirect("member_registrations")
    return render(
        request,
        "trajecten/member/cancel.html",
        {"registration": registration, "late": late, "error": error},
    )


OFFER_ANSWERS = {
    "accept": (
        registrations.accept_offer,
        gettext_lazy("The seat is yours: your registration is confirmed."),
    ),
    "decline": (
        registrations.decline_offer,
        gettext_lazy("You declined the seat and left the waiting list."),
    ),
}


@login_required
@require_http_methods(["POST"])
def answer_offer(request, pk):
    """Accept or decline the seat offered from the waiting list."""
    registration = _own_registration(request, pk)
    answer = OFFER_ANSWERS.get(request.POST.get("answer"))
    if answer is None:
        messages.error(request, _("Choose to accept or to decline the seat."))
        return redirect("registration_detail", pk=registration.pk)
    service, done = answer
    try:
        service(registration=registration, by=request.user)
    except RegistrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("registration_detail", pk=registration.pk)


@login_required
@require_http_methods(["POST"])
def hand_over(request, pk):
    registration = _own_registration(request, pk)
    form = SubstitutionForm(request.POST)
    status = 200
    if form.is_valid():
        try:
            registrations.invite_substitute(
                registration=registration, by=request.user, email=form.cleaned_data["email"]
            )
        except RegistrationError as error:
            form.add_error("email", error.message)
            # Past the daily limit of invitations: "too many requests" to a script too.
            status = 429 if error.code == "too_many" else 200
        else:
            messages.success(
                request, _("We sent your colleague an invitation to take over your seat.")
            )
            return redirect("registration_detail", pk=registration.pk)
    registration = _describe(registration, timezone.now())
    return render(
        request,
        "trajecten/member/registration_detail.html",
        {
            "registration": registration,
            "events": registration.events.all(),
            "substitution_form": form,
            "who_may_replace": rules.who_may_replace(registration.user),
        },
        status=status,
    )


@login_required
def registration_calendar(request, pk):
    registration = _describe(_own_registration(request, pk), timezone.now())
    url = registration.page.get_full_url(request)
    title = registration.page.booking_title
    entries = [CalendarEntry(session, title, url) for session in registration.session_list]
    return calendar_response(entries, title, f"registration-{registration.pk}.ics")


@login_required
@require_http_methods(["GET", "POST"])
def accept_substitution(request, token):
    substitution = get_object_or_404(
        Substitution.objects.select_related("registration__user__profile"), token=token
    )
    registration = _describe(substitution.registration, timezone.now())
    refusal = registrations.why_not_accept(substitution=substitution, user=request.user)
    if refusal is not None and refusal.code == "profile_incomplete":
        return _profile_first(request)
    form = TakeOverForm(
        request.POST if request.method == "POST" else None,
        registration=registration,
        profile=request.user.profile,
    )
    # Said before the colleague fills in the form, and again if it changed meanwhile.
    error = refusal.message if refusal is not None else None
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            registrations.accept_substitution(
                token=token,
                user=request.user,
                invoice=form.invoice(),
                dietary_needs=form.cleaned_data.get("dietary_needs", ""),
            )
        except RegistrationError as refused:
            if refused.field in form.fields:
                form.add_error(refused.field, refused.message)
            else:
                error = refused.message
        else:
            messages.success(request, _("The seat is yours. We let your colleague know."))
            return redirect("registration_detail", pk=registration.pk)
    return render(
        request,
        "trajecten/member/accept_substitution.html",
        {
            "substitution": substitution,
            "registration": registration,
            "form": form,
            "error": error,
            "may_accept": refusal is None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def assignment(request, pk):
    """The participant's final assignment: the brief, the deadline, their versions and the form."""
    registration = _own_registration(request, pk)
    if registration.edition_id is None:
        raise Http404
    edition = registration.edition.localized.specific
    record = Assignment.objects.filter(registration=registration).first()
    deadline = deadline_for(registration, record)
    is_open = rules.hands_in_assignments(registration) and rules.before_deadline(
        deadline, timezone.now()
    )
    form = AssignmentForm(
        request.POST or None,
        request.FILES or None,
        max_size=filesizeformat(settings.ASSIGNMENT_MAX_UPLOAD_BYTES),
    )
    if request.method == "POST" and is_open and form.is_valid():
        data = form.cleaned_data
        try:
            hand_in(
                registration=registration,
                title=data["title"],
                summary=data["summary"],
                publish_summary=data["publish_summary"],
                files=data["files"],
            )
        except RegistrationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Your final assignment is handed in."))
            return redirect("assignment", pk=registration.pk)
    versions = record.versions.prefetch_related("files") if record else []
    return render(
        request,
        "trajecten/member/assignment.html",
        {
            "registration": registration,
            "edition": edition,
            "record": record,
            "deadline": deadline,
            "is_open": is_open,
            "versions": versions,
            "form": form,
        },
    )


@login_required
def assignment_file(request, key):
    """A file of a final assignment, by its random key, for its participant or
    an editor only (whose permission counts with the second factor, see
    portal/accounts/two_factor.py); to anyone else it does not exist."""
    item = get_object_or_404(
        AssignmentFile.objects.select_related("version__assignment__registration"), key=key
    )
    owner_id = item.version.assignment.registration.user_id
    if owner_id != request.user.pk and not request.user.has_perm("trajecten.view_assignment"):
        raise Http404
    response = FileResponse(item.file.open("rb"), as_attachment=True, filename=item.original_name)
    response["Content-Type"] = item.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response
