"""The forms of a learning network's members: joining, with their consent,
and proposing a theme."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import ThemeProposal


class JoinForm(forms.Form):
    share_details = forms.BooleanField(
        label=_("Show my name and organisation to the other members"), required=False
    )


class ProposalForm(forms.ModelForm):
    class Meta:
        model = ThemeProposal
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"title": {"required": _("Give the theme a title.")}}
