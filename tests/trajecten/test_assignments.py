"""Final assignments: participants hand in and replace versions until the
deadline; files are checked by content and served only to their owner and
editors; editors give feedback, extensions and presentation slots."""

import io
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import hostile_files
from tests.factories.accounts import MemberFactory
from tests.factories.offer import make_trajectory
from trajecten import registrations
from trajecten.assignments.services import assign_slot, grant_extension, review
from trajecten.assignments.uploads import check_upload
from trajecten.models import AssignmentFile, AssignmentStatus, AssignmentVersion
from trajecten.registrations import InvoiceDetails

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120


def docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def message(text, **values):
    with translation.override("nl"):
        return translation.gettext(text) % values if values else translation.gettext(text)


@pytest.fixture
def private_files():
    """The folder of the private storage, and what it held before the test."""
    location = Path(AssignmentFile._meta.get_field("file").storage.location)
    location.mkdir(parents=True, exist_ok=True)
    before = {path for path in location.rglob("*") if path.is_file()}
    return location, before


def new_files(private_files):
    location, before = private_files
    return {path for path in location.rglob("*") if path.is_file()} - before


@pytest.fixture
def participant(offer_index):
    index, _ = offer_index
    _trajectory, edition = make_trajectory(index, modules=2)
    edition.assignment_brief = "<p>Een beleidsnota van twee bladzijden.</p>"
    edition.assignment_deadline = timezone.now() + timedelta(days=10)
    edition.save()
    member = MemberFactory()
    registration = registrations.register_for_edition(
        user=member,
        edition=edition,
        invoice=InvoiceDetails(organisation="OCMW Gent", address="Gent"),
    )
    return member, registration


def hand_in(client, registration, *files, title="Integratiebeleid in Aalst", publish=True):
    data = {
        "title": title,
        "summary": "Hoe we een transversaal beleid opzetten.",
        "files": list(files),
    }
    if publish:
        data["publish_summary"] = "on"
    return client.post(f"/nl/mijn-account/inschrijvingen/{registration.pk}/eindopdracht/", data)


def test_participant_hands_in_and_replaces_keeping_every_version(
    client, participant, private_files
):
    member, registration = participant
    client.force_login(member)

    page = client.get(
        f"/nl/mijn-account/inschrijvingen/{registration.pk}/eindopdracht/"
    ).content.decode()
    assert "Een beleidsnota van twee bladzijden." in page
    assert message("Not handed in") in page
    hand_in(
        client,
        registration,
        SimpleUploadedFile("nota.pdf", PDF),
        SimpleUploadedFile("schema.png", PNG),
    )
    hand_in(client, registration, SimpleUploadedFile("nota v2.docx", docx()), title="Tweede versie")

    versions = list(
        AssignmentVersion.objects.filter(assignment__registration=registration).order_by("number")
    )
    assert [v.title for v in versions] == ["Integratiebeleid in Aalst", "Tweede versie"]
    assert sorted(f.original_name for f in versions[0].files.all()) == ["nota.pdf", "schema.png"]
    stored = [f.file.name for f in AssignmentFile.objects.all()]
    location, _before = private_files
    assert all("nota" not in name and "schema" not in name for name in stored)  # random names
    assert {location / name for name in stored} == new_files(private_files)
    assert not location.resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    page = client.get(
        f"/nl/mijn-account/inschrijvingen/{registration.pk}/eindopdracht/"
    ).content.decode()
    assert "Tweede versie" in page and "Integratiebeleid in Aalst" in page
    assert message("Handed in") in page


