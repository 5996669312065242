"""An organisation is a record an editor confirms: a member who names a new
one makes it wait for an editor, and whether a member works for an OCMW /
CPAS follows from the organisation's kind once it is approved."""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .enterprise_numbers import compact, formatted, peppol_identifier, validate_enterprise_number


class OrganisationKind(models.TextChoices):
    OCMW = "ocmw_cpas", _("OCMW / CPAS")
    LOCAL_GOVERNMENT = "local_government", _("Other local government")
    PARTNER = "partner", _("Partner organisation")


class OrganisationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an editor")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class OrganisationQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=OrganisationStatus.APPROVED)


class Organisation(models.Model):
    name_nl = models.CharField(_("name in Dutch"), max_length=200)
    name_fr = models.CharField(
        _("name in French"), max_length=200, blank=True, help_text=_("Empty: the Dutch name.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    enterprise_number = models.CharField(
        _("enterprise number (KBO / BCE)"),
        # Room for what people type ("BE 0202.239.951"); ten digits are stored.
        max_length=20,
        unique=True,
        validators=[validate_enterprise_number],
        help_text=_("Ten digits, for example 0202.239.951."),
    )
    street = models.CharField(_("street and number"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=4)
    town = models.CharField(_("town"), max_length=100)
    invoice_email = models.EmailField(_("e-mail address for invoices"), blank=True)
    peppol_id = models.CharField(
        _("Peppol identifier"),
        max_length=60,
        blank=True,
        help_text=_("Empty: 0208 followed by the enterprise number."),
    )
    purchase_order_reference = models.CharField(
        _("default purchase-order reference"), max_length=100, blank=True
    )
    language = models.CharField(
        _("language of its invoices"),
        max_length=2,
        choices=[("nl", _("Dutch")), ("fr", _("French"))],
        default="nl",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=OrganisationStatus.choices,
        default=OrganisationStatus.PENDING,
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_nl"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.enterprise_number = compact(self.enterprise_number)
        if not self.peppol_id:
            self.peppol_id = peppol_identifier(self.enterprise_number)
        super().save(*args, **kwargs)

    @property
    def name(self):
        """The name in the active language."""
        if translation.get_language() == "fr" and self.name_fr:
            return self.name_fr
        return self.name_nl

    @property
    def formatted_enterprise_number(self):
        return formatted(self.enterprise_number)

    @property
    def is_approved(self):
        return self.status == OrganisationStatus.APPROVED

    @property
    def invoice_address(self):
        return f"{self.street}\n{self.postal_code} {self.town}"

    def clean_fields(self, exclude=None):
        # Checked and stored as ten digits, whatever was typed ("BE 0202.239.951").
        self.enterprise_number = compact(self.enterprise_number)
        super().clean_fields(exclude)
