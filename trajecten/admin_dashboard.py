"""The dashboard's panel of the offer: the requests waiting for approval
(registrations, and members asking to join a learning network) and the
coming sessions with their seats and waiting lists, each leading
to the page where the work is done."""

from django.db.models import Count, Q
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import Locale, Page

from .admin_listing import with_offer_titles
from .models import (
    EditionPage,
    LearningNetworkPage,
    MembershipStatus,
    Registration,
    Session,
    seats,
)

# The dashboard names the oldest requests one by one; the rest are in the listing.
PENDING_SHOWN = 5


class UpcomingSessionsPanel(Component):
    """Seats taken of the coming sessions, waiting lists and pending approvals,
    each linking to the registrations concerned."""

    name = "upcoming_sessions"
    order = 50
    template_name = "trajecten/admin/upcoming_sessions_panel.html"

    def get_context_data(self, parent_context):
        sessions = (
            Session.objects.upcoming()
            .with_seats()
            .select_related("page")
            .annotate(waiting=seats.waiting_in_query("session"))
            .order_by("starts_at")[:10]
        )
        sessions = with_edition_seats(list(sessions))
        pending = Registration.objects.pending().select_related("user", "session__page", "edition")
        user = parent_context["request"].user
        return {
            "networks_waiting": networks_with_requests()
            if user.has_perm("trajecten.change_networkmembership")
            else [],
            "sessions": sessions,
            "pending": pending.count(),
            "pending_shown": with_offer_titles(pending.order_by("created_at")[:PENDING_SHOWN]),
            "now": timezone.now(),
        }


def networks_with_requests():
    """The learning networks where members wait for an editor to let them in."""
    return list(
        LearningNetworkPage.objects.filter(locale=Locale.get_default())
        .annotate(
            waiting=Count("memberships", filter=Q(memberships__status=MembershipStatus.PENDING))
        )
        .filter(waiting__gt=0)
        .order_by("title")
    )


def with_edition_seats(sessions):
    """Each session with the seats it is counted by: its own, or for a
    module of a trajectory, the edition's (registrations are for the whole
    edition). Sets `seats_taken`, `seat_capacity`, `waiting` and
    `seat_filter` (the registrations listing's filter); one query for all
    the editions."""
    steplen = Page.steplen
    editions = {
        edition.path: edition
        for edition in EditionPage.objects.filter(
            path__in={session.page.path[:-steplen] for session in sessions}
        ).annotate(
            seats_taken=seats.taken_in_query("edition"),
            waiting=seats.waiting_in_query("edition"),
        )
    }
    for session in sessions:
        edition = editions.get(session.page.path[:-steplen])
        if edition is not None:
            session.seats_taken, session.waiting = edition.seats_taken, edition.waiting
            session.seat_capacity, session.seat_filter = edition.capacity, f"edition={edition.pk}"
        else:
            session.seat_capacity, session.seat_filter = session.capacity, f"session={session.pk}"
    return sessions
