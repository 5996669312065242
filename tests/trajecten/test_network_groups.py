"""A learning network as a group: members join (at once, or after an
editor's approval, with a mail), choose whether the others see their name,
propose themes and vote for them once; an editor turns a theme into the
next meeting; a meeting's product for members stays hidden from others,
its document too. The Dutch and French pages share one group."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.documents import get_document_model

from tests.factories.accounts import MemberFactory
from tests.factories.offer import SessionFactory, make_network
from tests.factories.pages import translate_page
from trajecten.models import (
    MeetingPage,
    MembershipStatus,
    NetworkMembership,
    ProductVisibility,
    ProposalStatus,
    ThemeProposal,
    ThemeVote,
)
from trajecten.networks import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(offer_index):
    index, _index_fr = offer_index
    network, _meeting = make_network(index)
    return network


@pytest.fixture
def network_fr(network):
    return translate_page(network, "fr", title="Réseau sans séjour légal", slug="reseau")


def t(msgid, language="nl"):
    """What the page says for `msgid`, in `language`."""
    with translation.override(language):
        return translation.gettext(msgid)


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def told(response):
    return [str(message) for message in response.context["messages"]]


def member_of(network, **profile):
    user = MemberFactory(**({"profile__" + k: v for k, v in profile.items()}))
    services.join(network=network, user=user, share_details=True)
    return user


# Joining -----------------------------------------------------------------------------


def test_a_member_joins_at_once_where_no_approval_is_asked(network, member):
    response = logged_in(member).post(
        reverse("network_join", args=[network.pk]), {"share_details": "on"}, follow=True
    )

    assert told(response) == [t("You are a member of the learning network.")]
    membership = NetworkMembership.objects.get(network=network, user=member)
    assert membership.status == MembershipStatus.APPROVED and membership.share_details
    assert t("You are a member") in response.content.decode()


def test_where_editors_approve_a_request_waits_and_the_approval_is_mailed_in_french(
    network, network_fr, commit, editor
):
    network.members_need_approval = True
    network.save_revision().publish()
    chloe = MemberFactory(first_name="Chloé", profile__preferred_language="fr")

    with translation.override("fr"):
        response = logged_in(chloe).post(
            reverse("network_join", args=[network_fr.pk]), {}, follow=True
        )
    page = response.content.decode()
    assert t("Your request waits for an editor.", "fr") in page
    membership = NetworkMembership.objects.get(user=chloe)
    assert membership.status == MembershipStatus.PENDING
    assert membership.network_id == network.pk  # the Dutch page's group
    assert services.members_visible_to(network, chloe) == []

    with commit():
        response = logged_in(editor).post(
            reverse("network_group_members", args=[network.pk]),
            {"membership": membership.pk, "action": "approve"},
        )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPROVED
    [letter] = [m for m in mail.outbox if chloe.email in m.to]
    # In her language: the French page, its title and address.
    assert "Réseau sans séjour légal" in letter.body
    assert "/fr/" in letter.body


def test_an_editor_refuses_a_request_and_the_member_is_told_in_their_language(
    network, network_fr, editor, commit
):
    network.members_need_approval = True
    network.contact_email = "leernetwerk@example.org"
    network.save()
    asker = MemberFactory(profile__preferred_language="fr")
    membership = services.join(network=network, user=asker, share_details=False)

    with commit():
        logged_in(editor).post(
            reverse("network_group_members", args=[network.pk]),
            {"membership": membership.pk, "action": "refuse"},
        )

    membership.refresh_from_db()
    assert membership.status == MembershipStatus.LEFT
    assert not services.is_member(network, asker)
    [letter] = [m for m in mail.outbox if asker.email in m.to]
    assert letter.subject.endswith(t("Your request to join the learning network", "fr"))
    assert "Réseau sans séjour légal" in letter.body
    assert "leernetwerk@example.org" in letter.body


def test_a_member_leaves(network):
    member = member_of(network)

    response = logged_in(member).post(reverse("network_leave", args=[network.pk]), follow=True)

    assert told(response) == [t("You left the learning network.")]
    assert not services.is_member(network, member)
    assert t("Join the network") in response.content.decode()


# Who sees whom ------------------------------------------------------------------------


def test_members_see_only_the_members_who_consented(network):
    shown = member_of(network)
    shown.profile.organisation_name = "OCMW Brugge"
    shown.profile.save()
    hidden = MemberFactory(last_name="Verborgen-Naam")
    services.join(network=network, user=hidden, share_details=False)

    page = logged_in(shown).get(network.url).content.decode()

    assert shown.get_full_name() in page and "OCMW Brugge" in page
    assert "Verborgen-Naam" not in page
    assert [m.user for m in services.members_visible_to(network, hidden)] == [shown]


def test_a_member_takes_back_their_consent(network):
    member = member_of(network)

    response = logged_in(member).post(reverse("network_join", args=[network.pk]), {}, follow=True)

    assert told(response) == [t("Your choice is saved.")]
    membership = NetworkMembership.objects.get(user=member)
    assert membership.status == MembershipStatus.APPROVED and not membership.share_details
    assert services.members_visible_to(network, member) == []


def test_non_members_and_visitors_see_no_member_list_nor_themes(network):
    member = member_of(network, organisation_name="OCMW Brugge")
    ThemeProposal.objects.create(network=network, proposed_by=member, title="Huurwaarborg")
    outsider = MemberFactory()

    for client in (Client(), logged_in(outsider)):
        page = client.get(network.url).content.decode()
        assert member.get_full_name() not in page
        assert "Huurwaarborg" not in page
    assert t("Log in to join the network") in Client().get(network.url).content.decode()
    assert t("Join the network") in logged_in(outsider).get(network.url).content.decode()


def test_the_dutch_and_french_pages_share_one_group(network, network_fr):
    dutch_member = member_of(network)
    french_member = MemberFactory(profile__preferred_language="fr")
    services.join(network=network_fr, user=french_member, share_details=True)

    assert NetworkMembership.objects.filter(network=network).count() == 2
    with translation.override("fr"):
        page = logged_in(french_member).get(network_fr.url).content.decode()
    assert dutch_member.get_full_name() in page
    visible = {m.user for m in services.members_visible_to(network_fr, dutch_member)}
    assert visible == {dutch_member, french_member}


# Themes and votes ---------------------------------------------------------------------


def test_a_member_proposes_a_theme_and_others_vote_for_it_once(network):
    proposer, voter = member_of(network), member_of(network)

    response = logged_in(proposer).post(
        reverse("network_propose", args=[network.pk]),
        {"title": "Toegang tot onderwijs", "description": "Inschrijven zonder papieren"},
        follow=True,
    )
    assert told(response) == [t("Your theme is proposed. The members can vote for it.")]
    proposal = ThemeProposal.objects.get(network=network)
    assert proposal.proposed_by == proposer and proposal.status == ProposalStatus.OPEN

    voting = logged_in(voter)
    path = reverse("network_vote", args=[proposal.pk])
    assert told(voting.post(path, follow=True)) == [t("Your vote is counted.")]
    assert told(voting.post(path, follow=True)) == [t("You already voted for this theme.")]
    assert ThemeVote.objects.filter(proposal=proposal).count() == 1
    with translation.override("nl"):
        one_vote = translation.ngettext("%(counter)s vote", "%(counter)s votes", 1) % {"counter": 1}
    assert one_vote in voting.get(network.url).content.decode()


def test_the_database_refuses_a_second_vote(network):
    member = member_of(network)
    proposal = ThemeProposal.objects.create(network=network, proposed_by=member, title="Huur")
    ThemeVote.objects.create(proposal=proposal, user=member)

    with pytest.raises(IntegrityError), transaction.atomic():
        ThemeVote.objects.create(proposal=proposal, user=member)


def test_a_member_withdraws_a_vote(network):
    member = member_of(network)
    proposal = ThemeProposal.objects.create(network=network, proposed_by=member, title="Huur")
    services.vote(proposal=proposal, user=member)

    response = logged_in(member).post(
        reverse("network_withdraw_vote", args=[proposal.pk]), follow=True
    )

    assert told(response) == [t("Your vote is withdrawn.")]
    assert not ThemeVote.objects.filter(proposal=proposal).exists()


def test_themes_are_listed_by_votes(network):
    members = [member_of(network) for _ in range(3)]
    few = ThemeProposal.objects.create(network=network, proposed_by=members[0], title="Weinig")
    many = ThemeProposal.objects.create(network=network, proposed_by=members[0], title="Veel")
    for member in members:
        services.vote(proposal=many, user=member)
    services.vote(proposal=few, user=members[0])

    page = logged_in(members[1]).get(network.url).content.decode()

    assert page.index("Veel") < page.index("Weinig")


def test_non_members_neither_propose_nor_vote(network):
    member = member_of(network)
    proposal = ThemeProposal.objects.create(network=network, proposed_by=member, title="Huur")
    pending = MemberFactory()
    network.members_need_approval = True
    network.save()
    services.join(network=network, user=pending, share_details=True)

    for outsider in (MemberFactory(), pending):
        client = logged_in(outsider)
        response = client.post(
            reverse("network_propose", args=[network.pk]), {"title": "Gekaapt"}, follow=True
        )
        assert told(response) == [t("Only members of the learning network can do this.")]
        response = client.post(reverse("network_vote", args=[proposal.pk]), follow=True)
        assert told(response) == [t("Only members of the learning network can do this.")]

    assert list(ThemeProposal.objects.values_list("title", flat=True)) == ["Huur"]
    assert not ThemeVote.objects.exists()


def test_an_empty_theme_title_is_a_message_next_to_the_field(network):
    member = member_of(network)

    response = logged_in(member).post(
        reverse("network_propose", args=[network.pk]), {"title": "  ", "description": "x"}
    )

    assert response.status_code == 400
    assert response.context["form"].errors["title"] == [t("Give the theme a title.")]
    assert t("Give the theme a title.") in response.content.decode()
    assert not ThemeProposal.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(network):
    for name in ("network_join", "network_leave", "network_propose"):
        response = Client().post(reverse(name, args=[network.pk]))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


# The editors ---------------------------------------------------------------------------


def test_an_editor_turns_a_theme_into_a_draft_meeting(network, editor):
    member = member_of(network)
    proposal = ThemeProposal.objects.create(
        network=network, proposed_by=member, title="Vrijwillige terugkeer", description="Wie helpt?"
    )
    client = logged_in(editor)
    listing = client.get(reverse("network_group_themes", args=[network.pk]))
    assert listing.status_code == 200 and "Vrijwillige terugkeer" in listing.content.decode()

    response = client.post(
        reverse("network_group_themes", args=[network.pk]),
        {"proposal": proposal.pk, "action": "meeting"},
    )

    meeting = MeetingPage.objects.child_of(network).get(title="Vrijwillige terugkeer")
    assert not meeting.live and "Wie helpt?" in meeting.description
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[meeting.pk])
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CHOSEN and proposal.meeting_id == meeting.pk
    # Chosen once: a second click makes no second meeting.
    client.post(
        reverse("network_group_themes", args=[network.pk]),
        {"proposal": proposal.pk, "action": "meeting"},
    )
    assert MeetingPage.objects.child_of(network).filter(title="Vrijwillige terugkeer").count() == 1


def test_the_network_editor_links_to_its_members_and_themes(network, editor):
    page = logged_in(editor).get(reverse("wagtailadmin_pages:edit", args=[network.pk]))
    html = page.content.decode()

    assert reverse("network_group_members", args=[network.pk]) in html
    assert reverse("network_group_themes", args=[network.pk]) in html
    index = logged_in(editor).get(reverse("network_groups_index"))
    assert index.status_code == 200 and network.title in index.content.decode()


def test_members_cannot_open_the_editors_pages(network):
    member = member_of(network)
    for path in (
        reverse("network_groups_index"),
        reverse("network_group_members", args=[network.pk]),
        reverse("network_group_themes", args=[network.pk]),
    ):
        assert logged_in(member).get(path).status_code in (302, 403), path


# Products ------------------------------------------------------------------------------


@pytest.fixture
def held_meeting(network):
    Document = get_document_model()
    document = Document(title="Checklist dringende medische hulp")
    document.file.save("checklist-dmh.txt", ContentFile(b"Stappen voor een aanvraag"), save=False)
    document.save()
    meeting = network.add_child(
        instance=MeetingPage(
            title="Toegang tot gezondheidszorg",
            slug="gezondheidszorg",
            product_summary="<p>Een checklist voor de aanvraag</p>",
            product_document=document,
            product_visibility=ProductVisibility.MEMBERS,
        )
    )
    SessionFactory(page=meeting, starts_at=timezone.now() - timedelta(days=60), capacity=None)
    return meeting


def test_a_members_only_product_is_hidden_from_visitors_and_non_members(network, held_meeting):
    member = member_of(network)
    document_url = held_meeting.product_document.url

    for client in (Client(), logged_in(MemberFactory())):
        page = client.get(network.url).content.decode()
        assert "Toegang tot gezondheidszorg" in page
        assert t("This meeting led to a product for the members of the network.") in page
        assert "Een checklist voor de aanvraag" not in page
        assert document_url not in page

    page = logged_in(member).get(network.url).content.decode()
    assert "Een checklist voor de aanvraag" in page and document_url in page


def test_a_members_only_document_is_served_to_members_only(network, held_meeting, editor):
    member = member_of(network)
    url = held_meeting.product_document.url

    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    assert logged_in(MemberFactory()).get(url).status_code == 403
    served = logged_in(member).get(url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == b"Stappen voor een aanvraag"
    assert logged_in(editor).get(url).status_code == 200


def test_a_public_product_is_shown_to_everyone(network, held_meeting):
    held_meeting.product_visibility = ProductVisibility.PUBLIC
    held_meeting.save_revision().publish()

    page = Client().get(network.url).content.decode()

    assert "Een checklist voor de aanvraag" in page
    assert Client().get(held_meeting.product_document.url).status_code == 200


def test_a_published_members_only_document_leaves_its_guessable_address(
    network, held_meeting, commit
):
    document = held_meeting.product_document
    guessable = document.file.name
    storage = document.file.storage

    with commit():
        held_meeting.save_revision().publish()

    document.refresh_from_db()
    assert document.file.name != guessable
    assert document.file.name.startswith("documents/members/")
    assert not storage.exists(guessable)
    assert Client().get(settings.MEDIA_URL + guessable).status_code == 404
    served = logged_in(member_of(network)).get(document.url)
    assert b"".join(served.streaming_content) == b"Stappen voor een aanvraag"
    assert Client().get(document.url).status_code == 302


def test_the_dashboard_announces_a_request_to_join_and_leads_to_it(network, editor):
    network.members_need_approval = True
    network.save_revision().publish()
    services.join(network=network, user=MemberFactory(), share_details=True)
    client = logged_in(editor)

    with translation.override("nl"):
        announced = translation.ngettext(
            '<a href="%(members_url)s">%(counter)s member</a> asks to join %(title)s.',
            '<a href="%(members_url)s">%(counter)s members</a> ask to join %(title)s.',
            1,
        ) % {
            "members_url": reverse("network_group_members", args=[network.pk]),
            "counter": 1,
            "title": network.title,
        }
    assert announced in client.get("/admin/").content.decode()
    members = client.get(reverse("network_group_members", args=[network.pk]))
    assert members.status_code == 200
