"""Every write of invoicing: making invoices from the fees due, credit notes,
payments. Numbers are taken from a locked sequence row in the transaction
that makes the invoice, so a rollback leaves no gap."""

from collections import defaultdict
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from home.models import SiteSettings
from portal.organisations.enterprise_numbers import compact
from portal.organisations.models import OrganisationStatus

from ..models import (
    Invoice,
    InvoiceGrouping,
    InvoiceKind,
    InvoiceLine,
    InvoiceSequence,
    InvoiceSettings,
    InvoiceStatus,
    Registration,
    RegistrationStatus,
    Session,
    VatTreatment,
)
from ..notifications import _page_in
from ..registrations.records import log

CENT = Decimal("0.01")
SERIES = {InvoiceKind.INVOICE: "", InvoiceKind.CREDIT_NOTE: "C"}


class InvoiceError(Exception):
    """An invoicing action the rules refuse, with a message for the editor."""

    def __init__(self, message, *, code, field=None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field


def invoice_settings():
    site = Site.objects.filter(is_default_site=True).first()
    return InvoiceSettings.for_site(site) if site else InvoiceSettings()


def _next_number(kind, year):
    series = SERIES[kind]
    InvoiceSequence.objects.get_or_create(series=series, year=year)
    sequence = InvoiceSequence.objects.select_for_update().get(series=series, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{series}{year}-{sequence.last:04d}"


def payment_reference(number):
    """The Belgian structured communication of an invoice, "+++202/7000/00122+++":
    ten digits from the year and the number, and their modulo-97 check."""
    year, sequence = number.lstrip("C").split("-")
    base = int(year) * 1_000_000 + int(sequence)
    check = base % 97 or 97
    digits = f"{base:010d}{check:02d}"
    return f"+++{digits[:3]}/{digits[3:7]}/{digits[7:]}+++"


def _grouping(registration):
    page = registration.edition if registration.edition_id else registration.session.page.specific
    return getattr(page, "invoice_grouping", InvoiceGrouping.PER_REGISTRATION)


def _period(registration):
    if registration.session_id:
        day = timezone.localdate(registration.session.starts_at)
        return day, day
    dates = list(
        Session.objects.filter(page__path__startswith=registration.edition.path)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
    )
    if not dates:
        return None, None
    return timezone.localdate(dates[0]), timezone.localdate(dates[-1])


def invoice_date(value):
    """ "12 maart 2027" / "12 mars 2027": an invoice's dates, without the weekday."""
    if not value:
        return ""
    text = formats.date_format(value, "j F Y")
    # French writes the first of a month "1er juin", as home/templatetags/formatting.py does.
    if value.day == 1 and (translation.get_language() or "").startswith("fr"):
        text = "1er" + text[1:]
    return text


def _describe(registration, language):
    """ "Basisopleiding leefloon – 12 maart 2027 – An Peeters", in the invoice's language."""
    page = _page_in(registration.offer_page, language)
    start, end = _period(registration)
    with translation.override(language):
        parts = [page.booking_title]
        if start and end and start != end:
            parts.append(f"{invoice_date(start)} – {invoice_date(end)}")
        elif start:
            parts.append(invoice_date(start))
        user = registration.user
        parts.append(user.get_full_name() if user else gettext("former participant"))
        if registration.status == RegistrationStatus.CANCELLED:
            parts.append(gettext("cancelled late"))
    return " – ".join(str(part) for part in parts if part)[:400]


def _seller_identity(settings):
    """Name, address and e-mail of the seller: Settings › Invoicing, else the
    organiser named in the site's settings (its address's last line is the town)."""
    identity = {
        "seller_name": settings.seller_name,
        "seller_street": settings.street,
        "seller_postal_code": settings.postal_code,
        "seller_town": settings.town,
        "seller_email": settings.email,
    }
    if settings.seller_name:
        return identity
    site = Site.objects.filter(is_default_site=True).first()
    organiser = SiteSettings.for_site(site) if site else None
    if organiser is None:
        return identity
    lines = [line.strip() for line in organiser.address.splitlines() if line.strip()]
    postal_code, _space, town = (lines[-1] if lines else "").partition(" ")
    return {
        "seller_name": organiser.organisation_name,
        "seller_street": ", ".join(lines[:-1]),
        "seller_postal_code": postal_code[:4] if postal_code.isdigit() else "",
        "seller_town": town if postal_code.isdigit() else (lines[-1] if lines else ""),
        "seller_email": settings.email or organiser.email,
    }


def _seller_and_vat(settings, language):
    vat = settings.vat_treatment
    # A seller without a VAT number is not subject to VAT: EN 16931 asks
    # the seller's VAT number of a standard rate and of an exemption alike.
    if vat in (VatTreatment.STANDARD, VatTreatment.EXEMPT) and not settings.vat_number:
        vat = VatTreatment.NOT_SUBJECT
    reason = ""
    if vat == VatTreatment.EXEMPT:
        reason = settings.exemption_reason(language)
    elif vat == VatTreatment.NOT_SUBJECT:
        with translation.override(language):
            reason = gettext("Not subject to VAT")
    return {
        **_seller_identity(settings),
        "seller_enterprise_number": compact(settings.enterprise_number),
        "seller_vat_number": settings.vat_number,
        "seller_iban": settings.iban.replace(" ", ""),
        "seller_bic": settings.bic,
        "vat_category": vat,
        "vat_percent": settings.vat_percent if vat == VatTreatment.STANDARD else Decimal("0"),
        "vat_exemption_reason": reason,
        "vat_exemption_code": settings.exemption_code if vat == VatTreatment.EXEMPT else "",
    }


def check_seller(seller):
    """An invoice names its seller with an enterprise number and an address
    (EN 16931 and Peppol refuse one without): until Settings › Invoicing,
    or the site's organiser, gives them, no invoice is made."""
    needed = ["seller_name", "seller_enterprise_number", "seller_street", "seller_town"]
    if not all(seller[name] for name in needed):
        raise InvoiceError(
            _(
                "Invoices need the seller's name, enterprise number and address: "
                "fill them in under Settings › Invoicing."
            ),
            code="seller_missing",
        )


def _buyer(organisation, language):
    with translation.override(language):
        name = organisation.name
    return {
        "buyer_name": name,
        "buyer_street": organisation.street,
        "buyer_postal_code": organisation.postal_code,
        "buyer_town": organisation.town,
        "buyer_enterprise_number": organisation.enterprise_number,
        "buyer_peppol_id": organisation.peppol_id,
        "buyer_email": organisation.invoice_email,
    }


def _totals(amount, percent):
    vat = (amount * percent / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    return {"total_without_vat": amount, "vat_amount": vat, "total": amount + vat}


def invoice_registrations(*, registrations, today, actor=None):
    """One invoice for the fees of `registrations`, all of one organisation.
    Refused when one of them is invoiced already, or when nothing is due."""
    ids = [r.pk for r in registrations]
    with transaction.atomic():
        locked = list(
            Registration.objects.select_for_update(of=("self",))
            .filter(pk__in=ids)
            .select_related("organisation", "session", "edition", "user")
            .order_by("pk")
        )
        organisations = {r.organisation_id for r in locked}
        if len(organisations) != 1 or None in organisations:
            raise InvoiceError(_("An invoice goes to one organisation."), code="organisations")
        organisation = locked[0].organisation
        if InvoiceLine.objects.filter(registration__in=locked, live=True).exists():
            raise InvoiceError(
                _("This fee is on an invoice already: make a credit note first."),
                code="invoiced",
            )
        fees = [(r, r.fee_due or Decimal("0")) for r in locked]
        amount = sum((fee for _r, fee in fees), Decimal("0.00"))
        if amount <= 0:
            raise InvoiceError(
                _("Nothing is due for these registrations: an invoice of zero is not made."),
                code="zero",
            )
        settings = invoice_settings()
        language = organisation.language
        references = {r.billing_reference for r in locked if r.billing_reference}
        purchase_order = (
            references.pop() if len(references) == 1 else organisation.purchase_order_reference
        )
        seller = _seller_and_vat(settings, language)
        check_seller(seller)
        invoice = Invoice.objects.create(
            kind=InvoiceKind.INVOICE,
            number=_next_number(InvoiceKind.INVOICE, today.year),
            organisation=organisation,
            issue_date=today,
            due_date=today + timedelta(days=settings.payment_days),
            language=language,
            purchase_order=purchase_order,
            created_by=actor,
            **_buyer(organisation, language),
            **seller,
            **_totals(amount, seller["vat_percent"]),
        )
        try:
            with transaction.atomic():
                for registration, fee in fees:
                    if fee <= 0:
                        continue
                    start, end = _period(registration)
                    InvoiceLine.objects.create(
                        invoice=invoice,
                        registration=registration,
                        description=_describe(registration, language),
                        quantity=1,
                        unit_price=fee,
                        amount=fee,
                        period_start=start,
                        period_end=end,
                    )
        except IntegrityError:
            raise InvoiceError(
                _("This fee is on an invoice already: make a credit note first."),
                code="invoiced",
            ) from None
    return invoice


def due_for_invoice(now):
    """The registrations whose fee may be invoiced now: a confirmed seat once
    its session or edition has ended, a late cancellation at once; for an
    approved organisation, with a price, not on a live invoice line."""
    base = (
        Registration.objects.filter(
            organisation__status=OrganisationStatus.APPROVED, price_due__gt=0
        )
        .exclude(invoice_lines__live=True)
        .with_end()
    )
    return base.filter(
        Q(status=RegistrationStatus.CONFIRMED, ends_at__lt=now)
        | Q(status=RegistrationStatus.CANCELLED, late_cancellation=True)
    ).select_related("session", "edition", "organisation")


def make_invoices(now, actor=None):
    """Invoice every fee that is due and not invoiced yet; idempotent.
    Returns the invoices made."""
    today = timezone.localdate(now)
    this_month = (today.year, today.month)
    single, monthly = [], defaultdict(list)
    for registration in due_for_invoice(now):
        if not registration.fee_due:
            continue
        if _grouping(registration) == InvoiceGrouping.MONTHLY:
            # A fee belongs to the month of its session (of the edition's end).
            month = timezone.localdate(registration.ends_at) if registration.ends_at else today
            key = (month.year, month.month)
            if key < this_month:
                monthly[(registration.organisation_id, key)].append(registration)
        else:
            single.append([registration])
    made = []
    for group in single + [monthly[key] for key in sorted(monthly)]:
        try:
            made.append(invoice_registrations(registrations=group, today=today, actor=actor))
        except InvoiceError as refusal:
            if refusal.code == "seller_missing":
                raise  # no invoice can be made: said once, not skipped silently
            # Invoiced meanwhile by another run, or nothing due any more.
            continue
    return made


def credit(invoice, *, reason, actor, today=None, waive=False):
    """A credit note for the whole invoice: the invoice is cancelled, and
    the next run of make_invoices invoices its fees again with the details
    of that day (a corrected invoice); with `waive`, nothing is due any more
    for its registrations, and each one's history says so."""
    reason = (reason or "").strip()
    if not reason:
        raise InvoiceError(_("Say why the invoice is credited."), code="reason", field="reason")
    today = today or timezone.localdate()
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if invoice.kind != InvoiceKind.INVOICE:
            raise InvoiceError(_("A credit note cannot be credited."), code="credit_note")
        if invoice.status == InvoiceStatus.CREDITED:
            raise InvoiceError(_("This invoice has been credited already."), code="credited")
        # A credit note never bears a date before the invoice it corrects.
        today = max(today, invoice.issue_date)
        snapshot = {
            field.name: getattr(invoice, field.name)
            for field in Invoice._meta.concrete_fields
            if field.name.startswith(("buyer_", "seller_", "vat_"))
            or field.name
            in ("organisation", "language", "purchase_order", "total_without_vat", "total")
        }
        note = Invoice.objects.create(
            kind=InvoiceKind.CREDIT_NOTE,
            number=_next_number(InvoiceKind.CREDIT_NOTE, today.year),
            issue_date=today,
            due_date=today,
            corrects=invoice,
            reason=reason,
            created_by=actor,
            **snapshot,
        )
        for line in invoice.lines.all():
            InvoiceLine.objects.create(
                invoice=note,
                registration_id=line.registration_id,
                description=line.description,
                quantity=line.quantity,
                unit_price=line.unit_price,
                amount=line.amount,
                period_start=line.period_start,
                period_end=line.period_end,
                live=False,
            )
        invoice.lines.update(live=False)
        invoice.status = InvoiceStatus.CREDITED
        invoice.save(update_fields=["status"])
        if waive:
            credited = Registration.objects.filter(invoice_lines__invoice=invoice)
            for registration in credited:
                log(registration, actor, note=f"fee waived by credit note {note.number}")
            credited.update(price_due=Decimal("0"))
    return note


def mark_paid(invoice, *, actor, now=None):
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if invoice.kind != InvoiceKind.INVOICE:
            raise InvoiceError(_("A credit note is not paid."), code="credit_note")
        if invoice.status != InvoiceStatus.OPEN:
            raise InvoiceError(_("Only an open invoice can be marked as paid."), code="not_open")
        invoice.status = InvoiceStatus.PAID
        invoice.paid_at = now or timezone.now()
        invoice.save(update_fields=["status", "paid_at"])
    return invoice
