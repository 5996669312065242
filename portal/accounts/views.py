"""The member area: a dashboard, the profile form, and the member's data:
download it, or delete the account."""

import json

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from home.templatetags.navigation import localized_home

from . import privacy
from .forms import DeleteAccountForm, ProfileForm


@login_required
def dashboard(request):
    return render(request, "accounts/dashboard.html", {"profile": request.user.profile})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        # Back to where the member was going (a registration form), if it is ours.
        next_url = request.GET.get("next", "")
        if url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return redirect(next_url)
        return redirect("member_dashboard")
    return render(request, "accounts/profile.html", {"form": form})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def my_data(request):
    """What the portal holds about the member; a POST downloads it as JSON."""
    if request.method == "POST":
        data = privacy.member_data(request.user)
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        filename = f"my-data-{timezone.localdate():%Y-%m-%d}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return render(request, "accounts/my_data.html")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST":
        # Password guesses count against allauth's limit for re-authentication.
        too_many = ratelimit.consume_or_429(request, action="reauthenticate", user=request.user)
        if too_many:
            return too_many
        if form.is_valid():
            privacy.delete_account(user=request.user)
            logout(request)
            messages.success(
                request, _("Your account has been deleted. Thank you for having been with us.")
            )
            home = localized_home(request)
            return redirect(home.get_url(request) if home else "/")
    notices = privacy.deletion_notices(user=request.user, now=timezone.now())
    return render(
        request, "accounts/delete_account.html", {"form": form, "deletion_notices": notices}
    )


def restricted_content_login(request):
    """Where Wagtail sends whoever may not open a page or document restricted
    to logged-in members or to groups. Its own log-in form takes a password
    alone, past allauth's second factor, verification and rate limits: a
    visitor logs in through allauth instead; someone logged in is refused (the
    log-in page would send them straight back, in a circle)."""
    if request.user.is_authenticated:
        raise PermissionDenied
    query = request.META.get("QUERY_STRING", "")
    return redirect(f"{reverse('account_login')}?{query}" if query else "account_login")
