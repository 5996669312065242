"""Member profiles in the Wagtail admin, next to the users, and the record
of deleted accounts for superusers; pages and documents restricted to groups
open to an editor only with the second factor."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import BaseViewRestriction
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import two_factor
from .models import AccountDeletion, Profile


class ProfileAdminForm(WagtailAdminModelForm):
    """A coordinator acts for an approved organisation: without one, the
    tick is refused, saying why."""

    def clean(self):
        cleaned = super().clean()
        organisation = cleaned.get("organisation", self.instance.organisation)
        if cleaned.get("is_coordinator") and (organisation is None or not organisation.is_approved):
            self.add_error(
                "is_coordinator",
                ValidationError(
                    _(
                        "Only a member of an approved organisation can be its training "
                        "coordinator. Choose the member's organisation first, or approve it."
                    ),
                    code="no_approved_organisation",
                ),
            )
        return cleaned


class ProfileViewSet(SnippetViewSet):
    model = Profile
    icon = "user"
    menu_label = _("Member profiles")
    add_to_admin_menu = False
    # Profiles are not in the search index: filter them in the database.
    search_backend_name = None
    list_display = [
        "user",
        "organisation_name",
        "organisation_kind",
        "is_ocmw_employee",
        "is_coordinator",
    ]
    list_filter = ["organisation_kind", "is_ocmw_employee", "is_coordinator", "preferred_language"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "organisation_name"]
    edit_handler = ObjectList(
        [
            FieldPanel("organisation"),
            FieldPanel("is_coordinator"),
            FieldPanel("organisation_name"),
            FieldPanel("organisation_kind"),
            FieldPanel("is_ocmw_employee"),
            FieldPanel("is_approved_participant"),
            FieldPanel("municipality"),
            FieldPanel("job_title"),
            FieldPanel("phone"),
            FieldPanel("preferred_language"),
        ],
        base_form_class=ProfileAdminForm,
    )


register_snippet(ProfileViewSet)


class SuperusersMayView(BasePermissionPolicy):
    """Read-only, for superusers: the record is an audit trail, nobody edits it."""

    def user_has_permission(self, user, action):
        return action == "view" and user.is_active and user.is_superuser

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return get_user_model().objects.none()
        return get_user_model().objects.filter(is_active=True, is_superuser=True)


register_permission_policy(AccountDeletion, SuperusersMayView(AccountDeletion))


class AccountDeletionViewSet(ModelViewSet):
    model = AccountDeletion
    icon = "bin"
    menu_label = _("Deleted accounts")
    add_to_settings_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    search_backend_name = None
    list_display = [
        DateColumn("deleted_at", label=_("Deleted at")),
        Column("former_user_id", label=_("Former user id")),
        Column("counts", label=_("What was removed or anonymised")),
    ]
    # Unused (nobody may add or edit) but required by ModelViewSet.
    form_fields = ["counts"]


@hooks.register("register_admin_viewset")
def register_account_deletion_viewset():
    return AccountDeletionViewSet("account_deletion")


# A restriction to groups lets superusers and the groups' members in by
# membership, without a permission check (BaseViewRestriction.accept_request):
# for an editor, that too waits for the second factor. These run before
# Wagtail's own check of the restrictions (order=-1).


def _waits_for_second_factor(request, restrictions):
    return any(
        restriction.restriction_type == BaseViewRestriction.GROUPS for restriction in restrictions
    ) and two_factor.lacks_second_factor(request)


@hooks.register("before_serve_document", order=-1)
def restricted_documents_need_second_factor(document, request):
    if _waits_for_second_factor(request, document.collection.get_view_restrictions()):
        return two_factor.second_factor_response(request)
    return None


@hooks.register("on_serve_page", order=-1)
def restricted_pages_need_second_factor(serve_page):
    def serve(page, request, serve_args, serve_kwargs):
        if _waits_for_second_factor(request, page.get_view_restrictions()):
            return two_factor.second_factor_response(request)
        return serve_page(page, request, serve_args, serve_kwargs)

    return serve
