"""A member's private calendar address: a random token that a calendar
application (Outlook, Google Calendar) polls for the member's confirmed
sessions. Making a new address replaces the token, and the old address
answers 404 from then on."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# 32 random bytes: an address nobody guesses, short enough to paste.
TOKEN_BYTES = 32


def new_token():
    return secrets.token_urlsafe(TOKEN_BYTES)


class CalendarFeed(models.Model):
    # Members' records, not content: Wagtail's reference index ("used in") leaves them out.
    wagtail_reference_index_ignore = True

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("member"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar address")
        verbose_name_plural = _("calendar addresses")

    def __str__(self):
        return str(self.user)
