"""Postpone or cancel several sessions of a page in one action, with a note
in both languages: the editor's alternative to changing each session's
status in the page editor.

The sessions are changed as the page editor would change them: in a new
revision of their page, which is published, so that the registrants are
told by the same path (registrations/organiser.py, on page_published) and
no later publication of an older draft brings the old status back. A page
with unpublished changes is refused: publishing the sessions' new status
would publish someone's draft with it."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods
from wagtail.admin.widgets import Button
from wagtail.models import Page

from home.templatetags.formatting import time_range

from .models import SessionStatus
from .models.base import SessionsMixin, source_page

# What each action does, and which sessions it may change.
ACTIONS = {
    "postpone": {
        "status": SessionStatus.POSTPONED,
        "from": [SessionStatus.SCHEDULED],
        "title": gettext_lazy("Postpone sessions"),
        "button": gettext_lazy("Postpone and tell the registrants"),
        "done": lambda count: ngettext(
            "%(count)s session postponed: its registrants are being told.",
            "%(count)s sessions postponed: their registrants are being told.",
            count,
        ),
    },
    "cancel": {
        "status": SessionStatus.CANCELLED,
        "from": [SessionStatus.SCHEDULED, SessionStatus.POSTPONED],
        "title": gettext_lazy("Cancel sessions"),
        "button": gettext_lazy("Cancel and tell the registrants"),
        "done": lambda count: ngettext(
            "%(count)s session cancelled: its registrants are being told.",
            "%(count)s sessions cancelled: their registrants are being told.",
            count,
        ),
    },
}


class SessionStatusForm(forms.Form):
    sessions = forms.MultipleChoiceField(
        label=gettext_lazy("Sessions"), widget=forms.CheckboxSelectMultiple
    )
    note_nl = forms.CharField(
        label=gettext_lazy("Note for the registrants (Dutch)"),
        max_length=255,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    note_fr = forms.CharField(
        label=gettext_lazy("Note for the registrants (French)"),
        max_length=255,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sessions"].choices = [
            (str(session.pk), _session_label(session)) for session in sessions
        ]
        self.fields["sessions"].error_messages["required"] = _("Choose at least one session.")
        self.fields["note_nl"].error_messages["required"] = _("Write the note in Dutch too.")
        self.fields["note_fr"].error_messages["required"] = _("Write the note in French too.")


def _session_label(session):
    place = session.town or session.get_format_display()
    return f"{time_range(session.starts_at, session.ends_at)}, {place}"


def changeable_sessions(page, action, now):
    return [
        session
        for session in page.sessions.all().order_by("starts_at")
        if session.status in ACTIONS[action]["from"] and session.ends_at >= now
    ]


def change_sessions(page, action, pks, notes, user):
    """Set the status and notes of the sessions `pks` in a new revision of
    `page`, and publish it. Returns how many changed."""
    draft = page.get_latest_revision_as_object()
    sessions = list(draft.sessions.all())
    changed = 0
    for session in sessions:
        if str(session.pk) in pks:
            session.status = ACTIONS[action]["status"]
            session.status_note_nl, session.status_note_fr = notes
            changed += 1
    draft.sessions = sessions
    with transaction.atomic():
        revision = draft.save_revision(user=user, log_action=True)
        revision.publish(user=user)
    return changed


@require_http_methods(["GET", "POST"])
def change_session_status(request, page_id, action):
    page = get_object_or_404(Page, id=page_id).specific
    if action not in ACTIONS or not isinstance(page, SessionsMixin):
        raise Http404
    # Sessions live on the source (Dutch) page, whichever translation was opened.
    page = source_page(page).specific
    if not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    sessions = changeable_sessions(page, action, timezone.now())
    form = SessionStatusForm(
        request.POST or None,
        sessions=sessions,
        initial={"sessions": [str(s.pk) for s in sessions]},
    )
    blocked = page.has_unpublished_changes
    if request.method == "POST" and not blocked and form.is_valid():
        data = form.cleaned_data
        count = change_sessions(
            page, action, set(data["sessions"]), (data["note_nl"], data["note_fr"]), request.user
        )
        messages.success(request, ACTIONS[action]["done"](count) % {"count": count})
        return redirect("wagtailadmin_pages:edit", page.pk)
    return TemplateResponse(
        request,
        "trajecten/admin/change_session_status.html",
        {
            "page": page,
            "form": form,
            "action": ACTIONS[action],
            "blocked": blocked,
            "header_title": ACTIONS[action]["title"],
            "header_icon": "calendar-alt",
            # The slim header of Wagtail's own views, which fits a phone.
            "breadcrumbs_items": [
                {
                    "url": reverse("wagtailadmin_explore", args=[page.get_parent().pk]),
                    "label": _("Pages"),
                },
                {"url": reverse("wagtailadmin_pages:edit", args=[page.pk]), "label": page.title},
                {"url": "", "label": ACTIONS[action]["title"]},
            ],
        },
    )


def session_status_buttons(page, user, view_name, next_url=None):
    """ "Postpone sessions" and "Cancel sessions" in the page's header menu,
    for pages with sessions their user may publish."""
    if not isinstance(page.specific_deferred, SessionsMixin) or not page.sessions.exists():
        return
    if not page.permissions_for_user(user).can_publish():
        return
    for priority, (action, icon) in enumerate((("postpone", "time"), ("cancel", "cross")), 80):
        yield Button(
            ACTIONS[action]["title"],
            reverse("change_session_status", args=[page.pk, action]),
            icon_name=icon,
            priority=priority,
        )
