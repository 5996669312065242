"""The editor copies a session to another date or place: a form filled in
from the session, reached from the session's panel in the page editor
(CopySessionPanel); the copy is added through the page's revisions
(copying.add_sessions). Wagtail 8.0's InlinePanel has no "duplicate" for
its children (only move and delete), and a duplicate made in the browser
would be published with whatever else the editor changed."""

from datetime import datetime, timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail.admin.widgets import AdminDateInput, AdminTimeInput
from wagtail.coreutils import safe_snake_case
from wagtail.models import Page

from home.taxonomy import province_of_postal_code
from home.templatetags.formatting import time_range

from . import copying
from .models import Session, SessionFormat
from .models.base import SessionsMixin, latest_sessions, source_page

# The session's own fields the form asks, filled in from the session copied.
ASKED = ["reception_time", "venue_name", "address", "postal_code", "town", "province", "capacity"]
# Where Session.clean's complaints about the moments are shown.
FIELD_OF = {"starts_at": "day", "ends_at": "ends"}


def _field(name):
    return Session._meta.get_field(name).verbose_name


class SessionCopyForm(forms.ModelForm):
    """When and where the copy takes place, and for how many, filled in from
    the session copied; its format comes along, and its online link, asked
    again for a session online or hybrid. A session over several days keeps
    its number of days."""

    day = forms.DateField(label=gettext_lazy("Date"), widget=AdminDateInput())
    starts = forms.TimeField(label=capfirst(_field("starts_at")), widget=AdminTimeInput())
    ends = forms.TimeField(label=capfirst(_field("ends_at")), widget=AdminTimeInput())

    class Meta:
        model = Session
        fields = [*ASKED, "online_link"]
        widgets = {"reception_time": AdminTimeInput()}

    def __init__(self, *args, original, **kwargs):
        self.original = original
        starts = timezone.localtime(original.starts_at)
        ends = timezone.localtime(original.ends_at)
        self.days = (ends.date() - starts.date()).days
        initial = {"day": starts.date(), "starts": starts.time(), "ends": ends.time()}
        super().__init__(*args, instance=copying.copy_of(original), initial=initial, **kwargs)
        self.fields["province"].help_text = _(
            "Follows the postal code when you change the postal code and leave the province."
        )
        if original.format == SessionFormat.PHYSICAL:
            del self.fields["online_link"]

    def clean(self):
        cleaned = super().clean()
        postal_code = cleaned.get("postal_code")
        if (
            postal_code != self.original.postal_code
            and cleaned.get("province") == self.original.province
        ):
            cleaned["province"] = province_of_postal_code(postal_code) or cleaned.get("province")
        day, starts, ends = (cleaned.get(name) for name in ("day", "starts", "ends"))
        if day and starts and ends:
            # Checked with the session's own rules (Session.clean) once the form is clean.
            self.instance.starts_at = timezone.make_aware(datetime.combine(day, starts))
            self.instance.ends_at = timezone.make_aware(
                datetime.combine(day + timedelta(days=self.days), ends)
            )
        return cleaned

    def add_error(self, field, error):
        # Session.clean speaks of starts_at and ends_at: say it beside the fields that make them.
        if field is None and hasattr(error, "error_dict"):
            error = ValidationError(
                {FIELD_OF.get(name, name): errors for name, errors in error.error_dict.items()}
            )
        super().add_error(field, error)


def _session_in(page, uid):
    for session in latest_sessions(page):
        if session.uid == uid:
            return session
    raise Http404


@require_http_methods(["GET", "POST"])
def copy_session(request, page_id, uid):
    page = get_object_or_404(Page, id=page_id).specific
    if not isinstance(page, SessionsMixin):
        raise Http404
    page = source_page(page).specific
    permissions = page.permissions_for_user(request.user)
    if not permissions.can_edit() or permissions.page_locked():
        raise PermissionDenied
    original = _session_in(page, uid)
    form = SessionCopyForm(request.POST or None, original=original)
    if request.method == "POST" and form.is_valid():
        copy = form.instance
        published = copying.add_sessions(page=page, sessions=[copy], by=request.user)
        described = f"{time_range(copy.starts_at, copy.ends_at)}, {copy.place or copy.format_label}"
        if published:
            messages.success(
                request, _("Session copied and published: %(session)s.") % {"session": described}
            )
        else:
            messages.success(
                request,
                _("Session copied into the page's draft: %(session)s. Publish the page to show it.")
                % {"session": described},
            )
        return redirect(_in_editor(page, copy))
    return TemplateResponse(
        request,
        "trajecten/admin/copy_session.html",
        {
            "header_title": _("Copy the session"),
            "header_icon": "copy",
            # The slim header of Wagtail's own views, which fits a phone.
            "breadcrumbs_items": [
                {
                    "url": reverse("wagtailadmin_explore", args=[page.get_parent().pk]),
                    "label": _("Pages"),
                },
                {"url": _sessions_tab(page), "label": page.title},
                {"url": "", "label": _("Copy the session")},
            ],
            "page": page,
            "original": original,
            "form": form,
            "publishes": copying.publishes_at_once(page, request.user),
            "editor_url": _sessions_tab(page),
        },
    )


def _sessions_tab(page):
    """The page editor, opened on its tab of sessions."""
    editor = reverse("wagtailadmin_pages:edit", args=[page.pk])
    # Wagtail names a tab by its heading, in the editor's language.
    tab = safe_snake_case(_("Sessions"))
    return f"{editor}#tab-{tab}"


def _in_editor(page, session):
    """The page editor, opened at `session`: its panel is numbered by its
    place among the sessions the editor loads."""
    editor = reverse("wagtailadmin_pages:edit", args=[page.pk])
    uids = [each.uid for each in latest_sessions(Page.objects.get(pk=page.pk).specific)]
    return f"{editor}#inline_child_sessions-{uids.index(session.uid)}"
