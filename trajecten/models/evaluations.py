"""Evaluations: after each session the participants marked present say how
satisfied they were and what it brought them, on two scales of 1 to 5 and
in their own words, with the extra questions the editors set on the offer
page. One answer per participant and session; the invitation is mailed
once (trajecten/evaluations/)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable, TranslatableMixin

SCALE_LOWEST, SCALE_HIGHEST = 1, 5
SCALE = [MinValueValidator(SCALE_LOWEST), MaxValueValidator(SCALE_HIGHEST)]


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("Scale from 1 to 5")
    TEXT = "text", _("Free text")


class EvaluationQuestion(TranslatableMixin, Orderable):
    """An extra question of an offer page. Translated with its page (each
    language's page has its own text); answers are kept by its
    translation_key, so that Dutch and French answers count together."""

    page = ParentalKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="evaluation_questions",
        verbose_name=_("page"),
    )
    text = models.CharField(_("question"), max_length=255)
    kind = models.CharField(
        _("kind of answer"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.SCALE
    )
    required = models.BooleanField(_("an answer is required"), default=False)

    panels = [FieldPanel("text"), FieldRowPanel([FieldPanel("kind"), FieldPanel("required")])]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("evaluation question")
        verbose_name_plural = _("evaluation questions")
        ordering = ["sort_order"]

    def __str__(self):
        return self.text

    @property
    def key(self):
        """Where its answer is kept in EvaluationAnswer.extra."""
        return str(self.translation_key)


def _in_scale(name, field):
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__gte": SCALE_LOWEST, f"{field}__lte": SCALE_HIGHEST}),
        name=name,
    )


class EvaluationAnswer(models.Model):
    # Members' records, not content: Wagtail's reference index ("used in") leaves them out.
    wagtail_reference_index_ignore = True

    registration = models.ForeignKey(
        "trajecten.Registration",
        on_delete=models.CASCADE,
        related_name="evaluation_answers",
        verbose_name=_("registration"),
    )
    # PROTECT, as attendance: a session someone evaluated is cancelled, not deleted.
    session = models.ForeignKey(
        "trajecten.Session",
        on_delete=models.PROTECT,
        related_name="evaluation_answers",
        verbose_name=_("session"),
    )
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction"), validators=SCALE)
    usefulness = models.PositiveSmallIntegerField(_("usefulness for your work"), validators=SCALE)
    takeaway = models.TextField(_("what you take with you"), blank=True)
    improvement = models.TextField(_("what could be better"), blank=True)
    anonymous = models.BooleanField(_("shown without name"), default=False)
    # The answers to the extra questions, by EvaluationQuestion.key: an int
    # (scale) or a text.
    extra = models.JSONField(_("answers to the extra questions"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "session"], name="one_evaluation_per_session"
            ),
            _in_scale("evaluation_satisfaction_1_to_5", "satisfaction"),
            _in_scale("evaluation_usefulness_1_to_5", "usefulness"),
        ]

    def __str__(self):
        return f"{self.registration_id} @ {self.session_id}"


class EvaluationInvitation(models.Model):
    """Remembers each invitation, so that the command never sends one twice."""

    wagtail_reference_index_ignore = True

    registration = models.ForeignKey(
        "trajecten.Registration", on_delete=models.CASCADE, related_name="+"
    )
    session = models.ForeignKey("trajecten.Session", on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "session"], name="one_evaluation_invitation_per_session"
            )
        ]

    def __str__(self):
        return f"{self.registration_id} @ {self.session_id}"
