"""Bulk actions on the registrations listing: approve, refuse, mark present
or absent (at a registration's one session), cancel on the member's behalf. Each registration goes through
its service on its own, so that one the rules refuse leaves the others
done, and each row reports its own result."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.views.bulk_action import BulkAction

from . import registrations
from .admin_listing import registration_viewset, with_offer_titles
from .models import Attendance, Registration
from .registrations import RegistrationError


class RegistrationBulkAction(BulkAction):
    models = [Registration]
    template_name = "trajecten/admin/confirm_bulk_action.html"

    def act(self, registration):
        """Apply the action to one registration through its service."""
        raise NotImplementedError

    def done_message(self, count):
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("trajecten.change_registration"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @classmethod
    def get_queryset(cls, model, object_ids):
        # Ids come from the address: one that is not a record's number finds
        # nothing rather than reaching the database.
        ids = [i for i in object_ids if isinstance(i, int) or (i.isdecimal() and len(i) < 20)]
        # What the services and the report read, loaded once for all rows.
        found = list(
            model.objects.filter(pk__in=ids)
            .select_related("user", "session__page", "edition")
            .order_by("pk")
        )
        if not found:
            raise Http404
        return found

    def get_all_objects_in_listing_query(self, parent_id):
        # "All in the listing" is what the listing shows: its filters and search.
        index_view = registration_viewset.index_view
        listing = index_view.view_class(**index_view.view_initkwargs)
        listing.setup(self.request)
        return listing.get_queryset().values_list("pk", flat=True)

    def annotate_items(self, items):
        return with_offer_titles(items)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "action": self}

    def form_valid(self, form):
        # Wagtail runs a bulk action in one transaction; here every
        # registration is its own write, committed (and its mail queued) by
        # its service, so that a row the rules refuse undoes nothing else.
        self.cleaned_form = form
        rows, _no_access = self.get_actionable_objects()
        rows = with_offer_titles(rows)  # for the report, read once per offer
        done, refused = [], []
        for registration in rows:
            try:
                self.act(registration)
            except RegistrationError as error:
                refused.append((registration, error.message))
            else:
                done.append(registration)
        if not refused:
            messages.success(self.request, self.done_message(len(done)))
            return redirect(self.next_url)
        return TemplateResponse(
            self.request,
            "trajecten/admin/bulk_action_result.html",
            {
                "action": self,
                "done_message": self.done_message(len(done)),
                "refused": refused,
                "next": self.next_url,
            },
        )


class ApproveBulkAction(RegistrationBulkAction):
    display_name = _("Approve")
    action_type = "approve"
    aria_label = _("Approve the selected requests")
    action_priority = 10

    def act(self, registration):
        registrations.approve(registration=registration, by=self.request.user)

    def done_message(self, count):
        return ngettext(
            "%(count)d registration approved.", "%(count)d registrations approved.", count
        ) % {"count": count}


class RefusalForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for refusal"), widget=forms.Textarea(attrs={"rows": 3})
    )


class RefuseBulkAction(RegistrationBulkAction):
    display_name = _("Refuse")
    action_type = "refuse"
    aria_label = _("Refuse the selected requests, with one reason for all")
    action_priority = 20
    form_class = RefusalForm

    def act(self, registration):
        registrations.refuse(
            registration=registration,
            by=self.request.user,
            reason=self.cleaned_form.cleaned_data["reason"],
        )

    def done_message(self, count):
        return ngettext(
            "%(count)d registration refused.", "%(count)d registrations refused.", count
        ) % {"count": count}


class MarkAttendanceBulkAction(RegistrationBulkAction):
    """Attendance is kept per session: a session registration has one, the
    one marked here; an edition has several, so its rows are reported with
    the way to its participants page, where each session is marked."""

    attendance = None
    # The result page links an edition's refused row to its participants page.
    per_session = True

    def act(self, registration):
        if registration.edition_id:
            raise RegistrationError(
                _(
                    "An edition has several sessions: mark the attendance at each "
                    "on the participants page of the edition."
                ),
                code="per_session",
            )
        registrations.mark_attendance(
            registration=registration,
            session=registration.session,
            by=self.request.user,
            attendance=self.attendance,
        )


class MarkPresentBulkAction(MarkAttendanceBulkAction):
    display_name = _("Present")
    action_type = "present"
    aria_label = _("Mark the selected participants present")
    action_priority = 30
    attendance = Attendance.PRESENT

    def done_message(self, count):
        return ngettext(
            "%(count)d participant marked present.", "%(count)d participants marked present.", count
        ) % {"count": count}


class MarkAbsentBulkAction(MarkAttendanceBulkAction):
    display_name = _("Absent")
    action_type = "absent"
    aria_label = _("Mark the selected participants absent")
    action_priority = 40
    attendance = Attendance.ABSENT

    def done_message(self, count):
        return ngettext(
            "%(count)d participant marked absent.", "%(count)d participants marked absent.", count
        ) % {"count": count}


class CancelBulkAction(RegistrationBulkAction):
    display_name = _("Cancel on the member's behalf")
    action_type = "cancel"
    aria_label = _("Cancel the selected registrations on the members' behalf")
    action_priority = 50
    classes = {"serious"}

    def act(self, registration):
        # As on the registration page: a late cancellation is recorded, the fee stays due.
        registrations.cancel(registration=registration, by=self.request.user, confirm_late=True)

    def done_message(self, count):
        return ngettext(
            "%(count)d registration cancelled.", "%(count)d registrations cancelled.", count
        ) % {"count": count}


BULK_ACTIONS = [
    ApproveBulkAction,
    RefuseBulkAction,
    MarkPresentBulkAction,
    MarkAbsentBulkAction,
    CancelBulkAction,
]
