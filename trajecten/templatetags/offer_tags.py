"""Template tags of the offer: schema.org Event data and links to the
catalogue filtered on a tag."""

import json

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.models import Site

from home.page_cache import remembered

from ..models import OfferIndexPage
from ..models.sessions import SessionFormat, SessionStatus

register = template.Library()

EVENT_STATUS = {
    SessionStatus.SCHEDULED: "https://schema.org/EventScheduled",
    SessionStatus.POSTPONED: "https://schema.org/EventPostponed",
    SessionStatus.CANCELLED: "https://schema.org/EventCancelled",
}
ATTENDANCE_MODE = {
    SessionFormat.PHYSICAL: "https://schema.org/OfflineEventAttendanceMode",
    SessionFormat.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    SessionFormat.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}


def session_event(page, session, url, price, language):
    event = {
        "@type": "Event",
        "name": page.title,
        "description": getattr(page, "intro", "") or page.search_description,
        "startDate": session.starts_at.isoformat(),
        "endDate": session.ends_at.isoformat(),
        "eventStatus": EVENT_STATUS[session.status],
        "eventAttendanceMode": ATTENDANCE_MODE[session.format],
        "url": url,
        "inLanguage": language,
    }
    locations = []
    if session.format != SessionFormat.ONLINE:
        locations.append(
            {
                "@type": "Place",
                "name": session.venue_name or session.town,
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": session.address,
                    "postalCode": session.postal_code,
                    "addressLocality": session.town,
                    "addressCountry": "BE",
                },
            }
        )
    if session.format != SessionFormat.PHYSICAL:
        # The link itself is private to participants.
        locations.append({"@type": "VirtualLocation", "url": url})
    event["location"] = locations[0] if len(locations) == 1 else locations
    if price is not None:
        event["offers"] = {
            "@type": "Offer",
            "price": str(price),
            "priceCurrency": "EUR",
            "url": url,
        }
    if session.capacity is not None:
        event["maximumAttendeeCapacity"] = session.capacity
    return event


@register.simple_tag(takes_context=True)
def event_jsonld(context, page, sessions, price=None):
    """schema.org Event JSON-LD for the sessions shown on a page."""
    request = context["request"]
    url = page.get_full_url(request)
    # A page is shown in its own language: the one of the request.
    language = get_language()
    data = {
        "@context": "https://schema.org",
        "@graph": [session_event(page, s, url, price, language) for s in sessions],
    }
    payload = json.dumps(data, ensure_ascii=False)
    # Escape what could close the script element; JSON-LD is data, not script.
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308


def _catalogue_url(locale_id, request):
    catalogue = OfferIndexPage.objects.live().filter(locale_id=locale_id).first()
    return catalogue.get_url(request) if catalogue else ""


@register.simple_tag(takes_context=True)
def offer_index_url(context, page):
    """The address of the catalogue of the page's language, to link tags to a filtered list."""
    request = context["request"]
    site = Site.find_for_request(request)
    return remembered(
        "catalogue-url",
        lambda: _catalogue_url(page.locale_id, request),
        site and site.pk,
        page.locale_id,
    )