@pytest.mark.parametrize(
    ("name", "content", "text"),
    [
        ("leeg.pdf", b"", "is empty"),
        ("virus.pdf", EXE, "is not really a .%(extension)s file."),
        ("nota.pdf", PNG, "is not really a .%(extension)s file."),
        ("script.exe", EXE, "is not an allowed kind of file"),
        ("nota.docx", b"PK\x03\x04 not a real archive", "is not really a .%(extension)s file."),
        ("nota.odt", hostile_files.zip_bomb_bytes(), "would unpack to far more"),
        ("nota.docx", hostile_files.docx_with_many_entries(20_000), "parts, far more"),
        ("nota.pdf", hostile_files.pdf_with_html_in_header(), "web page code (HTML)"),
        ("nota.pdf", hostile_files.pdf_with_launch(), "start other programs"),
    ],
    # Named, not shown: the archives carry their time of making, and pytest-xdist
    # needs the same test names in every process.
    ids=[
        "empty",
        "program-as-pdf",
        "picture-as-pdf",
        "program",
        "broken-archive",
        "zip-bomb",
        "too-many-parts",
        "pdf-with-html",
        "pdf-launching-a-program",
    ],
)
def test_a_bad_file_is_refused_with_a_message_and_nothing_is_stored(
    client, participant, private_files, name, content, text
):
    member, registration = participant
    client.force_login(member)

    response = hand_in(
        client, registration, SimpleUploadedFile("goed.pdf", PDF), SimpleUploadedFile(name, content)
    )

    html = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 200
    assert 'id="id_files_error"' in html
    assert not AssignmentVersion.objects.exists()
    assert new_files(private_files) == set()


def test_a_file_over_the_limit_is_refused(client, participant, private_files, settings):
    settings.ASSIGNMENT_MAX_UPLOAD_BYTES = 1024
    member, registration = participant
    client.force_login(member)

    response = hand_in(client, registration, SimpleUploadedFile("groot.pdf", PDF + b"0" * 2048))

    assert 'id="id_files_error"' in response.content.decode()
    assert not AssignmentVersion.objects.exists()


def test_a_name_with_path_parts_is_refused():
    class Upload(io.BytesIO):
        name = "../../x.pdf"
        size = len(PDF)

    with pytest.raises(Exception) as refused:
        check_upload(Upload(PDF))

    assert "../../x.pdf" in str(refused.value)


def test_a_path_in_an_uploaded_name_never_leaves_the_private_folder(
    client, participant, private_files
):
    # Django strips path parts from uploaded names before any code sees them;
    # the file is stored under a random name in the private folder anyway.
    member, registration = participant
    client.force_login(member)

    hand_in(client, registration, SimpleUploadedFile("../../x.pdf", PDF))

    stored = AssignmentFile.objects.get()
    location, _before = private_files
    assert stored.original_name == "x.pdf"
    assert new_files(private_files) == {location / stored.file.name}


def test_after_the_deadline_the_form_is_closed_unless_an_extension_is_granted(
    client, editor, participant
):
    member, registration = participant
    registration.edition.assignment_deadline = timezone.now() - timedelta(hours=1)
    registration.edition.save()
    client.force_login(member)

    closed = hand_in(client, registration, SimpleUploadedFile("nota.pdf", PDF))
    grant_extension(registration=registration, by=editor, until=timezone.now() + timedelta(days=2))
    reopened = hand_in(client, registration, SimpleUploadedFile("nota.pdf", PDF))

    assert (
        message("The deadline has passed: ask the organisers for an extension.")
        in closed.content.decode()
    )
    assert reopened.status_code == 302
    assert AssignmentVersion.objects.count() == 1


def test_only_confirmed_participants_hand_in(client, participant):
    member, registration = participant
    registrations.cancel(registration=registration, by=member, confirm_late=True)
    client.force_login(member)

    hand_in(client, registration, SimpleUploadedFile("nota.pdf", PDF))

    assert not AssignmentVersion.objects.exists()


def test_files_and_feedback_are_private(client, editor, participant):
    member, registration = participant
    owner = Client()
    owner.force_login(member)
    hand_in(owner, registration, SimpleUploadedFile("nota.pdf", PDF))
    review(
        registration=registration,
        by=editor,
        status=AssignmentStatus.REVISION,
        feedback="Werk het budget uit.",
    )
    item = AssignmentFile.objects.get()
    with translation.override("nl"):
        file_url = reverse("assignment_file", kwargs={"key": item.key})
    client.force_login(MemberFactory())

    assert client.get(file_url).status_code == 404
    assert (
        client.get(f"/nl/mijn-account/inschrijvingen/{registration.pk}/eindopdracht/").status_code
        == 404
    )
    assert Client().get(file_url).status_code == 302
    download = owner.get(file_url)
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="nota.pdf"'
    assert b"".join(download.streaming_content) == PDF
    editor_client = Client()
    editor_client.force_login(editor)
    assert editor_client.get(file_url).status_code == 200
    page = owner.get(
        f"/nl/mijn-account/inschrijvingen/{registration.pk}/eindopdracht/"
    ).content.decode()
    assert "Werk het budget uit." in page and message("Revision asked") in page


