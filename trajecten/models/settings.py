"""The registration rules editors set: defaults for the whole site in
Wagtail's settings (Settings › Registration rules), overridden per offer
on the offer's page (RuleOverrides). registrations/policy.py reads both."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

# Bounds that keep a typing error from making a rule absurd (a free
# cancellation of 700 days, an offer that stays open for a year).
DAYS = [MinValueValidator(0), MaxValueValidator(90)]
HOURS = [MinValueValidator(0), MaxValueValidator(24 * 30)]


@register_setting(icon="calendar-alt")
class RegistrationSettings(BaseSiteSetting):
    free_cancellation_days = models.PositiveSmallIntegerField(
        _("free cancellation until (days before the session)"),
        default=7,
        validators=DAYS,
        help_text=_("Later, the full fee stays due."),
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder (days before each session)"), default=2, validators=DAYS
    )
    offer_window_hours = models.PositiveSmallIntegerField(
        _("time to accept a seat offered from the waiting list (hours)"),
        default=48,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 30)],
        help_text=_("Shorter when the session is near: an offer always ends when offers stop."),
    )
    offers_stop_hours = models.PositiveSmallIntegerField(
        _("automatic offers stop (hours before the start)"),
        default=24,
        validators=HOURS,
        help_text=_("From then on, editors decide who takes a freed seat."),
    )
    edition_closes_days = models.PositiveSmallIntegerField(
        _("registration for an edition closes (days before its first session)"),
        default=14,
        validators=DAYS,
        help_text=_("Unless the edition sets its own closing date."),
    )
    approval_requests_email = models.EmailField(
        _("approval requests go to"),
        blank=True,
        help_text=_(
            "Where a new request to take part is announced when the offer names no contact "
            "e-mail address."
        ),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("free_cancellation_days"), FieldPanel("reminder_days")]),
                FieldRowPanel([FieldPanel("offer_window_hours"), FieldPanel("offers_stop_hours")]),
                FieldPanel("edition_closes_days"),
            ],
            heading=_("Default rules of every offer"),
        ),
        FieldPanel("approval_requests_email"),
    ]

    class Meta:
        verbose_name = _("registration rules")


def site_defaults():
    """The settings of the default site; the model's defaults before anyone saved them."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return RegistrationSettings()
    return RegistrationSettings.for_site(site)


class RuleOverrides(models.Model):
    """The rules of one offer, where they differ from the site's defaults:
    empty means the default."""

    free_cancellation_days = models.PositiveSmallIntegerField(
        _("free cancellation until (days before the session)"),
        null=True,
        blank=True,
        validators=DAYS,
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder (days before each session)"), null=True, blank=True, validators=DAYS
    )
    offers_stop_hours = models.PositiveSmallIntegerField(
        _("automatic offers stop (hours before the start)"),
        null=True,
        blank=True,
        validators=HOURS,
    )

    class Meta:
        abstract = True

    rule_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("free_cancellation_days"),
                        FieldPanel("reminder_days"),
                        FieldPanel("offers_stop_hours"),
                    ]
                )
            ],
            heading=_("Registration rules of this offer"),
            help_text=_("Leave a field empty to use the default of Settings › Registration rules."),
        )
    ]
