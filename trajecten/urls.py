"""Routes of registrations, translated per language."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views
from .certificates import views as certificates
from .evaluations import views as evaluations

urlpatterns = [
    path(_("register/session/<uuid:uid>/"), views.register_session, name="register_session"),
    path(_("register/edition/<int:edition_id>/"), views.register_edition, name="register_edition"),
    path(_("my-account/registrations/"), views.my_registrations, name="member_registrations"),
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
    path(
        _("my-account/registrations/<int:pk>/evaluation/<uuid:session_uid>/"),
        evaluations.answer,
        name="evaluation_answer",
    ),
    path(_("certificate/<str:code>/"), certificates.check, name="certificate_check"),
    path(_("my-account/registrations/<int:pk>/assignment/"), views.assignment, name="assignment"),
    path(
        _("my-account/assignment-files/<uuid:key>/"),
        views.assignment_file,
        name="assignment_file",
    ),
]
