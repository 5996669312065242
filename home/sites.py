"""The Wagtail site of a request, found once per generation of the outline.

Wagtail looks the site up with a query of its own in every request (and
building that query alone takes milliseconds); sites change only when an
editor changes them or publishes a site's root page, which starts a new
generation of the outline (home/page_cache.py).
"""

from django.core.exceptions import DisallowedHost
from django.http.request import split_domain_port
from wagtail.models import Site
from wagtail.models.sites import get_site_for_hostname

from .page_cache import remembered


def _site(hostname, port):
    try:
        site = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None
    # Wagtail routes every request from `site.root_page.localized.specific`:
    # kept specific, that is one query less in each request.
    site.root_page = site.root_page.specific
    return site


class CurrentSiteMiddleware:
    """Give the request its site as Wagtail's `Site.find_for_request` keeps it
    (`request._wagtail_site`), from the cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            # get_host() checks ALLOWED_HOSTS: no cache entry for made-up host names.
            hostname = split_domain_port(request.get_host())[0]
        except DisallowedHost:
            return self.get_response(request)
        port = request.get_port()
        request._wagtail_site = remembered(
            "site", lambda: _site(hostname, port), hostname, port, outline=True
        )
        return self.get_response(request)
