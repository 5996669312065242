"""Editors manage the offer in the Wagtail admin: pages only where they
belong, sessions inline, and bad dates refused with a clear message."""

import pytest
from django.utils import translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.models import ContentPage, HomePage
from tests.factories.offer import make_trajectory
from trajecten.models import (
    ConferencePage,
    EditionPage,
    G50TrackPage,
    LearningNetworkPage,
    MeetingPage,
    ModulePage,
    OfferIndexPage,
    Session,
    TrainingPage,
    TrajectoryPage,
    WorkstreamPage,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("page_type", "allowed_parents"),
    [
        (OfferIndexPage, {HomePage}),
        (TrainingPage, {OfferIndexPage}),
        (TrajectoryPage, {OfferIndexPage}),
        (EditionPage, {TrajectoryPage}),
        (ModulePage, {EditionPage}),
        (LearningNetworkPage, {OfferIndexPage}),
        (MeetingPage, {LearningNetworkPage}),
        (G50TrackPage, {HomePage}),
        (WorkstreamPage, {G50TrackPage}),
        (ConferencePage, {OfferIndexPage, G50TrackPage}),
    ],
)
def test_each_page_type_is_created_only_where_it_belongs(page_type, allowed_parents):
    assert set(page_type.allowed_parent_page_models()) == allowed_parents
    assert ContentPage not in page_type.allowed_parent_page_models()


def dutch(message):
    """The Dutch wording of an interface message (the demo editor's admin is in Dutch)."""
    with translation.override("nl"):
        text = translation.gettext(message)
    assert text != message, f"{message!r} has no Dutch translation"
    return text


def session_row(**fields):
    row = {
        "starts_at": "2027-03-26 09:30",
        "ends_at": "2027-03-26 12:30",
        "reception_time": "09:00",
        "format": "physical",
        "capacity": "15",
        "status": "scheduled",
        "venue_name": "OCMW Brugge",
        "address": "Hoogstraat 9",
        "postal_code": "8000",
        "town": "Brugge",
        "province": "west_flanders",
        "online_link": "",
        "status_note_nl": "",
        "status_note_fr": "",
    }
    row.update(fields)
    return row


def training_form(sessions, questions=None):
    return nested_form_data(
        {
            "title": "Basisopleiding",
            "slug": "basisopleiding",
            "intro": "Een halve dag over migratie.",
            "learning_outcomes": rich_text("<p>Drie fases van een vluchtproces.</p>"),
            "audience": rich_text(""),
            "guidance": "Solentra vzw",
            "max_participants": "15",
            "programme": streamfield([]),
            "body": streamfield([]),
            "price": "45",
            "price_with_lunch": "50",
            "invoice_grouping": "per_registration",
            "payment_terms": rich_text(""),
            "cancellation_terms": rich_text(""),
            "contact_name": "",
            "contact_email": "",
            "contact_phone": "",
            "sessions": inline_formset(sessions),
            "related_pages": inline_formset([]),
            "evaluation_questions": inline_formset(questions or []),
            "comments": inline_formset([]),
        }
    )


def test_editor_adds_a_training_with_its_sessions(client, editor, offer_index):
    index, _ = offer_index
    client.force_login(editor)

    response = client.post(
        f"/admin/pages/add/trajecten/trainingpage/{index.pk}/",
        {
            **training_form([session_row(), session_row(town="Gent", postal_code="9000")]),
            "action-publish": "1",
        },
    )

    assert response.status_code == 302
    training = TrainingPage.objects.get(slug="basisopleiding")
    assert training.live
    assert sorted(s.town for s in training.sessions.all()) == ["Brugge", "Gent"]


