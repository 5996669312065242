"""The rule of evaluations as a value: how long after a session its
participants may still answer. Pages and mails show the date it gives."""

from datetime import timedelta

# Two weeks: long enough to answer after a busy week, short enough to remember the session.
OPEN_FOR = timedelta(days=14)


def closes_at(session):
    """The moment the evaluation of `session` closes."""
    return session.ends_at + OPEN_FOR


def is_open(session, now):
    """Whether the evaluation of `session` takes answers at `now`: from its end until it closes."""
    return session.ends_at <= now < closes_at(session)
