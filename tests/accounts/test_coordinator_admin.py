"""Editors make a member the training coordinator of their organisation in
the member's profile; without an approved organisation the tick is refused
with a reason, and the organisations list names each one's coordinators."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tests.factories.accounts import MemberFactory
from tests.factories.organisations import new_organisation

pytestmark = pytest.mark.django_db

REFUSAL = (
    "Only a member of an approved organisation can be its training coordinator. "
    "Choose the member's organisation first, or approve it."
)


def edit(client, profile, **changes):
    data = {
        "organisation": profile.organisation_id or "",
        "organisation_name": profile.organisation_name,
        "organisation_kind": profile.organisation_kind,
        "is_ocmw_employee": "on" if profile.is_ocmw_employee else "",
        "municipality": profile.municipality,
        "job_title": profile.job_title,
        "phone": profile.phone,
        "preferred_language": profile.preferred_language,
    }
    data.update(changes)
    data = {key: value for key, value in data.items() if value != ""}
    path = reverse("wagtailsnippets_accounts_profile:edit", args=[profile.pk])
    return client.post(path, data)


def test_an_editor_makes_a_member_of_an_approved_organisation_coordinator(client, editor):
    member = MemberFactory()
    client.force_login(editor)

    response = edit(client, member.profile, is_coordinator="on")

    assert response.status_code == 302
    member.profile.refresh_from_db()
    assert member.profile.coordinates == member.profile.organisation


def test_a_member_without_an_approved_organisation_is_refused_with_the_reason(client, editor):
    waiting = MemberFactory(profile__organisation=new_organisation(7, status="pending"))
    client.force_login(editor)

    with translation.override("nl"):
        response = edit(client, waiting.profile, is_coordinator="on")
        expected = gettext(REFUSAL)

    assert response.status_code == 200
    assert expected in response.content.decode().replace("&#x27;", "'")
    waiting.profile.refresh_from_db()
    assert not waiting.profile.is_coordinator


def test_the_organisations_list_names_their_coordinators(client, editor):
    MemberFactory(first_name="Karim", last_name="El Amrani", profile__is_coordinator=True)
    client.force_login(editor)

    page = client.get(reverse("organisations:index"))

    assert "Karim El Amrani" in page.content.decode()
