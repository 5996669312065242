"""How a registration reads to its member: the place in line on the waiting
list. (Its history lines: trajecten/history.py.)"""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def place_in_line(registration):
    """ "You are number 3 in line." for a waiting registration, else nothing."""
    return place_text(registration.place_in_line())


def place_text(place):
    """What `place_in_line` says of a place counted already (None: nothing)."""
    if place is None:
        return ""
    if place == 1:
        return _("You are first in line.")
    # Translators: a place in the queue; Dutch and French write it as an ordinal, "3e".
    return _("You are number %(place)s in line.") % {"place": place}
