"""Seats: the one place they are counted.

A seat is taken by a confirmed registration of the session, or of the
edition for a trajectory (whose sessions share the edition's seats), and
by a seat offered to a waiting member until they answer (HOLDS_SEAT). The
services count them under the lock of the session or edition row; pages,
the catalogue's free-seats filter and the home page's next sessions count
them in the query that lists what they show.
"""

from django.db import models
from django.db.models.functions import Coalesce

from .registrations import HOLDS_SEAT, IN_LINE, Registration, RegistrationStatus


def taken_in_query(offer):
    """The seats taken of the session or edition (`offer` is "session" or
    "edition") the outer query lists, as an expression to annotate."""
    confirmed = (
        Registration.objects.filter(HOLDS_SEAT, **{offer: models.OuterRef("pk")})
        .order_by()
        .values(offer)
        .annotate(count=models.Count("pk"))
        .values("count")
    )
    return Coalesce(models.Subquery(confirmed), 0)


def waiting_in_query(offer):
    """The registrations on the waiting list of the session or edition the
    outer query lists, as an expression to annotate. A subquery, as
    `taken_in_query`: a list limited to its first rows counts only theirs
    (a join with a count would count every session's before the limit)."""
    waiting = (
        Registration.objects.filter(
            status=RegistrationStatus.WAITLISTED, **{offer: models.OuterRef("pk")}
        )
        .order_by()
        .values(offer)
        .annotate(count=models.Count("pk"))
        .values("count")
    )
    return Coalesce(models.Subquery(waiting), 0)


# For a queryset annotated with `seats_taken`: those with a free seat (or no limit).
HAS_FREE_SEAT = models.Q(capacity__isnull=True) | models.Q(capacity__gt=models.F("seats_taken"))


def taken(*, session=None, edition=None):
    """The seats taken now of one session or edition."""
    return Registration.objects.for_offer(session=session, edition=edition).holding_seat().count()


def taken_and_last_in_line(*, session=None, edition=None):
    """(seats taken now, the last place on the waiting list or 0, how many
    wait in line) of one session or edition, in one query: what a
    registration under the offer's lock needs to know to take a seat or a
    place in line, and to tell its member their place without counting again."""
    counted = Registration.objects.for_offer(session=session, edition=edition).aggregate(
        taken=models.Count("pk", filter=HOLDS_SEAT),
        last=models.Max("waitlist_rank"),
        in_line=models.Count("pk", filter=IN_LINE),
    )
    return counted["taken"], counted["last"] or 0, counted["in_line"]


def left(capacity, taken):
    """Free seats, or None without a limit."""
    return None if capacity is None else max(capacity - taken, 0)


def has_free_seat(capacity, taken):
    return capacity is None or taken < capacity
