"""The editor's page for one registration: its details and history, and
the actions of the rules (approve, refuse, promote, reorder, cancel,
attendance), each through its service function."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import services
from .models import Attendance, Registration
from .services import RegistrationError

ACTIONS = {
    "approve": lambda r, user, post: services.approve(
        registration=r, by=user, remember=post.get("remember") == "on"
    ),
    "refuse": lambda r, user, post: services.refuse(
        registration=r, by=user, reason=post.get("reason", "")
    ),
    "promote": lambda r, user, post: services.promote(registration=r, by=user),
    "move_up": lambda r, user, post: services.move_on_waiting_list(
        registration=r, by=user, up=True
    ),
    "move_down": lambda r, user, post: services.move_on_waiting_list(
        registration=r, by=user, up=False
    ),
    "cancel": lambda r, user, post: services.cancel(registration=r, by=user, confirm_late=True),
    "present": lambda r, user, post: services.mark_attendance(
        registration=r, by=user, attendance=Attendance.PRESENT
    ),
    "absent": lambda r, user, post: services.mark_attendance(
        registration=r, by=user, attendance=Attendance.ABSENT
    ),
}


@permission_required("trajecten.change_registration", raise_exception=True)
@require_http_methods(["GET", "POST"])
def manage_registration(request, pk):
    registration = get_object_or_404(
        Registration.objects.select_related("user__profile", "session__page", "edition"), pk=pk
    )
    if request.method == "POST":
        action = ACTIONS.get(request.POST.get("action"))
        if action is None:
            messages.error(request, _("Unknown action."))
        else:
            try:
                action(registration, request.user, request.POST)
            except RegistrationError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("The registration has been updated."))
        return redirect("registration:edit", pk=registration.pk)
    return TemplateResponse(
        request,
        "trajecten/admin/manage_registration.html",
        {
            "registration": registration,
            "events": registration.events.select_related("actor"),
            "sessions": services.sessions_of(registration),
            "header_title": str(registration),
        },
    )
