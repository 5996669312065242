"""iCalendar files of sessions, built with the icalendar library.

Each session has a stable UID (its own UUID), times in UTC, and its place.
The online link is private to confirmed participants: it is only in the
member's own calendar address (calendar_feed/), never in a page's file.
"""

from dataclasses import dataclass
from datetime import UTC

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

PRODID = "-//OCMW Academy//Portal//NL"
UID_DOMAIN = "ocmw-portal"
# Keyed by SessionStatus values; this module does not import the models,
# which use it from their routes.
ICAL_STATUS = {"scheduled": "CONFIRMED", "postponed": "TENTATIVE", "cancelled": "CANCELLED"}


@dataclass
class CalendarEntry:
    session: object  # a trajecten Session
    summary: str
    url: str
    # Only for a confirmed seat, in the member's private calendar.
    online_link: str = ""


def session_event(entry: CalendarEntry, stamp):
    session = entry.session
    event = Event()
    event.add("uid", f"{session.uid}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    # Raised with each announced change, so that calendars move the event.
    event.add("sequence", session.sequence)
    event.add("dtstart", session.starts_at.astimezone(UTC))
    event.add("dtend", session.ends_at.astimezone(UTC))
    event.add("summary", entry.summary)
    event.add("status", ICAL_STATUS[session.status])
    if entry.url:
        event.add("url", entry.url)
    location = session.place if session.format != "online" else session.get_format_display()
    if location:
        event.add("location", location)
    description = "\n\n".join(filter(None, [session.status_note, entry.online_link]))
    if description:
        event.add("description", description)
    if entry.online_link:
        event.add("conference", entry.online_link, parameters={"value": "URI"})
    return event


def build_calendar(entries, name):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now().astimezone(UTC).replace(microsecond=0)
    for entry in entries:
        calendar.add_component(session_event(entry, stamp))
    return calendar


def calendar_response(entries, name, filename):
    response = HttpResponse(
        build_calendar(entries, name).to_ical(), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
