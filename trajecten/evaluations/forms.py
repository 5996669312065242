"""The member's evaluation form: two scales, two open questions, the offer's
own questions and the choice to be shown without name."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import QuestionKind

SCALE_CHOICES = [
    (1, _("1 – very poor")),
    (2, _("2 – poor")),
    (3, _("3 – fair")),
    (4, _("4 – good")),
    (5, _("5 – very good")),
]


def scale_field(label, required=True):
    return forms.TypedChoiceField(
        label=label,
        choices=SCALE_CHOICES,
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
        required=required,
        error_messages={"required": _("Choose a score from 1 to 5.")},
    )


class EvaluationForm(forms.Form):
    satisfaction = scale_field(_("How satisfied are you with this session?"))
    usefulness = scale_field(_("How useful is it for your work?"))
    takeaway = forms.CharField(
        label=_("What do you take with you?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    improvement = forms.CharField(
        label=_("What could be better?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            if question.kind == QuestionKind.SCALE:
                field = scale_field(question.text, required=question.required)
            else:
                field = forms.CharField(
                    label=question.text,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    max_length=2000,
                    required=question.required,
                )
            self.fields[f"q_{question.key}"] = field
        # Last, after every question: the choice is about all the answers.
        self.fields["anonymous"] = forms.BooleanField(
            label=_("Show my answers to the organisers without my name"),
            required=False,
        )

    def extra_answers(self):
        return {
            question.key: self.cleaned_data.get(f"q_{question.key}") for question in self.questions
        }
