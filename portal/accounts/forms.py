"""Forms of the member area: the extra sign-up fields and the profile."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

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
    """The member's own profile, with their names from the user record."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)

    class Meta:
        model = Profile
        fields = [
            "first_name",
            "last_name",
            "organisation_name",
            "organisation_kind",
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
        # Everything the offer needs to decide on a registration is required.
        for name in ["organisation_name", "organisation_kind", "municipality", "job_title"]:
            self.fields[name].required = True
        self.fields["organisation_kind"].choices = [
            ("", _("Choose…")),
            *Profile.OrganisationKind.choices,
        ]

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE_PATTERN.match(phone):
            raise ValidationError(
                _("Enter a phone number with digits only, for example +32 2 211 55 00.")
            )
        return phone

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_ocmw_employee") and cleaned.get("organisation_kind") not in (
            None,
            Profile.OrganisationKind.OCMW,
        ):
            self.add_error(
                "organisation_kind",
                _(
                    "An employee of an OCMW / CPAS works for an organisation of the kind OCMW / CPAS."
                ),
            )
        return cleaned

    def save(self, commit=True):
        self.user.first_name = self.cleaned_data["first_name"]
        self.user.last_name = self.cleaned_data["last_name"]
        if commit:
            self.user.save(update_fields=["first_name", "last_name"])
        return super().save(commit=commit)


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
