"""Organisations in the Wagtail admin: editors add them, approve those
members proposed, and find them by name, number or town."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet

from .models import Organisation


def coordinators(organisation):
    """The names of the organisation's training coordinators, for its row."""
    return ", ".join(
        member.user.get_full_name() or member.user.email
        for member in organisation.members.all()
        if member.is_coordinator
    )


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    add_to_admin_menu = True
    menu_order = 300
    # Not in the search index: found in the database.
    search_backend_name = None
    search_fields = ["name_nl", "name_fr", "enterprise_number", "town"]
    list_display = [
        "name_nl",
        "kind",
        Column("formatted_enterprise_number", label=_("Enterprise number")),
        "town",
        "status",
        Column("coordinators", label=_("Training coordinators"), accessor=coordinators),
    ]
    list_filter = ["status", "kind"]
    list_export = [
        "name_nl",
        "name_fr",
        "kind",
        "enterprise_number",
        "street",
        "postal_code",
        "town",
        "peppol_id",
        "status",
    ]
    copy_view_enabled = False

    def get_queryset(self, request):
        # The coordinators of each row, read with the page.
        return Organisation.objects.prefetch_related("members__user")

    panels = [
        FieldRowPanel([FieldPanel("name_nl"), FieldPanel("name_fr")]),
        FieldPanel("kind"),
        FieldPanel("enterprise_number"),
        MultiFieldPanel(
            [
                FieldPanel("street"),
                FieldRowPanel([FieldPanel("postal_code"), FieldPanel("town")]),
                FieldPanel("invoice_email"),
                FieldPanel("language"),
                FieldPanel("purchase_order_reference"),
                FieldPanel("peppol_id"),
            ],
            heading=_("Invoices"),
        ),
        FieldPanel("status"),
    ]


@hooks.register("register_admin_viewset")
def register_organisation_viewset():
    return OrganisationViewSet("organisations")
