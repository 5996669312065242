"""Template tags of the offer: schema.org Event data and links to the
catalogue filtered on a tag."""

import hashlib
import json

from django import template
from django.core.cache import caches
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.models import Site

from home import proxy_cache
from home.languages import active_language
from home.page_cache import remembered

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


def _page_address(request, page):
    """The address of `page`, worked out once per request rather than once
    per session card (a page lists up to dozens of sessions)."""
    addresses = request.__dict__.setdefault("_page_addresses", {})
    if page.pk not in addresses:
        addresses[page.pk] = page.get_url(request)
    return addresses[page.pk]


@register.simple_tag(takes_context=True)
def session_calendar_url(context, page, session):
    """Wagtail's `routablepageurl page 'session_calendar' session.uid`, with
    the page's own address worked out once per request."""
    address = _page_address(context["request"], page)
    return address + page.reverse_subpage("session_calendar", args=[session.uid])


CARD_TEMPLATE = "components/session_card.html"
# How long a process keeps a card or a grid of cards nobody asks for again:
# its key says all it shows, so it is never stale, only unused.
CARDS_SECONDS = 60 * 60


def _card_facts(session):
    """What a session card shows but the time, as part of a key: every field
    of the session and its seats left (counted in the page's own query,
    `with_seats()`)."""
    fields = tuple(getattr(session, field.attname) for field in session._meta.concrete_fields)
    return fields, session.seats_left


def _moments(sessions, now):
    """Whether each session has started (no registration any more) and ended
    ("took place") at `now`: a card changes then, its session not."""
    return [(session.starts_at > now, session.ends_at < now) for session in sessions]


def _digest(*parts):
    return hashlib.md5(repr(parts).encode(), usedforsecurity=False).hexdigest()


@register.simple_tag(takes_context=True)
def session_grid(context, page, sessions):
    """The session cards of `page` (components/session_grid.html). Each
    process keeps each card by all it shows (its session's fields, the seats
    left, started or ended) and where (the page's address, the language, the
    host), and a page's grid by its cards: a registration renders again the
    one card whose seats changed, an editor publishing another page none,
    and a session that changes, starts or ends shows it at once. Nothing of
    the visitor goes in a card (a member's own registration is shown
    elsewhere on the page)."""
    request = context["request"]
    registrable = context.get("registrable") is not False
    # A caching proxy drops the page when one of these sessions changes.
    proxy_cache.shows(*(proxy_cache.session_tag(session.pk) for session in sessions))
    kept = caches["process"]
    where = (
        page.pk,
        _page_address(request, page),
        registrable,
        get_language(),
        timezone.get_current_timezone_name(),
        request.get_host(),
    )
    moments = _moments(sessions, timezone.now())
    keys = [
        f"session-card:{_digest(where, _card_facts(session), moment)}"
        for session, moment in zip(sessions, moments, strict=True)
    ]
    grid_key = f"session-grid:{_digest(keys)}"
    grid = kept.get(grid_key)
    if grid is not None:
        return grid
    template = context.template.engine.get_template(CARD_TEMPLATE)
    cards = {}
    for session, key in zip(sessions, keys, strict=True):
        cards[key] = kept.get(key)
        if cards[key] is None:
            with context.push(session=session, registrable=registrable):
                cards[key] = template.render(context)
    grid = mark_safe(f'<div class="session-grid">{"".join(cards[key] for key in keys)}</div>')  # noqa: S308
    # Kept unless a session started or ended while the cards were rendered:
    # a card may then show what its key does not say.
    if _moments(sessions, timezone.now()) == moments:
        kept.set_many({**cards, grid_key: grid}, CARDS_SECONDS)
    return grid


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
    filtered catalogue: kept until the page is published again (its live
    revision) or the outline changes (a theme is a snippet, the catalogue's
    address is in the outline), except in a preview, which shows the tags
    being edited."""
    request = context["request"]
    if getattr(request, "is_preview", False) or not page.pk:
        return _tags(page, request)
    site = Site.find_for_request(request)
    return remembered(
        "offer-tags",
        lambda: _tags(page, request),
        site and site.pk,
        page.pk,
        page.live_revision_id,
        outline=True,
    )


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
