"""The portal's routes and one more for bench/pages.py: a minimal Django view
returning the bytes of a page, the yardstick of the page cache."""

import os
from functools import cache
from pathlib import Path

from django.http import HttpResponse
from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns


@cache
def page_bytes():
    return Path(os.environ["BENCH_PAGE_FILE"]).read_bytes()


def same_bytes(request):
    return HttpResponse(page_bytes(), content_type="text/html; charset=utf-8")


urlpatterns = [path("bench/same-bytes/", same_bytes), *portal_urlpatterns]
