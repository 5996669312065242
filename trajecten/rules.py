"""The rules of registration as values: constants and pure functions that
services, views, templates and mails read, so that no text restates them."""

from datetime import timedelta

from django.utils import timezone

FREE_CANCELLATION_DAYS = 7


def free_cancellation_until(start):
    """The last day a seat can be cancelled free of charge: FREE_CANCELLATION_DAYS
    before the day of the (first) session, by the calendar in Brussels."""
    return timezone.localtime(start).date() - timedelta(days=FREE_CANCELLATION_DAYS)


def is_free_cancellation(start, now):
    """Free until the end of the day free_cancellation_until() names."""
    return timezone.localdate(now) <= free_cancellation_until(start)
