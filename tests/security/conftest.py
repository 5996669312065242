"""Member A's private world, built through the real services: registrations,
a handed-in assignment with a file, an invitation to a colleague and a story
in moderation, each carrying a marker that must never reach anyone else; a
page and a document for editors only; editors logged in with the second factor."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from tests.factories.accounts import PASSWORD, MemberFactory, UserFactory, authenticator_app
from tests.factories.invoices import invoicing_seller
from tests.factories.offer import make_training, make_trajectory
from tests.factories.pages import make_content_page, translate_page
from tests.factories.stories import make_story_index
from trajecten import registrations
from trajecten.assignments.services import hand_in
from trajecten.invoicing import services as invoicing
from trajecten.models import AssignmentFile
from trajecten.registrations import InvoiceDetails
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
    invoice: object


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
    registration = registrations.register_for_session(
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
    edition_registration = registrations.register_for_edition(
        user=member_a,
        edition=edition,
        invoice=InvoiceDetails(organisation=f"OCMW {MARK}", address=f"Kerkstraat 1 {MARK}"),
    )
    hand_in(
        registration=edition_registration,
        title=f"Beleidsnota {MARK}",
        summary=f"Samenvatting {MARK}",
        publish_summary=False,
        files=[SimpleUploadedFile("nota.pdf", PDF)],
    )
    substitution = registrations.invite_substitute(
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
    # The invoice of member A's seat in the edition (its PDF is theirs to open).
    invoicing_seller()
    invoice = invoicing.invoice_registrations(
        registrations=[edition_registration], today=timezone.localdate()
    )
    return World(
        invoice=invoice,
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


def logged_in_with_second_factor(user):
    """A browser in which `user` logged in as allauth has an editor do it: the
    password, then a code from their authenticator app (set up for them here)."""
    code = authenticator_app(user)
    client = Client()
    with translation.override("nl"):
        login, second_step = reverse("account_login"), reverse("mfa_authenticate")
    asked = client.post(login, {"login": user.email, "password": PASSWORD})
    assert asked["Location"] == second_step
    client.post(second_step, {"code": code()})
    assert client.session["_auth_user_id"] == str(user.pk)
    return client


@dataclass
class EditorsOnly:
    page: object
    document: object
    group: object


@pytest.fixture
def editors_only(home_pages):
    """A page and a document restricted to the Editors group, carrying the marker."""
    home, _home_fr = home_pages
    group = Group.objects.get(name="Editors")
    page = make_content_page(
        home, title=f"Intern {MARK}", slug="intern", intro=f"Intern {MARK}", show_in_menus=False
    )
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    ).groups.add(group)
    collection = Collection.get_first_root_node().add_child(name="Redactie")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    ).groups.add(group)
    document = get_document_model().objects.create(
        title="Redactienota", collection=collection, file=ContentFile(PDF, "redactie.pdf")
    )
    return EditorsOnly(page=page, document=document, group=group)
