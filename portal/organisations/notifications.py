"""The mails of an editor's decision on an organisation a member proposed:
to every member who chose it, in their own language."""

from django.urls import reverse
from django.utils import translation

from portal.notifications import Letter, MailKind, composes

from .models import Organisation, OrganisationStatus

STATUS_OF_KIND = {
    MailKind.ORGANISATION_APPROVED: OrganisationStatus.APPROVED,
    MailKind.ORGANISATION_REFUSED: OrganisationStatus.REFUSED,
}


@composes(MailKind.ORGANISATION_APPROVED, MailKind.ORGANISATION_REFUSED)
def organisation_decided(kind, *, organisation):
    organisation = Organisation.objects.filter(pk=organisation).first()
    if organisation is None or organisation.status != STATUS_OF_KIND[kind]:
        return []  # decided otherwise before the mail was written
    letters = []
    for profile in organisation.members.select_related("user"):
        language = profile.preferred_language
        with translation.override(language):
            context = {
                "member": profile.user,
                "organisation": organisation.name,
                "address": organisation.invoice_address,
                "profile_path": reverse("member_profile"),
            }
        letters.append(Letter(profile.user.email, language, context))
    return letters
