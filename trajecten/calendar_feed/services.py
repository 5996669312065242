"""What a member's calendar address holds, and how it is made or replaced.

It holds the sessions of the member's confirmed seats, and those the
organiser cancelled (marked cancelled, so a calendar takes them out with a
reason rather than silently). A seat the member cancels, a request still
waiting, a waiting-list place: not in it. A session moved to another date
keeps its UID and raises its SEQUENCE, so calendars move the event.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from ..ical import CalendarEntry
from ..models import CalendarFeed, Registration, RegistrationStatus, SessionStatus
from ..models.calendar_feed import new_token
from ..registrations import sessions_of

IN_CALENDAR = [RegistrationStatus.CONFIRMED, RegistrationStatus.CANCELLED_BY_ORGANISER]
# A year back is enough for "when was that training?"; older events stay
# in a calendar that already has them only if it keeps them itself.
HISTORY = timedelta(days=365)


def feed_of(user):
    """The member's calendar address, or None before they made one."""
    return CalendarFeed.objects.filter(user=user).first()


@transaction.atomic
def renew(user):
    """A new address for the member; the old one, if any, ends at once."""
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
    if not created:
        feed.token = new_token()
        feed.save(update_fields=["token"])
    return feed


def entries_for(user, request, now=None):
    """The calendar entries of the member's seats, in the active language."""
    now = now or timezone.now()
    registrations = Registration.objects.of_member(user).filter(status__in=IN_CALENDAR)
    entries = []
    for registration in registrations.select_related("session__page", "edition"):
        page = registration.offer_page.localized.specific
        url = page.get_full_url(request)
        confirmed = registration.status == RegistrationStatus.CONFIRMED
        for session in sessions_of(registration):
            if session.ends_at < now - HISTORY:
                continue
            held = confirmed and session.status != SessionStatus.CANCELLED
            link = session.online_link if held else ""
            entries.append(CalendarEntry(session, page.booking_title, url, link))
    return sorted(entries, key=lambda entry: entry.session.starts_at)
