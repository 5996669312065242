"""The outbox in the Wagtail admin, for superusers (Settings > Outgoing
mail): what waits, what failed and why, and a button to send it again; the
dashboard says when mail is not getting through."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Case, When
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from . import delivery
from .models import MailStatus, OutgoingMail


class SuperusersOnly(BasePermissionPolicy):
    """Mail holds members' personal data: superusers follow it, nobody edits it."""

    def user_has_permission(self, user, action):
        return action in ("view", "change") and user.is_active and user.is_superuser

    def users_with_any_permission(self, actions):
        return get_user_model().objects.filter(is_active=True, is_superuser=True)


permission_policy = SuperusersOnly(OutgoingMail)
register_permission_policy(OutgoingMail, permission_policy)


@require_http_methods(["GET", "POST"])
def mail_detail(request, pk):
    if not permission_policy.user_has_permission(request.user, "view"):
        raise PermissionDenied
    mail = get_object_or_404(OutgoingMail, pk=pk)
    if request.method == "POST":
        if delivery.send_again(mail=mail):
            messages.success(request, _("The mail is being sent again."))
        else:
            messages.error(request, _("This mail cannot be sent again: it was sent already."))
        return redirect("outgoing_mail:edit", pk=mail.pk)
    return TemplateResponse(
        request,
        "outbox/admin/mail_detail.html",
        {"mail": mail, "header_title": mail.subject},
    )


class OutgoingMailIndexView(IndexView):
    def get_base_queryset(self):
        # What needs someone first: failed, then waiting, then the rest, newest first.
        attention = Case(
            When(status=MailStatus.FAILED, then=0),
            When(status=MailStatus.WAITING, then=1),
            When(status=MailStatus.SENDING, then=2),
            default=3,
        )
        return super().get_base_queryset().order_by(attention, "-created_at", "-pk")


class OutgoingMailViewSet(ModelViewSet):
    model = OutgoingMail
    index_view_class = OutgoingMailIndexView
    icon = "mail"
    menu_label = _("Outgoing mail")
    add_to_settings_menu = True
    copy_view_enabled = False
    search_backend_name = None
    search_fields = ["recipients", "subject"]
    list_filter = ["status"]
    list_display = [
        TitleColumn("subject", label=_("Subject"), url_name="outgoing_mail:edit"),
        Column("recipients", label=pgettext_lazy("mail", "To"), accessor="recipients"),
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("attempts", label=_("Attempts"), accessor="attempts"),
        DateColumn("created_at", label=_("Written at")),
        DateColumn("next_attempt_at", label=_("Next attempt"), accessor="pending_attempt_at"),
        Column("last_error", label=_("Last error"), accessor="last_error_in_short"),
    ]
    # Unused (there is no add or edit form) but required by ModelViewSet.
    form_fields = ["status"]

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        view_kwargs.update(add_url_name=None, delete_url_name=None)
        return view_kwargs

    def get_urlpatterns(self):
        # Mail is written by the portal only: a page per mail with its
        # delivery and a button to send it again, instead of a form.
        kept = [p for p in super().get_urlpatterns() if p.name in {"index", "index_results"}]
        return kept + [path("edit/<int:pk>/", mail_detail, name="edit")]


@hooks.register("register_admin_viewset")
def register_outgoing_mail_viewset():
    return OutgoingMailViewSet("outgoing_mail")


class MailNotGettingThroughPanel(Component):
    name = "mail_not_getting_through"
    order = 10
    template_name = "outbox/admin/not_getting_through_panel.html"

    def __init__(self, failed, late):
        self.failed, self.late = failed, late

    def get_context_data(self, parent_context):
        return {"failed": self.failed, "late": self.late}


@hooks.register("construct_homepage_panels")
def add_mail_panel(request, panels):
    if not request.user.is_superuser:
        return
    failed = OutgoingMail.objects.filter(status=MailStatus.FAILED).count()
    late = OutgoingMail.objects.due(timezone.now() - delivery.WORKER_GRACE).count()
    if failed or late:
        panels.append(MailNotGettingThroughPanel(failed, late))
