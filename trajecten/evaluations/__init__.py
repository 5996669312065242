"""Evaluations after each session: who may answer and until when (rules.py,
services.py), the invitation mailed once, the member's form (views.py), and
the results editors read (trajecten/admin_evaluations.py)."""

from .services import (
    answerable_sessions,
    check_may_answer,
    questions_for,
    send_invitations,
    submit,
)

__all__ = [
    "answerable_sessions",
    "check_may_answer",
    "questions_for",
    "send_invitations",
    "submit",
]
