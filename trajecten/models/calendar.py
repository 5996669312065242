"""iCalendar downloads as routes of the pages that show sessions:
`<page>/ical/` for all of them, `<page>/ical/<uid>/` for one (Wagtail's page
URLs allow no dots, so the `.ics` name is in the Content-Disposition)."""

from django.http import Http404
from wagtail.contrib.routable_page.models import path

from ..ical import CalendarEntry, calendar_response


class CalendarRoutesMixin:
    """Needs RoutablePageMixin, and `calendar_entries(request)` on the page."""

    def calendar_entries(self, request):
        url = self.get_full_url(request)
        return [CalendarEntry(session, self.title, url) for session in self.get_sessions()]

    @path("ical/", name="calendar")
    def calendar_view(self, request):
        return calendar_response(self.calendar_entries(request), self.title, f"{self.slug}.ics")

    @path("ical/<uuid:uid>/", name="session_calendar")
    def session_calendar_view(self, request, uid):
        entries = [entry for entry in self.calendar_entries(request) if entry.session.uid == uid]
        if not entries:
            raise Http404
        return calendar_response(
            entries, self.title, f"{self.slug}-{entries[0].session.starts_at:%Y%m%d}.ics"
        )
