"""Models of the offer, one module per page family."""

from ..assignments.models import Assignment, AssignmentFile, AssignmentStatus, AssignmentVersion
from . import seats
from .attendance import Attendance, SessionAttendance
from .calendar_feed import CalendarFeed
from .calls import CallFormField, CallFormPage
from .catalogue import OFFER_KINDS, OfferIndexPage
from .certificates import Certificate
from .evaluations import EvaluationAnswer, EvaluationInvitation, EvaluationQuestion, QuestionKind
from .g50 import ConferencePage, G50TrackPage, WorkstreamPage
from .invoices import (
    Invoice,
    InvoiceGrouping,
    InvoiceKind,
    InvoiceLine,
    InvoiceSequence,
    InvoiceSettings,
    InvoiceStatus,
    VatTreatment,
)
from .network_groups import (
    MembershipStatus,
    NetworkMembership,
    ProposalStatus,
    ThemeProposal,
    ThemeVote,
)
from .networks import LearningNetworkPage, MeetingPage, ProductVisibility
from .offer import TrainingPage, TrainingRelatedPage
from .registrations import (
    ACTIVE_STATUSES,
    MessageAudience,
    OrganiserMessage,
    Registration,
    RegistrationEvent,
    RegistrationStatus,
    ReminderSent,
    Substitution,
    SubstitutionStatus,
)
from .sessions import Session, SessionAnnouncement, SessionFormat, SessionStatus
from .settings import RegistrationSettings
from .trajectories import EditionPage, ModulePage, RegistrationWindow, TrajectoryPage

__all__ = [
    "ACTIVE_STATUSES",
    "Assignment",
    "AssignmentFile",
    "AssignmentStatus",
    "AssignmentVersion",
    "OFFER_KINDS",
    "Attendance",
    "CalendarFeed",
    "MessageAudience",
    "OrganiserMessage",
    "Certificate",
    "EvaluationAnswer",
    "EvaluationInvitation",
    "EvaluationQuestion",
    "QuestionKind",
    "CallFormField",
    "CallFormPage",
    "Registration",
    "RegistrationEvent",
    "RegistrationSettings",
    "RegistrationStatus",
    "ReminderSent",
    "Substitution",
    "SubstitutionStatus",
    "ConferencePage",
    "EditionPage",
    "G50TrackPage",
    "Invoice",
    "InvoiceGrouping",
    "InvoiceKind",
    "InvoiceLine",
    "InvoiceSequence",
    "InvoiceSettings",
    "InvoiceStatus",
    "VatTreatment",
    "LearningNetworkPage",
    "MeetingPage",
    "MembershipStatus",
    "NetworkMembership",
    "ProductVisibility",
    "ProposalStatus",
    "ThemeProposal",
    "ThemeVote",
    "ModulePage",
    "OfferIndexPage",
    "RegistrationWindow",
    "Session",
    "SessionAnnouncement",
    "SessionAttendance",
    "SessionFormat",
    "SessionStatus",
    "TrainingPage",
    "TrainingRelatedPage",
    "TrajectoryPage",
    "WorkstreamPage",
    "seats",
]
