"""The portal's routes and a benchmark's yardstick: a member's POST that
passes the same middleware and checks as a registration but registers
nothing (bench/registrations.py). bench/pages.py's yardstick is a bare WSGI
app without Django (bench/bare_wsgi.py)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns


@login_required
def logged_in_post(request):
    if request.method != "POST":
        return HttpResponse(status=405)
    return HttpResponseRedirect("/")


urlpatterns = [
    path("bench/logged-in-post/", logged_in_post),
    *portal_urlpatterns,
]
