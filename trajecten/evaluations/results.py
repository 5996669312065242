"""What editors read of the evaluations of one or more sessions: how many
answered of those present, the averages of the scales, and every comment
with its author's name unless they asked to be shown without it."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Max
from django.utils.translation import gettext as _

from ..models import Attendance, EvaluationAnswer, QuestionKind, Session, SessionAttendance


def average(values):
    values = [v for v in values if isinstance(v, int)]
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def author(answer):
    """The name editors read: none for an anonymous answer."""
    if answer.anonymous:
        return _("Anonymous")
    user = answer.registration.user
    return str(user) if user is not None else _("former member")


@dataclass
class QuestionResult:
    question: object
    average: Decimal | None = None
    texts: list = field(default_factory=list)


@dataclass
class Results:
    answers: list
    present: int
    satisfaction: Decimal | None
    usefulness: Decimal | None
    questions: list  # QuestionResult, in the page's order

    @property
    def count(self):
        return len(self.answers)


def results_of(sessions, questions):
    """The results of the evaluations of `sessions`, with the extra
    `questions` of their offer (of its Dutch page: answers are kept by
    translation key, so French answers count with them)."""
    answers = list(
        EvaluationAnswer.objects.filter(session__in=sessions)
        .select_related("registration__user", "session")
        .order_by("session__starts_at", "submitted_at")
    )
    for answer in answers:
        answer.author = author(answer)
    present = SessionAttendance.objects.filter(
        session__in=sessions, attendance=Attendance.PRESENT
    ).count()
    per_question = []
    for question in questions:
        given = [(a, a.extra.get(question.key)) for a in answers]
        given = [(a, value) for a, value in given if value not in (None, "")]
        if question.kind == QuestionKind.SCALE:
            per_question.append(QuestionResult(question, average=average([v for _a, v in given])))
        else:
            per_question.append(QuestionResult(question, texts=given))
    return Results(
        answers=answers,
        present=present,
        satisfaction=average([a.satisfaction for a in answers]),
        usefulness=average([a.usefulness for a in answers]),
        questions=per_question,
    )


def latest_scored_sessions(limit=5):
    """The sessions most recently evaluated, each with its number of answers
    and the averages of the two scales."""
    return (
        Session.objects.annotate(
            answer_count=Count("evaluation_answers"),
            last_answer=Max("evaluation_answers__submitted_at"),
            satisfaction=Avg("evaluation_answers__satisfaction"),
            usefulness=Avg("evaluation_answers__usefulness"),
        )
        .filter(answer_count__gt=0)
        .select_related("page")
        .order_by("-last_answer")[:limit]
    )
