"""The coordinator's pages. A member who coordinates no approved
organisation finds none of them (404); a coordinator reaches their own
organisation's members and registrations only: anyone else's id is a 404,
like a member's own pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from .. import registrations
from ..certificates.services import attended_sessions, may_download
from ..models import Registration, RegistrationStatus
from ..registrations import RegistrationError
from ..views import edition_offer, session_offer
from .forms import RegisterColleaguesForm, ReplaceColleagueForm


def _organisation(request):
    organisation = request.user.profile.coordinates
    if organisation is None:
        raise Http404
    return organisation


def _colleague_registration(request, organisation, pk):
    return get_object_or_404(
        Registration.objects.select_related("session__page", "edition", "user__profile"),
        pk=pk,
        user__profile__organisation=organisation,
    )


def _name(user):
    return user.get_full_name() or user.email


@login_required
def team(request):
    organisation = _organisation(request)
    colleagues = list(registrations.colleagues_of(request.user))
    now = timezone.now()
    by_member = {c.pk: [] for c in colleagues}
    rows = (
        Registration.objects.filter(user__in=colleagues)
        .with_start()
        .select_related("session__page", "edition")
        .prefetch_related("certificates")
        .order_by("-starts_at")
    )
    for registration in rows:
        registration.page = registration.offer_page.localized.specific
        registration.attended = len(attended_sessions(registration))
        registration.held = len(registrations.sessions_of(registration))
        registration.has_certificate = may_download(registration)
        registration.may_replace = (
            registration.status == RegistrationStatus.CONFIRMED
            and registration.starts_at is not None
            and registration.starts_at > now
        )
        by_member[registration.user_id].append(registration)
    for colleague in colleagues:
        colleague.team_registrations = by_member[colleague.pk]
    return render(
        request,
        "trajecten/member/team.html",
        {"organisation": organisation, "colleagues": colleagues},
    )


def _register(request, *, page, session=None, edition=None, price=None, lunch_price=None):
    organisation = _organisation(request)
    colleagues = registrations.colleagues_of(request.user)
    closed = registrations.closed_reason(session=session, edition=edition)
    form = RegisterColleaguesForm(
        request.POST or None,
        colleagues=colleagues,
        lunch_price=lunch_price,
        initial={"reference": organisation.purchase_order_reference},
    )
    if request.method == "POST" and closed is None and form.is_valid():
        data = form.cleaned_data
        try:
            if session is not None:
                result = registrations.register_colleagues_for_session(
                    coordinator=request.user,
                    colleagues=list(data["colleagues"]),
                    session=session,
                    with_lunch=data.get("with_lunch", False),
                    reference=data["reference"],
                )
            else:
                result = registrations.register_colleagues_for_edition(
                    coordinator=request.user,
                    colleagues=list(data["colleagues"]),
                    edition=edition,
                    reference=data["reference"],
                )
        except RegistrationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            _tell(request, result)
            return redirect("team")
    registered = set()
    if session is not None or edition is not None:
        registered = set(
            Registration.objects.for_offer(session=session, edition=edition)
            .active()
            .filter(user__in=colleagues)
            .values_list("user_id", flat=True)
        )
    return render(
        request,
        "trajecten/member/team_register.html",
        {
            "organisation": organisation,
            "form": form,
            "page": page,
            "session": session,
            "edition": edition,
            "closed": closed,
            "price": price,
            "registered": [c for c in colleagues if c.pk in registered],
            "has_colleagues": colleagues.exists(),
        },
    )


def _tell(request, result):
    seated = [r for r in result.registrations if r.status == RegistrationStatus.CONFIRMED]
    waiting = [r for r in result.registrations if r.status == RegistrationStatus.WAITLISTED]
    pending = [r for r in result.registrations if r.status == RegistrationStatus.PENDING]
    if seated:
        messages.success(
            request,
            ngettext(
                "Registered: %(names)s. We sent them an e-mail.",
                "Registered: %(names)s. We sent each of them an e-mail.",
                len(seated),
            )
            % {"names": ", ".join(_name(r.user) for r in seated)},
        )
    if waiting:
        messages.warning(
            request,
            _("It is full: %(names)s joined the waiting list.")
            % {"names": ", ".join(_name(r.user) for r in waiting)},
        )
    if pending:
        messages.info(
            request,
            _("An editor looks at the registration of %(names)s first.")
            % {"names": ", ".join(_name(r.user) for r in pending)},
        )
    if result.already_registered:
        messages.info(
            request,
            _("Already registered, so left as they were: %(names)s.")
            % {"names": ", ".join(_name(u) for u in result.already_registered)},
        )


@login_required
@require_http_methods(["GET", "POST"])
def register_session(request, uid):
    _organisation(request)
    return _register(request, **session_offer(uid))


@login_required
@require_http_methods(["GET", "POST"])
def register_edition(request, edition_id):
    _organisation(request)
    return _register(request, **edition_offer(edition_id))


@login_required
@require_http_methods(["GET", "POST"])
def replace(request, pk):
    organisation = _organisation(request)
    registration = _colleague_registration(request, organisation, pk)
    colleagues = registrations.colleagues_of(request.user).exclude(pk=registration.user_id)
    form = ReplaceColleagueForm(request.POST or None, colleagues=colleagues)
    if request.method == "POST" and form.is_valid():
        colleague = form.cleaned_data["colleague"]
        try:
            registrations.replace_colleague(
                coordinator=request.user, registration=registration, colleague=colleague
            )
        except RegistrationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                _("%(new)s takes the seat of %(old)s. We let them both know.")
                % {"new": _name(colleague), "old": _name(registration.user)},
            )
            return redirect("team")
    registration.page = registration.offer_page.localized.specific
    return render(
        request,
        "trajecten/member/team_replace.html",
        {"organisation": organisation, "registration": registration, "form": form},
    )
