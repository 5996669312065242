"""Dates, times and prices written the way each language writes them:
"vrijdag 27 maart 2020, 9.30–12.30 uur" / "vendredi 27 mars 2020, 9h30–12h30",
"€ 45" / "45 €"."""

import re
from datetime import datetime
from decimal import Decimal

from django import template
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def euro(amount):
    if amount is None or amount == "":
        return ""
    amount = Decimal(amount)
    decimals = 0 if amount == amount.to_integral_value() else 2
    number = formats.number_format(amount, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    # Translators: a price; Dutch puts the euro sign first, French after the amount.
    return _("€ %(amount)s") % {"amount": number}


def _date(value, format_name):
    """Django's date format, with the first of a month as French writes it,
    "1er juin": Django's format characters have no French ordinal."""
    text = formats.date_format(value, format_name)
    if value.day == 1 and (get_language() or "").startswith("fr"):
        text = re.sub(r"\b1 ", "1er ", text, count=1)
    return text


def _time(value):
    return formats.time_format(value, "TIME_FORMAT")


@register.simple_tag
def time_range(start, end):
    """A day and its hours, or two moments when they are on different days."""
    start, end = timezone.localtime(start), timezone.localtime(end)
    if start.date() == end.date():
        # Translators: the hours of a session; Dutch adds "uur".
        hours = _("%(start)s–%(end)s") % {"start": _time(start), "end": _time(end)}
        return f"{_date(start, 'DATE_FORMAT')}, {hours}"
    return "{} – {}".format(_date(start, "DATETIME_FORMAT"), _date(end, "DATETIME_FORMAT"))


@register.filter
def day(value):
    """The day of a moment, or a date: "vrijdag 27 maart 2020"."""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value)
    return _date(value, "DATE_FORMAT")


@register.filter
def moment(value):
    """Day and time: "vrijdag 29 januari 2021, 23.59"."""
    return _date(timezone.localtime(value), "DATETIME_FORMAT") if value else ""


@register.filter
def clock(value):
    """A time of day: "9.00" / "9h00"."""
    return _time(value) if value else ""
