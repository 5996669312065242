"""Organisations in the Wagtail admin: editors add them, approve those
members proposed, and find them by name, number or town."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import EditView
from wagtail.admin.viewsets.model import ModelViewSet

from portal.notifications import MailKind, notify

from .models import Organisation, OrganisationStatus

DECISION_MAILS = {
    OrganisationStatus.APPROVED: MailKind.ORGANISATION_APPROVED,
    OrganisationStatus.REFUSED: MailKind.ORGANISATION_REFUSED,
}


class OrganisationEditView(EditView):
    def save_instance(self):
        """An editor who approves or refuses an organisation tells the
        members who chose it, once the change is committed."""
        before = (
            Organisation.objects.filter(pk=self.object.pk).values_list("status", flat=True).first()
        )
        organisation = super().save_instance()
        if organisation.status != before and organisation.status in DECISION_MAILS:
            notify(DECISION_MAILS[organisation.status], organisation=organisation.pk)
        return organisation


def coordinators(organisation):
    """The names of the organisation's training coordinators, for its row."""
    return ", ".join(
        member.user.get_full_name() or member.user.email
        for member in organisation.members.all()
        if member.is_coordinator
    )


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    edit_view_class = OrganisationEditView
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


organisation_viewset = OrganisationViewSet("organisations")


@hooks.register("register_admin_viewset")
def register_organisation_viewset():
    return organisation_viewset


class ProposedOrganisationsPanel(Component):
    """On the admin home: organisations members proposed, each a click from
    its page, where the editor approves or refuses it."""

    name = "proposed_organisations"
    order = 90
    template_name = "organisations/admin/proposed_panel.html"

    def __init__(self, proposed):
        self.proposed = proposed

    def get_context_data(self, parent_context=None):
        return {
            "proposed": self.proposed,
            "edit_url_name": organisation_viewset.get_url_name("edit"),
        }


@hooks.register("construct_homepage_panels")
def announce_proposed_organisations(request, panels):
    if not request.user.has_perm("organisations.change_organisation"):
        return
    proposed = list(
        Organisation.objects.filter(status=OrganisationStatus.PENDING)
        .select_related("proposed_by")
        .order_by("created_at")
    )
    if proposed:
        panels.append(ProposedOrganisationsPanel(proposed))
