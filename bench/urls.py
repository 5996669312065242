"""The portal's routes and the benchmarks' yardsticks: a minimal Django view
returning the bytes of a page (bench/pages.py), and a member's POST that
passes the same middleware and checks as a registration but registers
nothing (bench/registrations.py)."""

import os
from functools import cache
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns


@cache
def page_bytes():
    return Path(os.environ["BENCH_PAGE_FILE"]).read_bytes()


def same_bytes(request):
    return HttpResponse(page_bytes(), content_type="text/html; charset=utf-8")


@login_required
def logged_in_post(request):
    if request.method != "POST":
        return HttpResponse(status=405)
    return HttpResponseRedirect("/")


urlpatterns = [
    path("bench/same-bytes/", same_bytes),
    path("bench/logged-in-post/", logged_in_post),
    *portal_urlpatterns,
]
