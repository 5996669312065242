"""Invoices and credit notes to the organisations whose members took part,
numbered without gaps per year, with the seller's and buyer's details as
they were on the day. Written only by trajecten/invoicing/services.py."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from portal.organisations.enterprise_numbers import formatted, validate_enterprise_number


class InvoiceGrouping(models.TextChoices):
    """Per offer: how its fees are invoiced."""

    PER_REGISTRATION = "per_registration", _("One invoice per registration")
    MONTHLY = "monthly", _("One invoice per organisation per month")


class InvoiceGroupingField(models.Model):
    invoice_grouping = models.CharField(
        _("invoices"),
        max_length=20,
        choices=InvoiceGrouping.choices,
        default=InvoiceGrouping.PER_REGISTRATION,
        help_text=_(
            "Monthly: the fees of one organisation are gathered on one invoice "
            "once the month is over."
        ),
    )

    class Meta:
        abstract = True


class VatTreatment(models.TextChoices):
    # The values are the EN 16931 category codes (documents.VatCategory).
    STANDARD = "S", _("VAT at the standard rate")
    EXEMPT = "E", _("Exempt from VAT")
    NOT_SUBJECT = "O", _("Not subject to VAT")


@register_setting(icon="doc-full")
class InvoiceSettings(BaseSiteSetting):
    seller_name = models.CharField(_("name of the seller"), max_length=200, blank=True)
    enterprise_number = models.CharField(
        _("enterprise number (KBO / BCE)"),
        max_length=20,
        blank=True,
        validators=[validate_enterprise_number],
    )
    vat_number = models.CharField(
        _("VAT number"),
        max_length=20,
        blank=True,
        help_text=_("Empty when the seller is not registered for VAT."),
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True)
    town = models.CharField(_("town"), max_length=100, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    email = models.EmailField(_("e-mail address for questions about invoices"), blank=True)
    payment_days = models.PositiveSmallIntegerField(
        _("payment term (days)"),
        default=30,
        validators=[MinValueValidator(0), MaxValueValidator(120)],
    )
    vat_treatment = models.CharField(
        _("VAT"), max_length=1, choices=VatTreatment.choices, default=VatTreatment.EXEMPT
    )
    vat_percent = models.DecimalField(
        _("VAT rate (%)"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("21"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Only for VAT at the standard rate."),
    )
    exemption_reason_nl = models.CharField(
        _("reason of the exemption, in Dutch"),
        max_length=200,
        blank=True,
        default="Vrijgesteld van btw – art. 44, § 2, 4° W.BTW (beroepsopleiding)",
    )
    exemption_reason_fr = models.CharField(
        _("reason of the exemption, in French"),
        max_length=200,
        blank=True,
        default="Exempté de TVA – art. 44, § 2, 4° C.TVA (formation professionnelle)",
    )
    exemption_code = models.CharField(
        _("VATEX code"),
        max_length=30,
        blank=True,
        default="VATEX-EU-132-1I",
        help_text=_("The code of the exemption in the electronic invoice."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("seller_name"),
                FieldRowPanel([FieldPanel("enterprise_number"), FieldPanel("vat_number")]),
                FieldPanel("street"),
                FieldRowPanel([FieldPanel("postal_code"), FieldPanel("town")]),
                FieldPanel("email"),
            ],
            heading=_("Seller"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("iban"), FieldPanel("bic")]), FieldPanel("payment_days")],
            heading=_("Payment"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("vat_treatment"), FieldPanel("vat_percent")]),
                FieldPanel("exemption_reason_nl"),
                FieldPanel("exemption_reason_fr"),
                FieldPanel("exemption_code"),
            ],
            heading=_("VAT"),
        ),
    ]

    class Meta:
        verbose_name = _("invoicing")

    def clean(self):
        super().clean()
        if self.vat_treatment == VatTreatment.STANDARD and not self.vat_number:
            raise ValidationError(
                {"vat_number": _("VAT at the standard rate needs the seller's VAT number.")}
            )
        if self.vat_treatment == VatTreatment.EXEMPT and not (
            self.exemption_reason_nl and self.exemption_reason_fr
        ):
            raise ValidationError(
                {
                    "exemption_reason_nl": _(
                        "An exemption states its reason, in Dutch and in French."
                    )
                }
            )

    def exemption_reason(self, language):
        return self.exemption_reason_fr if language == "fr" else self.exemption_reason_nl


class InvoiceKind(models.TextChoices):
    INVOICE = "invoice", _("Invoice")
    CREDIT_NOTE = "credit_note", _("Credit note")


class InvoiceStatus(models.TextChoices):
    OPEN = "open", _("Open")
    PAID = "paid", _("Paid")
    # An invoice a credit note cancelled; a credit note itself is "open" or settled.
    CREDITED = "credited", _("Credited")


class InvoiceSequence(models.Model):
    """The last number given in a series ("" for invoices, "C" for credit
    notes) in a year; its row is locked while a number is taken, so that
    numbers follow without gaps even when invoices are made at once."""

    series = models.CharField(max_length=2)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="one_sequence_per_series_year")
        ]

    def __str__(self):
        return f"{self.series}{self.year}: {self.last}"


class InvoiceQuerySet(models.QuerySet):
    def invoices(self):
        return self.filter(kind=InvoiceKind.INVOICE)

    def credit_notes(self):
        return self.filter(kind=InvoiceKind.CREDIT_NOTE)

    def open(self):
        return self.filter(status=InvoiceStatus.OPEN)

    def past_due(self, today):
        return self.invoices().open().filter(due_date__lt=today)


class Invoice(models.Model):
    wagtail_reference_index_ignore = True

    kind = models.CharField(_("kind"), max_length=12, choices=InvoiceKind.choices)
    number = models.CharField(_("number"), max_length=20, unique=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="invoices",
        verbose_name=_("organisation"),
    )
    # The buyer as it was on the day.
    buyer_name = models.CharField(_("name"), max_length=200)
    buyer_street = models.CharField(_("street and number"), max_length=200)
    buyer_postal_code = models.CharField(_("postal code"), max_length=4)
    buyer_town = models.CharField(_("town"), max_length=100)
    buyer_enterprise_number = models.CharField(_("enterprise number"), max_length=10)
    buyer_peppol_id = models.CharField(_("Peppol identifier"), max_length=60, blank=True)
    buyer_email = models.EmailField(_("e-mail address for invoices"), blank=True)
    # The seller and the VAT treatment as they were on the day.
    seller_name = models.CharField(max_length=200)
    seller_street = models.CharField(max_length=200, blank=True)
    seller_postal_code = models.CharField(max_length=4, blank=True)
    seller_town = models.CharField(max_length=100, blank=True)
    seller_enterprise_number = models.CharField(max_length=10, blank=True)
    seller_vat_number = models.CharField(max_length=20, blank=True)
    seller_email = models.EmailField(blank=True)
    seller_iban = models.CharField(max_length=34, blank=True)
    seller_bic = models.CharField(max_length=11, blank=True)
    vat_category = models.CharField(max_length=1, choices=VatTreatment.choices)
    vat_percent = models.DecimalField(max_digits=4, decimal_places=2, default=Decimal("0"))
    vat_exemption_reason = models.CharField(max_length=200, blank=True)
    vat_exemption_code = models.CharField(max_length=30, blank=True)

    issue_date = models.DateField(_("date"))
    due_date = models.DateField(_("due date"))
    language = models.CharField(_("language"), max_length=2)
    purchase_order = models.CharField(_("purchase order"), max_length=100, blank=True)
    total_without_vat = models.DecimalField(_("total without VAT"), max_digits=10, decimal_places=2)
    vat_amount = models.DecimalField(_("VAT"), max_digits=10, decimal_places=2)
    total = models.DecimalField(_("total"), max_digits=10, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=10, choices=InvoiceStatus.choices, default=InvoiceStatus.OPEN
    )
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    corrects = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_note",
        verbose_name=_("corrects invoice"),
    )
    reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("made by"),
    )
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-issue_date", "-number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=InvoiceKind.INVOICE, corrects__isnull=True)
                | Q(kind=InvoiceKind.CREDIT_NOTE, corrects__isnull=False),
                name="credit_note_corrects_an_invoice",
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def formatted_buyer_enterprise_number(self):
        return formatted(self.buyer_enterprise_number)

    @property
    def is_credit_note(self):
        return self.kind == InvoiceKind.CREDIT_NOTE


class InvoiceLine(models.Model):
    wagtail_reference_index_ignore = True

    invoice = models.ForeignKey(
        Invoice, on_delete=models.CASCADE, related_name="lines", verbose_name=_("invoice")
    )
    registration = models.ForeignKey(
        "trajecten.Registration",
        on_delete=models.PROTECT,
        related_name="invoice_lines",
        verbose_name=_("registration"),
    )
    description = models.CharField(_("description"), max_length=400)
    quantity = models.DecimalField(_("quantity"), max_digits=6, decimal_places=2, default=1)
    unit_price = models.DecimalField(_("unit price"), max_digits=8, decimal_places=2)
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    # The day of the session, or the first and last day of an edition.
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    # True on the line of an invoice while no credit note cancelled it: the
    # fee of a registration is invoiced once (constraint below).
    live = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration"],
                condition=Q(live=True),
                name="one_live_invoice_line_per_registration",
            )
        ]

    def __str__(self):
        return self.description
