"""How a member names their organisation in their profile: chosen from the
approved ones as they type (a <datalist>: the browser filters it without a
script of ours), found by its name or its enterprise number; or proposed,
in which case it waits for an editor."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .enterprise_numbers import compact
from .models import Organisation, OrganisationKind, OrganisationStatus

# The kinds of the member's profile (portal.accounts) that sign-in sheets and
# exports print, by the kind of the organisation record.
PROFILE_KIND = {
    OrganisationKind.OCMW: "ocmw",
    OrganisationKind.LOCAL_GOVERNMENT: "municipality",
    OrganisationKind.PARTNER: "non_profit",
}

# Ten digits as people write them: 0202.239.951, 0202 239 951, BE0202239951.
NUMBER_IN_TEXT = re.compile(r"(?:BE)?\s*([01]?\d{3}[.\s]?\d{3}[.\s]?\d{3})", re.IGNORECASE)


def label(organisation):
    """What the list shows and the field keeps: the name and the number,
    which tells two organisations of the same name apart."""
    return f"{organisation.name} – {organisation.formatted_enterprise_number}"


def options():
    return [label(organisation) for organisation in Organisation.objects.approved()]


def find(typed):
    """The organisation the member typed or chose, or a message saying what to do."""
    number = NUMBER_IN_TEXT.search(typed)
    if number:
        digits = compact(number.group(1)).zfill(10)
        found = Organisation.objects.filter(enterprise_number=digits).first()
        if found is not None and found.status != OrganisationStatus.REFUSED:
            return found
        if found is not None:
            raise ValidationError(
                _("The editors did not accept this organisation. Choose another one, or ask us."),
                code="refused",
            )
    name = typed.strip()
    named = list(
        Organisation.objects.approved().filter(Q(name_nl__iexact=name) | Q(name_fr__iexact=name))[
            :2
        ]
    )
    if len(named) == 1:
        return named[0]
    if named:
        raise ValidationError(
            _("Several organisations have this name: choose yours from the list."),
            code="ambiguous",
        )
    raise ValidationError(
        _("We do not know this organisation yet: choose it from the list, or propose it below."),
        code="unknown",
    )


class ProposalForm(forms.ModelForm):
    """A member's new organisation, with what its invoices need; it waits
    for an editor. An enterprise number already known links the member to
    that organisation instead of making a second one."""

    postal_code = forms.CharField(
        label=_("Postal code"),
        validators=[RegexValidator(r"^[1-9]\d{3}$", _("A Belgian postal code has four digits."))],
    )

    class Meta:
        model = Organisation
        fields = ["name_nl", "kind", "enterprise_number", "street", "postal_code", "town"]
        labels = {
            "name_nl": _("Name of your organisation"),
            "kind": _("Kind of organisation"),
            "enterprise_number": _("Enterprise number (KBO / BCE)"),
            "street": _("Street and number"),
            "town": _("Town of the organisation"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.existing = None
        self.fields["kind"].choices = [("", _("Choose…")), *OrganisationKind.choices]

    def clean_enterprise_number(self):
        number = compact(self.cleaned_data["enterprise_number"])
        known = Organisation.objects.filter(enterprise_number=number).first()
        if known is not None and known.status == OrganisationStatus.REFUSED:
            raise ValidationError(
                _("The editors did not accept this organisation. Choose another one, or ask us."),
                code="refused",
            )
        self.existing = known
        return number

    def validate_unique(self):
        # A known number is not an error: the member joins that organisation.
        pass

    def cleaned_kind(self):
        return getattr(self, "cleaned_data", {}).get("kind")

    def save(self, *, proposed_by):
        if self.existing is not None:
            return self.existing
        organisation = super().save(commit=False)
        organisation.status = OrganisationStatus.PENDING
        organisation.proposed_by = proposed_by
        organisation.language = "fr" if proposed_by.profile.preferred_language == "fr" else "nl"
        organisation.save()
        return organisation
