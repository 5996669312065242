"""Forms of the member area: registering, and handing a seat to a colleague."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from home.templatetags.formatting import euro

from .models import Substitution
from .registrations import InvoiceDetails

VAT_PATTERN = re.compile(r"^[A-Z]{2}[0-9A-Z]{8,12}$")


INVOICE_FIELDS = ["billing_organisation", "billing_address", "billing_reference", "vat_number"]


class InvoiceDetailsForm(forms.Form):
    """Who pays and who eats: asked of whoever registers, and of the colleague
    who takes over a seat, with the same fields and checks."""

    billing_organisation = forms.CharField(label=_("Organisation to invoice"), max_length=200)
    billing_address = forms.CharField(
        label=_("Invoice address"), widget=forms.Textarea(attrs={"rows": 3}), max_length=500
    )
    billing_reference = forms.CharField(
        label=_("Purchase order or reference"),
        max_length=100,
        required=False,
        help_text=_("If your organisation needs it on the invoice."),
    )
    vat_number = forms.CharField(
        label=_("VAT number"),
        max_length=30,
        required=False,
        help_text=_("For example BE0212345678"),
    )
    dietary_needs = forms.CharField(
        label=_("Dietary needs"),
        max_length=255,
        required=False,
        help_text=_("Only if you take the lunch."),
    )

    def __init__(self, *args, asks_invoice=True, asks_dietary_needs=True, profile=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The approved organisation the invoice goes to, shown above the form:
        # the member only adds their purchase-order reference.
        self.invoiced_organisation = None
        if not asks_dietary_needs:
            del self.fields["dietary_needs"]
        if not asks_invoice:
            for name in INVOICE_FIELDS:
                del self.fields[name]
        elif profile is not None and profile.organisation is not None:
            organisation = profile.organisation
            for name in ["billing_organisation", "billing_address", "vat_number"]:
                del self.fields[name]
            if organisation.is_approved:
                self.invoiced_organisation = organisation
                self.fields["billing_reference"].initial = organisation.purchase_order_reference
            else:
                # Nothing to invoice to yet: the service refuses a paying seat.
                del self.fields["billing_reference"]
        elif profile is not None:
            self.fields["billing_organisation"].initial = profile.organisation_name

    def clean_vat_number(self):
        number = re.sub(r"[\s.\-]", "", self.cleaned_data["vat_number"]).upper()
        if number and not VAT_PATTERN.match(number):
            raise ValidationError(
                _("Enter a VAT number with its country code, for example BE0212345678.")
            )
        return number

    def invoice(self):
        data = self.cleaned_data
        return InvoiceDetails(
            organisation=data.get("billing_organisation", ""),
            address=data.get("billing_address", ""),
            reference=data.get("billing_reference", ""),
            vat_number=data.get("vat_number", ""),
        )


class RegistrationForm(InvoiceDetailsForm):
    with_lunch = forms.TypedChoiceField(
        label=_("Lunch"),
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        initial="no",
    )
    motivation = forms.CharField(
        label=_("Why do you want to take part?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )
    tie_to_ocmw = forms.CharField(
        label=_(
            "What ties you or your organisation to the OCMW / CPAS? Which agreements are there?"
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )

    field_order = ["with_lunch", *INVOICE_FIELDS, "dietary_needs", "motivation", "tie_to_ocmw"]

    def __init__(
        self, *args, price=None, lunch_price=None, needs_motivation=False, profile=None, **kwargs
    ):
        super().__init__(
            *args,
            asks_invoice=bool(price) or lunch_price is not None,
            asks_dietary_needs=lunch_price is not None,
            profile=profile,
            **kwargs,
        )
        if lunch_price is None:
            del self.fields["with_lunch"]
        else:
            self.fields["with_lunch"].choices = [
                ("no", _("Without lunch (%(price)s)") % {"price": euro(price)}),
                ("yes", _("With lunch (%(price)s)") % {"price": euro(lunch_price)}),
            ]
        if not needs_motivation:
            del self.fields["motivation"], self.fields["tie_to_ocmw"]


class TakeOverForm(InvoiceDetailsForm):
    """The colleague who takes over a seat gives their own details: for a
    paying seat whom to invoice, for a seat with lunch what they eat."""

    def __init__(self, *args, registration, profile=None, **kwargs):
        super().__init__(
            *args,
            asks_invoice=bool(registration.price_due),
            asks_dietary_needs=registration.with_lunch,
            profile=profile,
            **kwargs,
        )
        if "dietary_needs" in self.fields:
            # The seat comes with lunch: "only if you take it" would not fit.
            self.fields["dietary_needs"].help_text = ""


class SubstitutionForm(forms.Form):
    email = forms.EmailField(
        label=_("Your colleague's e-mail address"),
        # As long as the invitation can keep (Django's form allows 320).
        max_length=Substitution._meta.get_field("email").max_length,
        help_text=_(
            "They receive an invitation and take over your registration once they accept it."
        ),
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field, as Django's documentation shows."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single_file_clean = super().clean
        if isinstance(data, list | tuple):
            return [single_file_clean(item, initial) for item in data]
        return [single_file_clean(data, initial)]


class AssignmentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Short summary"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=1500,
        help_text=_("A few sentences for the programme of the return day."),
    )
    files = MultipleFileField(
        label=_("Files"),
        help_text=_("PDF, DOCX, PPTX, ODT, ODP, XLSX or images; at most %(size)s each."),
    )
    # The programme names only those who allow it (ModulePage.presentations).
    publish_summary = forms.BooleanField(
        label=_("My name, title and summary may be published on the return-day page"),
        required=False,
    )

    def __init__(self, *args, max_size, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = self.fields["files"].help_text % {"size": max_size}
