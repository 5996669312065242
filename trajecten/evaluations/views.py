"""The member's evaluation of a session: the form, or why it cannot be filled in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..models import Registration
from ..registrations import RegistrationError, sessions_of
from . import rules, services
from .forms import EvaluationForm


@login_required
@require_http_methods(["GET", "POST"])
def answer(request, pk, session_uid):
    """Only the member's own registration, and one of its sessions (else 404)."""
    registration = get_object_or_404(
        Registration.objects.select_related("session__page", "edition"), pk=pk, user=request.user
    )
    session = next((s for s in sessions_of(registration) if s.uid == session_uid), None)
    if session is None:
        raise Http404
    page = registration.offer_page.localized.specific
    context = {
        "registration": registration,
        "page": page,
        "session": session,
        "closes_at": rules.closes_at(session),
    }
    try:
        services.check_may_answer(
            registration=registration, session=session, user=request.user, now=timezone.now()
        )
    except RegistrationError as refusal:
        return render(
            request, "trajecten/member/evaluation.html", {**context, "refusal": refusal.message}
        )
    questions = services.questions_for(session)
    form = EvaluationForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.submit(
                registration=registration,
                session=session,
                by=request.user,
                satisfaction=data["satisfaction"],
                usefulness=data["usefulness"],
                takeaway=data["takeaway"],
                improvement=data["improvement"],
                anonymous=data["anonymous"],
                extra=form.extra_answers(),
            )
        except RegistrationError as refusal:
            form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)
        else:
            messages.success(request, _("Thank you for your evaluation."))
            return redirect("member_registrations")
    return render(request, "trajecten/member/evaluation.html", {**context, "form": form})
