"""The portal's public address, for every absolute link it gives away: in
mails, calendars, feeds, JSON-LD and the sitemap.

One setting holds it, WAGTAILADMIN_BASE_URL (`BASE_URL` in the environment),
which Wagtail's own mails read too. Neither the Host header of a request (a
mail or a calendar outlives it, and a client chooses it) nor the hostname and
port of the Wagtail site (they pick the site of a request; a development
server runs on any port) say where the portal is reached.
"""

from urllib.parse import urlsplit

from django.conf import settings


def base_url():
    """`https://portaal.example.org`, without a trailing slash."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute_url(path):
    """`path` ("/nl/aanbod/") at the portal's address. An address that names
    its own host (a picture in object storage) is returned as it is."""
    if urlsplit(path).netloc:
        return path
    return base_url() + path


def at_portal_address(url):
    """`url`, an address of the portal's own, moved to the portal's address
    whatever host it was built with (allauth builds its links from the
    request, Wagtail's sitemap from the Wagtail site)."""
    parts = urlsplit(url)
    return absolute_url(parts._replace(scheme="", netloc="").geturl() or "/")


def page_url(page, request=None):
    """The absolute address of a Wagtail page, or "" if it has none."""
    parts = page.get_url_parts(request)
    if parts is None or parts[2] is None:
        return ""
    return absolute_url(parts[2])


def host():
    """`portaal.example.org` (with its port, if it has one)."""
    return urlsplit(base_url()).netloc


class AtPortalAddress:
    """Mixed into every page model of the portal, before Page: its full URL
    (`get_full_url()`, `full_url`, and so the sitemap, calendars, JSON-LD and
    Wagtail's own mails) is at the portal's address, not at the Wagtail site's
    hostname and port. The portal is one site: every page is reached there."""

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request)
        if parts is None or parts[2] is None:
            return parts
        site_id, _site_root_url, page_path = parts
        return site_id, base_url(), page_path
