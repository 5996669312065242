"""The offer in the Wagtail admin: registrations with filters, search and
spreadsheet export, an editor's page per registration, and a dashboard
panel of upcoming sessions."""

from django.db.models import Count, Q
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet

from . import admin_views
from .models import Registration, RegistrationStatus, Session
from .sign_in_sheet import session_sign_in_sheet


class RegistrationViewSet(ModelViewSet):
    model = Registration
    icon = "group"
    menu_label = _("Registrations")
    menu_order = 250
    add_to_admin_menu = True
    copy_view_enabled = False
    search_backend_name = None
    search_fields = ["user__first_name", "user__last_name", "user__email", "billing_organisation"]
    list_filter = ["status", "session", "edition", "user__profile__organisation_kind", "attendance"]
    list_display = [
        Column("member", label=_("Member"), accessor="user"),
        Column("email", label=_("E-mail"), accessor="user.email"),
        Column("offer", label=_("Offer"), accessor="offer_title"),
        Column("session", label=_("Session"), accessor="session"),
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("waitlist_rank", label=_("Waiting list"), accessor="waitlist_rank"),
        Column("price_due", label=_("Price"), accessor="price_due"),
        DateColumn("created_at", label=_("Registered at")),
    ]
    list_export = [
        "user.first_name",
        "user.last_name",
        "user.email",
        "user.profile.organisation_name",
        "user.profile.get_organisation_kind_display",
        "offer_title",
        "session",
        "get_status_display",
        "waitlist_rank",
        "with_lunch",
        "dietary_needs",
        "price_due",
        "late_cancellation",
        "billing_organisation",
        "billing_address",
        "billing_reference",
        "vat_number",
        "get_attendance_display",
        "created_at",
    ]
    export_headings = {
        "user.first_name": _("First name"),
        "user.last_name": _("Last name"),
        "user.email": _("E-mail"),
        "user.profile.organisation_name": _("Organisation"),
        "user.profile.get_organisation_kind_display": _("Kind of organisation"),
        "offer_title": _("Offer"),
        "session": _("Session"),
        "get_status_display": _("Status"),
        "waitlist_rank": _("Place on the waiting list"),
        "with_lunch": _("With lunch"),
        "dietary_needs": _("Dietary needs"),
        "price_due": _("Price"),
        "late_cancellation": _("Cancelled late (full fee due)"),
        "billing_organisation": _("Organisation to invoice"),
        "billing_address": _("Invoice address"),
        "billing_reference": _("Purchase order or reference"),
        "vat_number": _("VAT number"),
        "get_attendance_display": _("Attendance"),
        "created_at": _("Registered at"),
    }
    export_filename = "registrations"
    # Unused (there is no add or edit form) but required by ModelViewSet.
    form_fields = ["attendance"]

    def get_queryset(self, request):
        return Registration.objects.select_related("user__profile", "session__page", "edition")

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        view_kwargs.update(add_url_name=None, delete_url_name=None)
        return view_kwargs

    def get_urlpatterns(self):
        # Registrations change only through the rules: no add, edit or delete
        # forms, an editor's page with the actions instead.
        kept = [
            p
            for p in super().get_urlpatterns()
            if p.name in {"index", "index_results", "history", "history_results", "usage"}
        ]
        return kept + [path("edit/<int:pk>/", admin_views.manage_registration, name="edit")]


registration_viewset = RegistrationViewSet("registration")


@hooks.register("register_admin_viewset")
def register_registration_viewset():
    return registration_viewset


class UpcomingSessionsPanel(Component):
    """Seats taken of the coming sessions, waiting lists and pending approvals."""

    name = "upcoming_sessions"
    order = 50
    template_name = "trajecten/admin/upcoming_sessions_panel.html"

    def get_context_data(self, parent_context):
        sessions = (
            Session.objects.upcoming()
            .with_seats()
            .select_related("page")
            .annotate(
                waiting=Count(
                    "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)
                )
            )
            .order_by("starts_at")[:10]
        )
        return {
            "sessions": sessions,
            "pending": Registration.objects.pending().count(),
            "now": timezone.now(),
        }


@hooks.register("construct_homepage_panels")
def add_upcoming_sessions_panel(request, panels):
    if request.user.has_perm("trajecten.view_registration"):
        panels.append(UpcomingSessionsPanel())


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
def register_sign_in_sheet_url():
    return [
        path(
            "sessions/<int:session_id>/sign-in-sheet/",
            session_sign_in_sheet,
            name="session_sign_in_sheet",
        )
    ]


class AssignmentsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("trajecten.view_assignment")


@hooks.register("register_admin_menu_item")
def register_assignments_menu_item():
    return AssignmentsMenuItem(
        _("Final assignments"), reverse("assignments_index"), icon_name="doc-full", order=260
    )
