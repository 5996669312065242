"""Member A's private world, built through the real services: registrations,
a handed-in assignment with a file, an invitation to a colleague and a story
in moderation, each carrying a marker that must never reach anyone else."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.factories.accounts import MemberFactory, UserFactory
from tests.factories.offer import make_training, make_trajectory
from tests.factories.pages import translate_page
from tests.factories.stories import make_story_index
from trajecten import services
from trajecten.models import AssignmentFile
from trajecten.services import InvoiceDetails
from verhalen import services as story_services

# Every piece of member A's data contains this; nobody else may ever see it.
MARK = "zq9x"
PDF = b"%PDF-1.4\n% " + MARK.encode() + b" nota\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@dataclass
class World:
    member_a: object
    member_b: object
    group_editor: object
    staff_without_rights: object
    admin_without_rights: object
    session: object
    training: object
    edition: object
    registration: object
    edition_registration: object
    assignment_file: object
    substitution: object
    story: object
    story_index: object


def editor_in_group(name="Editors", **fields):
    """A staff member of one of Wagtail's groups, not a superuser."""
    user = UserFactory(is_staff=True, **fields)
    user.groups.add(Group.objects.get(name=name))
    return user


def admin_access_only():
    """Someone who may open the Wagtail admin and nothing in it."""
    group = Group.objects.create(name="Admin access only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = UserFactory(is_staff=True)
    user.groups.add(group)
    return user


@pytest.fixture
def world(offer_index, home_pages):
    index, _ = offer_index
    home, _home_fr = home_pages
    training = make_training(index, sessions=1)
    _trajectory, edition = make_trajectory(index, modules=2)
    edition.assignment_deadline = timezone.now() + timedelta(days=10)
    edition.save()
    story_index = make_story_index(home)
    translate_page(story_index, "fr", title="Récits", slug="recits")

    member_a = MemberFactory(
        first_name=f"Annelies{MARK}", last_name=f"Verhoeven{MARK}", email=f"a-{MARK}@example.org"
    )
    member_b = MemberFactory(first_name="Bart", last_name="Peeters")
    session = training.get_sessions()[0]
    registration = services.register_for_session(
        user=member_a,
        session=session,
        with_lunch=True,
        invoice=InvoiceDetails(
            organisation=f"OCMW {MARK}",
            address=f"Kerkstraat 1 {MARK}",
            reference=f"PO-{MARK}",
            vat_number="BE0212345678",
        ),
        dietary_needs=f"glutenvrij {MARK}",
    )
    edition_registration = services.register_for_edition(
        user=member_a,
        edition=edition,
        invoice=InvoiceDetails(organisation=f"OCMW {MARK}", address=f"Kerkstraat 1 {MARK}"),
    )
    services.hand_in(
        registration=edition_registration,
        title=f"Beleidsnota {MARK}",
        summary=f"Samenvatting {MARK}",
        publish_summary=False,
        files=[SimpleUploadedFile("nota.pdf", PDF)],
    )
    substitution = services.invite_substitute(
        registration=registration, by=member_a, email=f"collega-{MARK}@example.org"
    )
    story, _revision = story_services.submit_story(
        user=member_a,
        draft=story_services.StoryDraft(
            title=f"Verhaal {MARK}",
            teaser=f"Teaser {MARK}",
            text=f"Tekst {MARK}",
            themes=[],
            principles=[],
            anonymous=False,
            province="",
        ),
        language="nl",
    )
    return World(
        member_a=member_a,
        member_b=member_b,
        group_editor=editor_in_group(first_name="Eva", last_name="Editor"),
        staff_without_rights=UserFactory(is_staff=True),
        admin_without_rights=admin_access_only(),
        session=session,
        training=training,
        edition=edition,
        registration=registration,
        edition_registration=edition_registration,
        assignment_file=AssignmentFile.objects.get(
            version__assignment__registration__user=member_a
        ),
        substitution=substitution,
        story=story,
        story_index=story_index,
    )