def test_editor_sets_the_evaluation_questions_of_a_training(client, editor, offer_index):
    index, _ = offer_index
    client.force_login(editor)
    questions = [
        {"text": "Was de lesgever duidelijk?", "kind": "scale", "required": "on"},
        {"text": "Welk thema mist nog?", "kind": "text"},
    ]

    response = client.post(
        f"/admin/pages/add/trajecten/trainingpage/{index.pk}/",
        {**training_form([session_row()], questions), "action-publish": "1"},
    )

    assert response.status_code == 302
    training = TrainingPage.objects.get(slug="basisopleiding")
    assert [(q.text, q.kind, q.required) for q in training.evaluation_questions.all()] == [
        ("Was de lesgever duidelijk?", "scale", True),
        ("Welk thema mist nog?", "text", False),
    ]
    assert {q.locale.language_code for q in training.evaluation_questions.all()} == {"nl"}


def test_a_session_that_ends_before_it_starts_is_refused_with_a_clear_message(
    client, editor, offer_index
):
    index, _ = offer_index
    client.force_login(editor)

    response = client.post(
        f"/admin/pages/add/trajecten/trainingpage/{index.pk}/",
        training_form([session_row(ends_at="2027-03-26 08:00")]),
    )

    assert response.status_code == 200
    assert dutch("A session ends after it starts.") in response.content.decode()
    assert not TrainingPage.objects.exists()
    assert not Session.objects.exists()


def test_an_online_session_needs_its_link(client, editor, offer_index):
    index, _ = offer_index
    client.force_login(editor)

    response = client.post(
        f"/admin/pages/add/trajecten/trainingpage/{index.pk}/",
        training_form([session_row(format="online", online_link="")]),
    )

    assert response.status_code == 200
    assert dutch("Give the link of an online session.") in response.content.decode()
    assert not TrainingPage.objects.exists()


def test_an_edition_whose_registration_closes_before_it_opens_is_refused(
    client, editor, offer_index
):
    index, _ = offer_index
    trajectory, _ = make_trajectory(index, modules=1)
    client.force_login(editor)

    response = client.post(
        f"/admin/pages/add/trajecten/editionpage/{trajectory.pk}/",
        nested_form_data(
            {
                "title": "Editie 2028-2029",
                "slug": "editie-2028",
                "intro": "",
                "registration_opens": "2027-11-30 09:00",
                "registration_closes": "2027-11-01 23:59",
                "price": "225",
                "capacity": "20",
                "partners": "",
                "comments": inline_formset([]),
            }
        ),
    )

    assert response.status_code == 200
    assert dutch("Registration closes after it opens.") in response.content.decode()
    assert not EditionPage.objects.filter(slug="editie-2028").exists()


def test_editor_opens_the_editor_of_every_offer_page_type(client, editor, offer_index):
    from tests.factories.offer import make_network, make_training

    index, _ = offer_index
    trajectory, edition = make_trajectory(index, modules=1)
    network, meeting = make_network(index)
    training = make_training(index)
    client.force_login(editor)

    for page in [
        index,
        training,
        trajectory,
        edition,
        edition.get_children().first(),
        network,
        meeting,
    ]:
        assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200, page


def test_a_session_with_registrations_cannot_be_deleted_in_the_editor(client, editor, offer_index):
    from tests.factories.accounts import MemberFactory
    from tests.factories.offer import make_training
    from trajecten import registrations

    index, _ = offer_index
    training = make_training(index, sessions=1)
    session = training.sessions.first()
    registrations.register_for_session(
        user=MemberFactory(),
        session=session,
        invoice=registrations.InvoiceDetails(organisation="O", address="A"),
    )
    client.force_login(editor)
    row = session_row(starts_at="2027-03-26 09:30", ends_at="2027-03-26 12:30")
    data = training_form([{**row, "id": str(session.pk), "DELETE": "1"}])
    data.update({"slug": training.slug, "sessions-INITIAL_FORMS": "1", "action-publish": "1"})

    response = client.post(f"/admin/pages/{training.pk}/edit/", data)

    assert response.status_code == 200
    assert (
        dutch(
            "A session with registrations cannot be deleted. Set its status to cancelled instead: "
            "the participants keep their history."
        )
        in response.content.decode()
    )
    assert Session.objects.filter(pk=session.pk).exists()
