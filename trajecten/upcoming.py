"""The next sessions a visitor can still register for, across the whole
offer: what the home page lists. In a fixed number of queries, however many
sessions and pages there are, and as plain data, so that it can be kept
until the content or the seats change (home/page_cache.py)."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from home.languages import active_language, source_language
from home.pages import public

from .models import (
    EditionPage,
    MeetingPage,
    ModulePage,
    RegistrationWindow,
    Session,
    SessionStatus,
    seats,
)

# Kept beyond what the home page shows, so that it still has enough once the
# first ones have started (they are dropped when shown, see `still_open`).
KEPT = 12


def _open_sessions(now):
    """Sessions one registers for one by one (not the modules of a trajectory,
    which one registers for as a whole edition): scheduled, not started, not
    full, on a live page a visitor may see."""
    module = ContentType.objects.get_for_model(ModulePage)
    return list(
        Session.objects.filter(
            status=SessionStatus.SCHEDULED,
            starts_at__gt=now,
            page__in=public(Page.objects.live()).filter(locale__language_code=source_language()),
        )
        .exclude(page__content_type=module)
        .with_free_seat()
        .select_related("page")
        .order_by("starts_at")[:KEPT]
    )


def _open_editions(now):
    """Editions open for registration and not full, each with the next
    session of its modules (`next_session_id`) and its `seats_taken`."""
    sessions = Session.objects.filter(
        page__path__startswith=models.OuterRef("path"),
        status=SessionStatus.SCHEDULED,
        starts_at__gt=now,
    ).order_by("starts_at")
    editions = (
        public(EditionPage.objects.live())
        .filter(
            locale__language_code=source_language(),
            registration_opens__lte=now,
        )
        # Closed by its own date; by the site's rule otherwise (checked below).
        .exclude(registration_closes__lt=now)
        .annotate(
            next_session_id=models.Subquery(sessions.values("pk")[:1]),
            seats_taken=seats.taken_in_query("edition"),
        )
        .filter(next_session_id__isnull=False)
        .filter(seats.HAS_FREE_SEAT)
    )
    return [e for e in editions if e.registration_window(now) == RegistrationWindow.OPEN]


def _in_language(pages, language):
    """{translation key: the live page in `language`}; where
    the page is one part of an offer (a meeting of a network, an edition of
    a trajectory), `.offer_page` is the page whose title comes first."""
    keys = {page.translation_key for page in pages}
    found = {
        page.translation_key: page
        for page in public(Page.objects.live()).filter(
            translation_key__in=keys, locale__language_code=language
        )
    }
    parts = [
        page
        for page in found.values()
        if page.content_type_id
        in {
            ContentType.objects.get_for_model(MeetingPage).pk,
            ContentType.objects.get_for_model(EditionPage).pk,
        }
    ]
    parents = {
        parent.path: parent
        for parent in Page.objects.filter(path__in=[page.path[: -Page.steplen] for page in parts])
    }
    for page in parts:
        page.offer_page = parents.get(page.path[: -Page.steplen])
    return found


def _item(page, session, *, seats_left, register_url, open_until, request):
    parent = getattr(page, "offer_page", None)
    return {
        "offer": parent.title if parent else page.title,
        "part": page.title if parent else "",
        "url": page.get_url(request),
        "register_url": register_url,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "format": session.format,
        "format_label": str(session.format_label),
        "place": session.place,
        "province": str(session.province_label),
        "seats_left": seats_left,
        "open_until": open_until,
    }


def next_open_sessions(request, now=None):
    """The next sessions with seats left, soonest first, as the active
    language shows them (its titles and addresses): a session of a
    training, a meeting or a conference, or the next session of an edition
    open for registration. Offers not published in this language are left
    out: a French visitor never reads a Dutch title."""
    now = now or timezone.now()
    sessions = _open_sessions(now)
    editions = _open_editions(now)
    next_of_edition = Session.objects.in_bulk([edition.next_session_id for edition in editions])
    pages = _in_language([*(s.page for s in sessions), *editions], active_language())
    items = []
    for session in sessions:
        page = pages.get(session.page.translation_key)
        if page is not None:
            items.append(
                _item(
                    page,
                    session,
                    seats_left=session.seats_left,
                    register_url=reverse("register_session", args=[session.uid]),
                    open_until=session.starts_at,
                    request=request,
                )
            )
    for edition in editions:
        page = pages.get(edition.translation_key)
        if page is not None:
            free = seats.left(edition.capacity, edition.seats_taken)
            session = next_of_edition[edition.next_session_id]
            items.append(
                _item(
                    page,
                    session,
                    seats_left=free,
                    register_url=reverse("register_edition", args=[page.pk]),
                    open_until=min(edition.closes_at or session.starts_at, session.starts_at),
                    request=request,
                )
            )
    return sorted(items, key=lambda item: item["starts_at"])[:KEPT]


def still_open(items, count, now=None):
    """The first `count` of `items` that one can still register for now:
    what was kept may have started or closed since."""
    now = now or timezone.now()
    return [item for item in items if item["open_until"] > now][:count]
