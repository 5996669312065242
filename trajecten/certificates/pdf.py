"""The certificate as a PDF, in the member's language, made by WeasyPrint
from templates/trajecten/certificate.html (real text, fonts embedded)."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from wagtail.models import Site
from weasyprint import HTML

from home.models import SiteSettings
from portal.addresses import absolute_url

from ..notifications import _page_in
from ..sign_in_sheet import _FetchesNothing
from .services import certified_sessions


def _tagged_page(page):
    """The page whose themes and principles describe the offer: an edition's trajectory."""
    return page.get_parent().specific if hasattr(page, "sessions_may_miss") else page


def described(certificate, language):
    """What the certificate and its public page say, in `language`."""
    registration = certificate.registration
    page = _page_in(registration.offer_page, language)
    tagged = _tagged_page(page)
    sessions = certified_sessions(registration, by_hand=certificate.issued_by_id is not None)
    with translation.override(language):
        return {
            "certificate": certificate,
            "name": registration.user.get_full_name() if registration.user else "",
            "title": page.booking_title,
            "sessions": sessions,
            "themes": [t.name for t in tagged.localized_themes()]
            if hasattr(tagged, "localized_themes")
            else [],
            "principles": [p.name for p in tagged.localized_principles()]
            if hasattr(tagged, "localized_principles")
            else [],
            "address": absolute_url(reverse("certificate_check", args=[certificate.code])),
            "language": language,
        }


def certificate_pdf(certificate, language):
    site = Site.objects.filter(is_default_site=True).first()
    settings = SiteSettings.for_site(site) if site else None
    # The place of issue: the last line of the organiser's address ("9000 Gent").
    lines = [line.strip() for line in (settings.address if settings else "").splitlines()]
    context = described(certificate, language) | {
        "organiser": settings.organisation_name if settings else "",
        "place": next((line for line in reversed(lines) if line), ""),
    }
    with translation.override(language):
        html = render_to_string("trajecten/certificate.html", context)
    return HTML(string=html, url_fetcher=_FetchesNothing()).write_pdf()
