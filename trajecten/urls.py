"""Routes of registrations, translated per language."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views
from .calendar_feed import views as calendar_feed
from .certificates import views as certificates
from .evaluations import views as evaluations
from .invoicing import views as invoicing
from .learning_record import views as learning_record
from .networks import views as networks
from .team import views as team

urlpatterns = [
    path(_("register/session/<uuid:uid>/"), views.register_session, name="register_session"),
    path(_("register/edition/<int:edition_id>/"), views.register_edition, name="register_edition"),
    path(_("my-account/registrations/"), views.my_registrations, name="member_registrations"),
    path(
        _("my-account/invoices/<int:pk>/pdf/"),
        invoicing.member_invoice_pdf,
        name="member_invoice_pdf",
    ),
    path(
        _("my-account/registrations/<int:pk>/"),
        views.registration_detail,
        name="registration_detail",
    ),
    path(
        _("my-account/registrations/<int:pk>/cancel/"),
        views.cancel_registration,
        name="cancel_registration",
    ),
    path(_("my-account/registrations/<int:pk>/hand-over/"), views.hand_over, name="hand_over"),
    path(
        _("my-account/registrations/<int:pk>/offered-seat/"),
        views.answer_offer,
        name="answer_offer",
    ),
    path(
        _("my-account/registrations/<int:pk>/calendar/"),
        views.registration_calendar,
        name="registration_calendar",
    ),
    path(
        _("my-account/take-over/<uuid:token>/"),
        views.accept_substitution,
        name="accept_substitution",
    ),
    path(
        _("my-account/registrations/<int:pk>/certificate/"),
        certificates.download,
        name="certificate_download",
    ),
    path(_("my-account/team/"), team.team, name="team"),
    path(
        _("my-account/team/register/session/<uuid:uid>/"),
        team.register_session,
        name="team_register_session",
    ),
    path(
        _("my-account/team/register/edition/<int:edition_id>/"),
        team.register_edition,
        name="team_register_edition",
    ),
    path(
        _("my-account/team/registrations/<int:pk>/replace/"),
        team.replace,
        name="team_replace",
    ),
    path(_("my-account/calendar/"), calendar_feed.my_calendar, name="my_calendar"),
    path(_("calendar/<str:token>/"), calendar_feed.calendar_feed, name="calendar_feed"),
    path(
        _("my-account/registrations/<int:pk>/evaluation/<uuid:session_uid>/"),
        evaluations.answer,
        name="evaluation_answer",
    ),
    path(_("certificate/<str:code>/"), certificates.check, name="certificate_check"),
    path(_("my-account/learning-record/"), learning_record.page, name="learning_record"),
    path(_("my-account/learning-record/pdf/"), learning_record.pdf, name="learning_record_pdf"),
    path(_("my-account/learning-record/csv/"), learning_record.csv, name="learning_record_csv"),
    path(_("my-account/networks/<int:page_id>/join/"), networks.join, name="network_join"),
    path(_("my-account/networks/<int:page_id>/leave/"), networks.leave, name="network_leave"),
    path(
        _("my-account/networks/<int:page_id>/propose-theme/"),
        networks.propose,
        name="network_propose",
    ),
    path(_("my-account/network-themes/<int:pk>/vote/"), networks.vote, name="network_vote"),
    path(
        _("my-account/network-themes/<int:pk>/withdraw-vote/"),
        networks.withdraw_vote,
        name="network_withdraw_vote",
    ),
    path(_("my-account/registrations/<int:pk>/assignment/"), views.assignment, name="assignment"),
    path(
        _("my-account/assignment-files/<uuid:key>/"),
        views.assignment_file,
        name="assignment_file",
    ),
]
