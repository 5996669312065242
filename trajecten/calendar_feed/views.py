"""The member's "My calendar" page and the address their calendar polls."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from portal.addresses import absolute_url

from ..ical import build_calendar
from ..models import CalendarFeed
from .services import entries_for, feed_of, renew


def _addresses(feed):
    """The https address to paste, and the webcal:// one that opens a calendar app."""
    https = absolute_url(reverse("calendar_feed", kwargs={"token": feed.token}))
    return https, "webcal://" + https.split("://", 1)[1]


@login_required
@require_http_methods(["GET", "POST"])
def my_calendar(request):
    if request.method == "POST":
        had_one = feed_of(request.user) is not None
        renew(request.user)
        messages.success(
            request,
            _("Your new calendar address is ready. The old one no longer works.")
            if had_one
            else _("Your calendar address is ready."),
        )
        return redirect("my_calendar")
    feed = feed_of(request.user)
    https, webcal = _addresses(feed) if feed else ("", "")
    return render(
        request,
        "trajecten/member/calendar.html",
        {"feed": feed, "https_address": https, "webcal_address": webcal},
    )


# Polled by calendar applications, which carry no session: the token is the
# key. A replaced token matches no row and answers 404. Never kept by a cache.
@never_cache
@require_GET
def calendar_feed(request, token):
    if len(token) > CalendarFeed._meta.get_field("token").max_length:
        raise Http404
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    calendar = build_calendar(entries_for(feed.user, request), _("My training sessions"))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="calendar.ics"'
    return response
