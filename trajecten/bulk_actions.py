"""Bulk actions on the registrations listing: approve, refuse, mark present
or absent (at a registration's one session), cancel on the member's behalf,
send a message. Each registration goes through its service on its own, so
that one the rules refuse leaves the others done, and each row reports its
own result; a message is one write for the whole selection, reported row by
row."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.bulk_action import BulkAction

from . import registrations
from .admin_listing import registration_viewset, with_offer_titles
from .admin_messages import MessageTextsForm
from .models import Attendance, Registration
from .registrations import RegistrationError
from .registrations.messages import message_selection, why_not_sent


class RegistrationBulkAction(BulkAction):
    models = [Registration]
    template_name = "trajecten/admin/confirm_bulk_action.html"

    # Whether the result names every row, also when the action was done for all.
    reports_every_row = False

    def act(self, registration):
        """Apply the action to one registration through its service; returns
        what the result says of it, if anything."""
        raise NotImplementedError

    def apply(self, rows):
        """Apply the action to each row: (done, refused), each row with what
        the result says of it."""
        done, refused = [], []
        for registration in rows:
            try:
                note = self.act(registration)
            except RegistrationError as error:
                refused.append((registration, error.message))
            else:
                done.append((registration, note or ""))
        return done, refused

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
            .select_related("user__profile", "session__page", "edition")
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
        try:
            done, refused = self.apply(rows)
        except RegistrationError as error:  # what the editor typed, refused for every row
            form.add_error(error.field, error.message)
            return self.form_invalid(form)
        if not refused and not self.reports_every_row:
            messages.success(self.request, self.done_message(len(done)))
            return redirect(self.next_url)
        return TemplateResponse(
            self.request,
            "trajecten/admin/bulk_action_result.html",
            {
                "action": self,
                "done_message": self.done_message(len(done)),
                "done": done if self.reports_every_row else [],
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


class MessageBulkAction(RegistrationBulkAction):
    """One message, in Dutch and French, to the members of the selected
    registrations: each reads it in their language, and each row says
    whether it went, and in which language."""

    display_name = _("Send a message")
    action_type = "message"
    aria_label = _("Send a message to the members of the selected registrations")
    action_priority = 60
    form_class = MessageTextsForm
    reports_every_row = True
    intro = _(
        "Write the message once, in Dutch and in French: each member receives it by mail in "
        "their own language, and it is kept in the history of their registration."
    )

    def object_context(self, registration):
        # Who will not receive it is said before it is sent.
        return {"item": registration, "note": why_not_sent(registration) or ""}

    def apply(self, rows):
        _message, results = message_selection(
            registrations=rows, texts=self.cleaned_form.cleaned_data, by=self.request.user
        )
        done = [
            (registration, self.sent_in(registration))
            for registration, reason in results
            if reason is None
        ]
        refused = [(registration, reason) for registration, reason in results if reason]
        return done, refused

    @staticmethod
    def sent_in(registration):
        language = get_language_info(registration.user.profile.preferred_language)
        return _("sent (%(language)s)") % {"language": language["name_translated"]}

    def done_message(self, count):
        return ngettext(
            "The message is on its way to %(count)d member.",
            "The message is on its way to %(count)d members.",
            count,
        ) % {"count": count}


BULK_ACTIONS = [
    ApproveBulkAction,
    RefuseBulkAction,
    MarkPresentBulkAction,
    MarkAbsentBulkAction,
    CancelBulkAction,
    MessageBulkAction,
]
