"""Dates as each language writes them; French writes the first of a month
as an ordinal ("1er mars"), which Django's format characters cannot."""

from datetime import date, datetime

import pytest
from django.utils import timezone, translation

from home.templatetags.formatting import day, moment, time_range


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("fr", date(2027, 3, 1), "lundi 1er mars 2027"),
        ("fr", date(2027, 3, 2), "mardi 2 mars 2027"),
        ("fr", date(2027, 3, 21), "dimanche 21 mars 2027"),
        ("nl", date(2027, 3, 1), "maandag 1 maart 2027"),
    ],
    ids=["fr-first", "fr-second", "fr-21st", "nl-first"],
)
def test_a_day_reads_as_its_language_writes_it(language, value, expected):
    with translation.override(language):
        assert day(value) == expected


def test_the_first_of_a_month_in_french_moments_and_hours():
    start = timezone.make_aware(datetime(2027, 3, 1, 9, 30))
    end = timezone.make_aware(datetime(2027, 3, 1, 12, 30))

    with translation.override("fr"):
        assert moment(start) == "lundi 1er mars 2027, 9h30"
        assert time_range(start, end) == "lundi 1er mars 2027, 9h30–12h30"
