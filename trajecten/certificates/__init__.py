"""Attendance certificates: issued by the attendance rule or by an editor,
downloaded as a PDF, checked by anyone at a public address."""

from .services import attended_sessions, certificate_for, issue_by_hand, may_download, revoke

__all__ = ["attended_sessions", "certificate_for", "issue_by_hand", "may_download", "revoke"]
