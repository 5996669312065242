"""Forms of the coordinator's pages: the colleagues are those of the coordinator's organisation only."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Registration


class ColleagueChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.email


class ColleaguesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.email


class RegisterColleaguesForm(forms.Form):
    colleagues = ColleaguesField(
        label=_("Colleagues to register"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one colleague.")},
    )
    reference = forms.CharField(
        label=_("Purchase-order reference"),
        required=False,
        max_length=Registration._meta.get_field("billing_reference").max_length,
        help_text=_("For the whole group; it appears on the invoice to your organisation."),
    )

    def __init__(self, *args, colleagues, lunch_price=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["colleagues"].queryset = colleagues
        if lunch_price is not None:
            self.fields["with_lunch"] = forms.BooleanField(label=_("With lunch"), required=False)


class ReplaceColleagueForm(forms.Form):
    colleague = ColleagueChoiceField(
        label=_("Colleague who takes the seat"),
        queryset=None,
        empty_label=_("Choose a colleague"),
        error_messages={"required": _("Choose a colleague.")},
    )

    def __init__(self, *args, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["colleague"].queryset = colleagues
