"""Member profiles in the Wagtail admin, next to the users."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Profile


class ProfileViewSet(SnippetViewSet):
    model = Profile
    icon = "user"
    menu_label = _("Member profiles")
    add_to_admin_menu = False
    # Profiles are not in the search index: filter them in the database.
    search_backend_name = None
    list_display = ["user", "organisation_name", "organisation_kind", "is_ocmw_employee"]
    list_filter = ["organisation_kind", "is_ocmw_employee", "preferred_language"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "organisation_name"]
    panels = [
        FieldPanel("organisation_name"),
        FieldPanel("organisation_kind"),
        FieldPanel("is_ocmw_employee"),
        FieldPanel("is_approved_participant"),
        FieldPanel("municipality"),
        FieldPanel("job_title"),
        FieldPanel("phone"),
        FieldPanel("preferred_language"),
    ]


register_snippet(ProfileViewSet)
