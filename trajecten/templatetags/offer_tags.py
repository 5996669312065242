"""Template tags of the offer: schema.org Event data and links to the
catalogue filtered on a tag."""

import json

from django import template
from django.utils.safestring import mark_safe

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


def session_event(page, session, url, price):
    event = {
        "@type": "Event",
        "name": page.title,
        "description": getattr(page, "intro", "") or page.search_description,
        "startDate": session.starts_at.isoformat(),
        "endDate": session.ends_at.isoformat(),
        "eventStatus": EVENT_STATUS[session.status],
        "eventAttendanceMode": ATTENDANCE_MODE[session.format],
        "url": url,
        "inLanguage": page.locale.language_code,
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
    url = page.get_full_url(context["request"])
    data = {
        "@context": "https://schema.org",
        "@graph": [session_event(page, s, url, price) for s in sessions],
    }
    payload = json.dumps(data, ensure_ascii=False)
    # Escape what could close the script element; JSON-LD is data, not script.
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308


@register.simple_tag
def offer_index_for(page):
    """The catalogue of the page's language, to link tags to a filtered list."""
    return OfferIndexPage.objects.live().filter(locale_id=page.locale_id).first()
