"""Forms of the member area: the extra sign-up fields and the profile."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from portal.organisations import choosing
from portal.organisations.models import OrganisationKind

from .models import Profile, User

PHONE_PATTERN = re.compile(r"^\+?[0-9 ./()-]{6,20}$")


class SignupNamesForm(forms.Form):
    """Asked by allauth's sign-up form next to e-mail and password."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)

    field_order = ["first_name", "last_name"]

    def signup(self, request, user):
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.save(update_fields=["first_name", "last_name"])


class ProfileForm(forms.ModelForm):
    """The member's own profile, with their names from the user record and
    their organisation: chosen from the list as they type, or proposed, in
    which case it waits for an editor (portal/organisations/choosing.py)."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    organisation_choice = forms.CharField(
        label=_("Organisation"),
        max_length=250,
        required=False,
        help_text=_(
            "Type a few letters of its name or its enterprise number, and choose it from the list."
        ),
        widget=forms.TextInput(attrs={"list": "organisation-list", "autocomplete": "off"}),
    )

    class Meta:
        model = Profile
        fields = [
            "first_name",
            "last_name",
            "organisation_choice",
            "is_ocmw_employee",
            "municipality",
            "job_title",
            "phone",
            "preferred_language",
        ]

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        super().__init__(*args, instance=user.profile, **kwargs)
        self.initial.update(first_name=user.first_name, last_name=user.last_name)
        if user.profile.organisation is not None:
            self.initial["organisation_choice"] = choosing.label(user.profile.organisation)
        # Everything the offer needs to decide on a registration is required.
        for name in ["municipality", "job_title"]:
            self.fields[name].required = True
        self.proposal = choosing.ProposalForm(*args, prefix="new", **kwargs)
        self.organisation = None

    @property
    def organisation_options(self):
        return choosing.options()

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE_PATTERN.match(phone):
            raise ValidationError(
                _("Enter a phone number with digits only, for example +32 2 211 55 00.")
            )
        return phone

    def clean(self):
        cleaned = super().clean()
        typed = cleaned.get("organisation_choice", "").strip()
        if typed:
            try:
                self.organisation = choosing.find(typed)
            except ValidationError as error:
                self.add_error("organisation_choice", error)
        elif self.proposal.has_changed():
            if self.proposal.is_valid():
                self.organisation = self.proposal.existing
            else:
                self.add_error(
                    None, _("Your new organisation is not complete: see the fields below.")
                )
        else:
            self.add_error(
                "organisation_choice",
                _("Choose your organisation from the list, or propose it below."),
            )
        kind = self.organisation.kind if self.organisation else self.proposal.cleaned_kind()
        if cleaned.get("is_ocmw_employee") and kind not in (None, OrganisationKind.OCMW):
            self.add_error(
                "is_ocmw_employee",
                _(
                    "An employee of an OCMW / CPAS works for an organisation of the kind OCMW / CPAS."
                ),
            )
        return cleaned

    @transaction.atomic
    def save(self, commit=True):
        self.user.first_name = self.cleaned_data["first_name"]
        self.user.last_name = self.cleaned_data["last_name"]
        profile = super().save(commit=False)
        organisation = self.organisation or self.proposal.save(proposed_by=self.user)
        profile.organisation = organisation
        # Kept for the sign-in sheets and the exports, which print them.
        profile.organisation_name = organisation.name
        profile.organisation_kind = choosing.PROFILE_KIND[organisation.kind]
        if commit:
            self.user.save(update_fields=["first_name", "last_name"])
            profile.save()
        return profile


class DeleteAccountForm(forms.Form):
    """The member confirms with their password that the account may go."""

    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account and my personal data are deleted for good."),
    )

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("This is not your current password."), code="password")
        return password
