"""The registrations listing in the Wagtail admin: filters, search,
spreadsheet export and bulk actions; each row leads to its registration's
page, where the actions are (admin_views.manage_registration)."""

import tempfile
from itertools import islice

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse
from django.urls import path
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Page

from . import admin_views
from .models import Attendance, Registration, SessionAttendance


def with_offer_titles(registrations, titles=None):
    """The registrations, each with `listed_offer_title`: the offer's full
    name is on its specific page (an edition's also on its parent), so each
    offer is read once, however many of its registrations are listed.
    The registrations come with their session loaded. `titles` (page id to
    title) keeps what was read for the next registrations of an export."""
    registrations = list(registrations)
    titles = {} if titles is None else titles
    missing = {r.edition_id or r.session.page_id for r in registrations} - titles.keys()
    if missing:
        titles.update(
            (page.pk, page.booking_title) for page in Page.objects.filter(pk__in=missing).specific()
        )
    for registration in registrations:
        registration.listed_offer_title = titles.get(
            registration.edition_id or registration.session.page_id, ""
        )
    return registrations


def in_language(language, rows):
    with translation.override(language):
        yield from rows


class ExportedRegistrations:
    """The registrations of an export, read from the database a chunk at a
    time as the file is written: an export of the whole year never holds
    all its rows in memory at once."""

    chunk_size = 2_000

    def __init__(self, queryset):
        self.queryset = queryset
        # Wagtail reads the headings' labels from the model.
        self.model = queryset.model

    def __iter__(self):
        rows = with_attendance_counts(self.queryset).iterator(chunk_size=self.chunk_size)
        titles = {}
        while chunk := list(islice(rows, self.chunk_size)):
            yield from with_offer_titles(chunk, titles)


def with_attendance_counts(registrations):
    """Annotate `sessions_present` and `sessions_absent`: the sessions the
    participant was marked present or absent at (one at most for a session,
    one per session of an edition), as numbers finance and certificates can add up."""

    def count(attendance):
        marks = (
            SessionAttendance.objects.filter(registration=OuterRef("pk"), attendance=attendance)
            .order_by()
            .values("registration")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(marks), 0)

    return registrations.annotate(
        sessions_present=count(Attendance.PRESENT), sessions_absent=count(Attendance.ABSENT)
    )


class RegistrationIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super().get_base_queryset().select_related("user__profile", "session__page", "edition")
        )

    def paginate_queryset(self, queryset, page_size):
        paginator, page, rows, is_paginated = super().paginate_queryset(queryset, page_size)
        return paginator, page, with_offer_titles(rows), is_paginated

    def get(self, request, *args, **kwargs):
        if self.is_export:
            # Straight to the file: the listing's context would read every
            # row into memory first (to count them and build its table).
            return self.as_spreadsheet(self.get_queryset(), request.GET["export"])
        return super().get(request, *args, **kwargs)

    def as_spreadsheet(self, queryset, spreadsheet_format):
        return super().as_spreadsheet(ExportedRegistrations(queryset), spreadsheet_format)

    def stream_csv(self, queryset):
        # The rows are written as they are sent, after the view has returned
        # and the admin's language is no longer active: they keep the editor's.
        return in_language(translation.get_language(), super().stream_csv(queryset))

    def write_xlsx_response(self, queryset):
        # Wagtail builds the workbook in memory; in a temporary file it is
        # sent from the disk in blocks, and deleted once sent.
        output = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
        self.write_xlsx(queryset, output)
        output.seek(0)
        return FileResponse(
            output,
            as_attachment=True,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            filename=f"{self.get_filename()}.xlsx",
        )

    @cached_property
    def columns(self):
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="registration"),
            TitleColumn(
                "member",
                label=_("Member"),
                accessor=lambda registration: registration.user or _("former member"),
                get_url=self.get_edit_url,
                get_title_id=lambda registration: f"registration_{registration.pk}_title",
                # Wagtail's title cell may break a name anywhere: a width keeps
                # it on a line or two (and static/css/admin-registrations.css
                # on a phone, where the table ignores it).
                width="140",
            ),
            *self.list_display,
        ]


class RegistrationViewSet(ModelViewSet):
    model = Registration
    icon = "group"
    menu_label = _("Registrations")
    menu_order = 250
    add_to_admin_menu = True
    copy_view_enabled = False
    index_view_class = RegistrationIndexView
    index_template_name = "trajecten/admin/registration_index.html"
    search_backend_name = None
    search_fields = ["user__first_name", "user__last_name", "user__email", "billing_organisation"]
    # Attendance is per session: the participants page of a session or an
    # edition shows it, the export counts it (sessions_present, sessions_absent).
    list_filter = ["status", "session", "edition", "user__profile__organisation_kind"]
    # After the member's name, which links to the registration (RegistrationIndexView.columns).
    list_display = [
        Column("email", label=_("E-mail"), accessor="user.email"),
        Column("offer", label=_("Offer"), accessor="listed_offer_title"),
        Column("session", label=_("Session"), accessor="session"),
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("waitlist_rank", label=_("Waiting list"), accessor="waitlist_rank"),
        # What is owed, not the price: nothing after a free or the organiser's cancellation.
        Column("fee_due", label=_("Fee due"), accessor="fee_due"),
        DateColumn("created_at", label=_("Registered at")),
    ]
    list_export = [
        "user.first_name",
        "user.last_name",
        "user.email",
        "user.profile.organisation_name",
        "user.profile.get_organisation_kind_display",
        "listed_offer_title",
        "session",
        "get_status_display",
        "waitlist_rank",
        "with_lunch",
        "dietary_needs",
        "price_due",
        "fee_due",
        "late_cancellation",
        "billing_organisation",
        "billing_address",
        "billing_reference",
        "vat_number",
        "sessions_present",
        "sessions_absent",
        "created_at",
    ]
    export_headings = {
        "user.first_name": _("First name"),
        "user.last_name": _("Last name"),
        "user.email": _("E-mail"),
        "user.profile.organisation_name": _("Organisation"),
        "user.profile.get_organisation_kind_display": _("Kind of organisation"),
        "listed_offer_title": _("Offer"),
        "session": _("Session"),
        "get_status_display": _("Status"),
        "waitlist_rank": _("Place on the waiting list"),
        "with_lunch": _("With lunch"),
        "dietary_needs": _("Dietary needs"),
        "price_due": _("Price"),
        "fee_due": _("Fee due"),
        "late_cancellation": _("Cancelled late (full fee due)"),
        "billing_organisation": _("Organisation to invoice"),
        "billing_address": _("Invoice address"),
        "billing_reference": _("Purchase order or reference"),
        "vat_number": _("VAT number"),
        "sessions_present": _("Sessions present"),
        "sessions_absent": _("Sessions absent"),
        "created_at": _("Registered at"),
    }
    export_filename = "registrations"
    # Unused (there is no add or edit form) but required by ModelViewSet.
    form_fields = ["status"]

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