def test_editor_reviews_from_the_edition_page_and_the_participant_is_mailed(
    client, editor, participant, django_capture_on_commit_callbacks
):
    member, registration = participant
    owner = Client()
    owner.force_login(member)
    hand_in(owner, registration, SimpleUploadedFile("nota.pdf", PDF))
    other = registrations.register_for_edition(
        user=MemberFactory(last_name="Zeeman"),
        edition=registration.edition,
        invoice=InvoiceDetails(organisation="O", address="A"),
    )
    client.force_login(editor)

    listing = client.get(f"/admin/assignments/{registration.edition.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/admin/assignments/{registration.edition.pk}/",
            {
                "registration": registration.pk,
                "action": "review",
                "status": "accepted",
                "feedback": "Sterk werk.",
            },
        )

    assert (
        member.get_full_name() in listing and other.user.get_full_name() in listing
    )  # also who did not hand in
    assert "Sterk werk." in mail.outbox[-1].body
    zipped = client.get(f"/admin/assignments/{registration.edition.pk}/zip/")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(zipped.streaming_content)))
    assert [Path(name).name for name in archive.namelist()] == ["nota.pdf"]


def test_return_day_shows_the_programme_of_presentations(client, editor, participant):
    member, registration = participant
    owner = Client()
    owner.force_login(member)
    hand_in(owner, registration, SimpleUploadedFile("nota.pdf", PDF), title="Taalbeleid in Gent")
    shy = MemberFactory(first_name="Bram", last_name="Verstegen")
    shy_registration = registrations.register_for_edition(
        user=shy,
        edition=registration.edition,
        invoice=InvoiceDetails(organisation="O", address="A"),
    )
    shy_client = Client()
    shy_client.force_login(shy)
    hand_in(
        shy_client,
        shy_registration,
        SimpleUploadedFile("nota.pdf", PDF),
        title="Geheim plan",
        publish=False,
    )
    slot = timezone.now() + timedelta(days=60)
    assign_slot(registration=registration, by=editor, starts_at=slot, place="Zaal 1")
    return_day = (
        registration.edition.get_children()
        .specific()
        .filter(modulepage__is_return_day=True)
        .first()
    )

    html = client.get(return_day.url).content.decode()

    assert member.get_full_name() in html and "Taalbeleid in Gent" in html and "Zaal 1" in html
    # Who did not allow publication is not named either.
    assert "Bram Verstegen" not in html and "Geheim plan" not in html
    registrations.cancel(registration=registration, by=member, confirm_late=True)
    html = client.get(return_day.url).content.decode()
    assert member.get_full_name() not in html
    assert AssignmentVersion.objects.filter(assignment__registration=registration).exists()


def test_the_return_day_names_a_participant_only_if_their_latest_version_allows_it(
    client, editor, participant
):
    member, registration = participant
    owner = Client()
    owner.force_login(member)
    assign_slot(
        registration=registration,
        by=editor,
        starts_at=timezone.now() + timedelta(days=60),
        place="Zaal 2",
    )
    return_day = (
        registration.edition.get_children()
        .specific()
        .filter(modulepage__is_return_day=True)
        .first()
    )
    hand_in(owner, registration, SimpleUploadedFile("v1.pdf", PDF), title="Eerste versie")
    allowed = client.get(return_day.url).content.decode()

    hand_in(
        owner, registration, SimpleUploadedFile("v2.pdf", PDF), title="Tweede versie", publish=False
    )
    withdrawn = client.get(return_day.url).content.decode()

    assert member.get_full_name() in allowed and "Eerste versie" in allowed
    assert member.get_full_name() not in withdrawn
    assert "Eerste versie" not in withdrawn and "Tweede versie" not in withdrawn
    assert "Zaal 2" not in withdrawn
