"""The offer in the Wagtail admin: the registrations listing (admin_listing.py)
and its bulk actions (bulk_actions.py), an editor's page per registration,
the participants page of each session and edition (admin_participants.py,
reached from the dashboard, a registration and the pages of the offer),
final assignments, a dashboard panel of upcoming sessions and pending
requests, each leading to where the work is done, and copies of sessions
(admin_copying.py, copying.py)."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem

from . import admin_evaluations, admin_invoices, admin_participants, admin_views, copying
from .admin_copying import copy_session
from .admin_dashboard import UpcomingSessionsPanel
from .admin_evaluations import LatestEvaluationScoresPanel
from .admin_listing import registration_viewset
from .admin_messages import message_registrants_view
from .admin_session_status import change_session_status, session_status_buttons
from .bulk_actions import BULK_ACTIONS
from .models import LearningNetworkPage, MeetingPage, ProductVisibility
from .models.base import SessionsAlong
from .networks import admin_views as network_admin
from .networks.services import is_member
from .sign_in_sheet import session_sign_in_sheet


@hooks.register("register_admin_viewset")
def register_registration_viewset():
    return registration_viewset


@hooks.register("register_admin_viewset")
def register_invoice_viewset():
    return admin_invoices.invoice_viewset


@hooks.register("register_admin_urls")
def register_invoice_urls():
    return admin_invoices.urls()


@hooks.register("construct_homepage_panels")
def add_past_due_invoices_panel(request, panels):
    if panel := admin_invoices.past_due_panel(request):
        panels.append(panel)


for bulk_action in BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action)


@hooks.register("construct_homepage_panels")
def add_upcoming_sessions_panel(request, panels):
    if request.user.has_perm("trajecten.view_registration"):
        panels.append(UpcomingSessionsPanel())


@hooks.register("construct_homepage_panels")
def add_evaluation_scores_panel(request, panels):
    if request.user.has_perm(admin_evaluations.PERMISSION):
        panels.append(LatestEvaluationScoresPanel())


@hooks.register("register_admin_urls")
def register_assignment_urls():
    return [
        path("assignments/", admin_views.assignments_index, name="assignments_index"),
        path(
            "assignments/<int:edition_id>/",
            admin_views.edition_assignments,
            name="edition_assignments",
        ),
        path(
            "assignments/<int:edition_id>/zip/",
            admin_views.edition_assignments_zip,
            name="edition_assignments_zip",
        ),
    ]


@hooks.register("register_admin_urls")
def register_message_urls():
    return [
        path(
            "messages/session/<int:pk>/",
            message_registrants_view,
            {"kind": "session"},
            name="message_session_registrants",
        ),
        path(
            "messages/edition/<int:pk>/",
            message_registrants_view,
            {"kind": "edition"},
            name="message_edition_registrants",
        ),
    ]


@hooks.register("register_admin_urls")
def register_session_status_urls():
    return [
        path(
            "pages/<int:page_id>/sessions/<slug:action>/",
            change_session_status,
            name="change_session_status",
        )
    ]


hooks.register("register_page_header_buttons", session_status_buttons)


@hooks.register("register_admin_urls")
def register_sign_in_sheet_url():
    return [
        path(
            "sessions/<int:session_id>/sign-in-sheet/",
            session_sign_in_sheet,
            name="session_sign_in_sheet",
        )
    ]


@hooks.register("register_admin_urls")
def register_participants_urls():
    return [
        path(
            "sessions/<int:session_id>/participants/",
            admin_participants.session_participants,
            name="session_participants",
        ),
        path(
            "editions/<int:edition_id>/participants/",
            admin_participants.edition_participants,
            name="edition_participants",
        ),
        path(
            "offer/<int:page_id>/participants/",
            admin_participants.page_participants,
            name="page_participants",
        ),
    ]


@hooks.register("register_page_header_buttons")
def participants_header_buttons(page, user, view_name=None, next_url=None):
    """In the page editor's and explorer's header: the participants page of
    each session of the page (one query, for the one page shown)."""
    if not user.has_perm("trajecten.view_registration"):
        return
    for number, (label, url) in enumerate(admin_participants.participants_links(page)):
        yield PageMenuItem(label, url, icon_name="group", priority=80 + number, page=page)


@hooks.register("register_page_listing_more_buttons")
def participants_listing_button(page, user, next_url=None):
    """In each row of the explorer: one entry, decided without a query (the
    row knows only its page type); its page leads on to the sessions."""
    if not user.has_perm("trajecten.view_registration"):
        return
    if page.specific_class and issubclass(
        page.specific_class, admin_participants.WITH_PARTICIPANTS
    ):
        yield PageMenuItem(
            _("Participants"),
            reverse("page_participants", args=[page.pk]),
            icon_name="group",
            priority=70,
            page=page,
        )


@hooks.register("register_admin_urls")
def register_evaluation_urls():
    return [
        path(
            "evaluations/session/<int:session_id>/",
            admin_evaluations.session_evaluations,
            name="session_evaluations",
        ),
        path(
            "evaluations/session/<int:session_id>/csv/",
            admin_evaluations.session_evaluations_csv,
            name="session_evaluations_csv",
        ),
        path(
            "evaluations/offer/<int:page_id>/",
            admin_evaluations.page_evaluations,
            name="page_evaluations",
        ),
        path(
            "evaluations/offer/<int:page_id>/csv/",
            admin_evaluations.page_evaluations_csv,
            name="page_evaluations_csv",
        ),
    ]


@hooks.register("register_page_header_buttons")
def evaluations_header_button(page, user, view_name=None, next_url=None):
    """In the page editor's header menu of the pages with sessions on or below
    them: the results of their evaluations (decided without a query)."""
    if not user.has_perm(admin_evaluations.PERMISSION):
        return
    if page.specific_class and issubclass(
        page.specific_class, admin_participants.WITH_PARTICIPANTS
    ):
        yield PageMenuItem(
            _("Evaluations"),
            reverse("page_evaluations", args=[page.pk]),
            icon_name="list-ul",
            priority=95,
            page=page,
        )


class AssignmentsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("trajecten.view_assignment")


@hooks.register("register_admin_menu_item")
def register_assignments_menu_item():
    return AssignmentsMenuItem(
        _("Final assignments"), reverse("assignments_index"), icon_name="doc-full", order=260
    )


@hooks.register("register_admin_urls")
def register_copy_session_url():
    return [
        path(
            "offer/<int:page_id>/sessions/<uuid:uid>/copy/",
            copy_session,
            name="copy_session",
        )
    ]


@hooks.register("after_copy_page")
def take_the_sessions_along(request, page, new_page):
    days = SessionsAlong.days(page, request.POST)
    if days is not None:
        copying.take_sessions_along(
            original=page.specific, copy=new_page.specific, days=days, by=request.user
        )


@hooks.register("register_admin_urls")
def register_network_group_urls():
    return [
        path("networks/", network_admin.index, name="network_groups_index"),
        path(
            "networks/<int:page_id>/members/",
            network_admin.members,
            name="network_group_members",
        ),
        path("networks/<int:page_id>/themes/", network_admin.themes, name="network_group_themes"),
    ]


class NetworkGroupsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(network_admin.MEMBERS_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_network_groups_menu_item():
    return NetworkGroupsMenuItem(
        _("Learning networks"), reverse("network_groups_index"), icon_name="group", order=265
    )


@hooks.register("register_page_header_buttons")
def network_group_header_buttons(page, user, view_name=None, next_url=None):
    """In a learning network's editor header: its members and its theme proposals."""
    if not (page.specific_class and issubclass(page.specific_class, LearningNetworkPage)):
        return
    if user.has_perm(network_admin.MEMBERS_PERMISSION):
        yield PageMenuItem(
            _("Members of the network"),
            reverse("network_group_members", args=[page.pk]),
            icon_name="group",
            priority=90,
            page=page,
        )
    if user.has_perm(network_admin.THEMES_PERMISSION):
        yield PageMenuItem(
            _("Theme proposals"),
            reverse("network_group_themes", args=[page.pk]),
            icon_name="list-ol",
            priority=91,
            page=page,
        )


@hooks.register("before_serve_document")
def members_only_products(document, request):
    """The document of a members-only meeting product is served to the
    network's approved members and to editors; anyone else is sent to log
    in or refused. (Wagtail serves documents through its view here:
    WAGTAILDOCS_SERVE_METHOD = "serve_view".)"""
    meetings = MeetingPage.objects.filter(
        product_document=document, product_visibility=ProductVisibility.MEMBERS
    )
    if not meetings.exists():
        return None
    user = request.user
    if user.has_perm("wagtaildocs.change_document"):
        return None
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if any(is_member(meeting.get_parent(), user) for meeting in meetings):
        return None
    raise PermissionDenied
