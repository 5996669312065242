"""Template tags of the offer: schema.org Event data and links to the
catalogue filtered on a tag."""

import json

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.models import Site

from home import proxy_cache
from home.languages import active_language
from home.page_cache import content_and_seats_generation, remembered

from ..models import OfferIndexPage
from ..models.sessions import SessionFormat, SessionStatus
from ..upcoming import next_open_sessions, still_open

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


def _catalogue_in_language(language, request):
    catalogue = OfferIndexPage.objects.live().filter(locale__language_code=language).first()
    return catalogue.get_url(request) if catalogue else ""


def _catalogue_url(locale_id, request):
    catalogue = OfferIndexPage.objects.live().filter(locale_id=locale_id).first()
    return catalogue.get_url(request) if catalogue else ""


@register.simple_tag(takes_context=True)
def session_calendar_url(context, page, session):
    """Wagtail's `routablepageurl page 'session_calendar' session.uid`, with
    the page's own address worked out once per request rather than once per
    session card (a page lists up to dozens of sessions)."""
    request = context["request"]
    addresses = request.__dict__.setdefault("_page_addresses", {})
    if page.pk not in addresses:
        addresses[page.pk] = page.get_url(request)
    return addresses[page.pk] + page.reverse_subpage("session_calendar", args=[session.uid])


@register.simple_tag
def sessions_version(sessions):
    """What the session cards of a page depend on, for the fragment cache
    (components/session_grid.html): the generations of the content and the
    seats (any session, registration or page saved) and how many of their
    starts and ends have passed (a card changes when its session starts or
    ends)."""
    proxy_cache.shows(*(proxy_cache.session_tag(session.pk) for session in sessions))
    now = timezone.now()
    passed = sum((session.starts_at <= now) + (session.ends_at <= now) for session in sessions)
    return f"{content_and_seats_generation()}.{passed}"


def _tags(page, request):
    return {
        "themes": [{"slug": item.slug, "name": item.name} for item in page.localized_themes()],
        "principles": [
            {"slug": item.slug, "name": item.name} for item in page.localized_principles()
        ],
        "catalogue": _catalogue_url(page.locale_id, request),
    }


@register.inclusion_tag("includes/offer_tags.html", takes_context=True)
def offer_tags(context, page):
    """The themes and guiding principles of an offer page, linked to the
    filtered catalogue: kept until the content changes, except in a preview,
    which shows the tags being edited."""
    request = context["request"]
    if getattr(request, "is_preview", False) or not page.pk:
        return _tags(page, request)
    site = Site.find_for_request(request)
    return remembered("offer-tags", lambda: _tags(page, request), site and site.pk, page.pk)


HOME_PAGE_SESSIONS = 6


@register.simple_tag(takes_context=True)
def next_sessions(context, count=HOME_PAGE_SESSIONS):
    """The next sessions with seats left across the offer, and the address of
    the catalogue, for the home page: kept until the content or the seats
    change (a registration fills a seat), as the page cache keeps pages."""
    request = context["request"]
    site = Site.find_for_request(request)
    language = get_language()

    def compute():
        return {
            "items": next_open_sessions(request),
            "catalogue": _catalogue_in_language(active_language(), request),
        }

    kept = remembered("next-sessions", compute, site and site.pk, language, seats=True)
    proxy_cache.shows(proxy_cache.SEATS)
    return {**kept, "items": still_open(kept["items"], count)}
