"""Unknown or malformed input on every public form and URL (very long
strings, control characters, any unicode, numbers, lists, missing and
unknown fields) never produces a 500, and an invalid form writes nothing."""

import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from wagtail.contrib.forms.models import FormSubmission

from portal.accounts.models import User
from tests.security.conftest import PDF
from trajecten.models import (
    AssignmentFile,
    AssignmentVersion,
    CallFormField,
    CallFormPage,
    G50TrackPage,
    Registration,
    WorkstreamPage,
)
from verhalen.models import StoryPage

pytestmark = pytest.mark.django_db

# Modest and reproducible: no example database is written into the repository.
fuzz = settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

ODD_VALUES = [
    "",
    " ",
    "0",
    "-1",
    "1e309",
    "NaN",
    "99999999999999999999",
    "9" * 5000,
    "null",
    "[]",
    "{}",
    "on",
    "../../etc/passwd",
    "%00",
    "\x00",
    "\r\n\r\n",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    '"unbalanced',
    "a AND (b OR",
    "*",
    "NEAR(",
    "\u202e\u200b\ufeff",
]
control_text = st.text(st.characters(max_codepoint=0x1F), max_size=20)
# Any unicode that can travel in UTF-8 (surrogates cannot).
any_text = st.text(st.characters(codec="utf-8"), max_size=60)
long_text = st.builds(
    lambda piece, times: piece * times,
    st.sampled_from(["x", "é", "\x00", "<", "%", "ü ", "ocmw "]),
    st.integers(1_000, 20_000),
)
numbers = st.one_of(st.integers(), st.floats()).map(str)
value = st.one_of(any_text, control_text, long_text, numbers, st.sampled_from(ODD_VALUES))
# One value, or the field sent several times (a list).
values = st.one_of(value, st.lists(value, min_size=2, max_size=4))


def form_data(fields):
    """Some of `fields` (others missing) with odd values, and unknown fields."""
    return st.dictionaries(
        st.one_of(st.sampled_from(fields), any_text.filter(bool)), values, max_size=len(fields) + 2
    )


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def assert_handled(response, what):
    assert response.status_code < 500, what


def private_files():
    location = Path(AssignmentFile._meta.get_field("file").storage.location)
    return {path for path in location.rglob("*") if path.is_file()} if location.exists() else set()


@pytest.fixture
def call_page(home_pages):
    home, _ = home_pages
    track = home.add_child(instance=G50TrackPage(title="G50", slug="g50"))
    lab = track.add_child(instance=WorkstreamPage(title="Innovatielab", slug="innovatielab"))
    page = lab.add_child(
        instance=CallFormPage(
            title="Leg ons een probleem voor",
            slug="probleem",
            to_address="g50@example.org",
            subject="Nieuw probleem",
        )
    )
    for order, (label, field_type, choices) in enumerate(
        [
            ("Je naam", "singleline", ""),
            ("Je e-mailadres", "email", ""),
            ("Het probleem", "multiline", ""),
            ("Hoe dringend", "dropdown", "Dringend\nKan wachten"),
            ("Aantal betrokkenen", "number", ""),
            ("Sinds wanneer", "date", ""),
            ("Bevestiging", "checkbox", ""),
        ]
    ):
        CallFormField.objects.create(
            page=page,
            locale=page.locale,
            sort_order=order,
            label=label,
            field_type=field_type,
            required=order < 3,
            choices=choices,
        )
    return page


# Search ----------------------------------------------------------------------------------


@example(params={"q": "0", "kind": "\x00"})
@fuzz
@given(params=form_data(["q", "both", "sort", "page", "kind", "language", "themes", "provinces"]))
def test_the_search_page_takes_any_query(client, world, params):
    for path in ["/nl/zoeken/", "/fr/recherche/"]:
        assert_handled(client.get(path, params), params)


@example(params={"q": "ab\x00cd"})
@fuzz
@given(params=form_data(["q"]))
def test_the_suggestions_take_any_prefix(client, world, params):
    response = client.get("/nl/zoeken/suggesties/", params)

    assert_handled(response, params)
    assert response.status_code == 200 and "suggestions" in response.json()


# The catalogue, the stories and their feeds ----------------------------------------------


@fuzz
@given(
    params=form_data(["kind", "province", "format", "theme", "principle", "free", "when", "page"])
)
def test_the_catalogue_filters_take_anything(client, offer_index, world, params):
    index, index_fr = offer_index
    for page in (index, index_fr):
        response = client.get(page.url, params)
        assert response.status_code == 200, params


@fuzz
@given(params=form_data(["theme", "principle", "workstream", "lang", "page"]))
def test_the_story_filters_and_feeds_take_anything(client, world, params):
    index = world.story_index
    for path in [index.url, f"{index.url}feed/rss/", f"{index.url}feed/atom/"]:
        response = client.get(path, params)
        assert response.status_code == 200, (path, params)


@fuzz
@given(
    tail=st.one_of(
        st.uuids().map(str),
        any_text,
        control_text,
        st.sampled_from(["0", "-1", "..", "%2e%2e", "x" * 3000]),
    )
)
def test_unknown_calendar_and_page_addresses_are_not_found(client, offer_index, world, tail):
    index, _ = offer_index
    training, edition = world.training, world.edition
    segment = quote(tail, safe="")
    paths = [
        f"{training.url}ical/{segment}/",
        f"{edition.url}ical/{segment}/",
        f"{index.url}ical/{segment}/",
        f"{world.story_index.url}feed/{segment}/",
        f"/nl/{segment}/",
        f"/fr/{segment}/",
        f"/nl/inschrijven/sessie/{segment}/",
        f"/nl/mijn-account/inschrijvingen/{segment}/",
    ]

    for path in paths:
        response = client.get(path)
        assert_handled(response, path)
        assert response.status_code in (301, 302, 404), path


@fuzz
@given(uid=st.uuids())
def test_a_random_session_in_a_calendar_is_not_found(client, world, uid):
    assert client.get(f"{world.training.url}ical/{uid}/").status_code == 404
    assert client.get(f"/nl/inschrijven/sessie/{uid}/").status_code in (302, 404)


# Accounts --------------------------------------------------------------------------------


@fuzz
@given(data=form_data(["email", "password1", "password2", "first_name", "last_name"]))
def test_sign_up_takes_anything_and_creates_no_account_from_a_bad_form(client, world, data):
    cache.clear()  # past allauth's rate limit, to the form every time
    before = User.objects.count()

    response = client.post("/nl/accounts/signup/", data)

    assert_handled(response, data)
    if response.status_code != 302:
        assert User.objects.count() == before


@fuzz
@given(data=form_data(["login", "password", "remember"]))
def test_log_in_takes_anything_and_lets_nobody_in(world, data):
    cache.clear()
    client = Client()
    response = client.post("/fr/accounts/login/", data)

    assert_handled(response, data)
    assert "_auth_user_id" not in client.session


@fuzz
@given(data=form_data(["email"]))
def test_password_reset_takes_anything(client, world, data, mailoutbox):
    cache.clear()

    response = client.post("/nl/accounts/password/reset/", data)

    assert_handled(response, data)
    assert mailoutbox == []


@fuzz
@given(
    data=form_data(
        ["first_name", "last_name", "organisation_name", "organisation_kind", "municipality"]
        + ["job_title", "phone", "preferred_language", "is_ocmw_employee"]
    )
)
def test_the_profile_form_takes_anything(world, data):
    client = logged_in(world.member_b)

    assert_handled(client.post("/nl/mijn-account/profiel/", data), data)


# Registrations and assignments -------------------------------------------------------------


@fuzz
@given(
    data=form_data(
        ["with_lunch", "billing_organisation", "billing_address", "billing_reference"]
        + ["vat_number", "dietary_needs", "motivation", "tie_to_ocmw"]
    )
)
def test_the_registration_form_takes_anything_and_writes_nothing_when_invalid(world, data):
    client = logged_in(world.member_b)
    before = Registration.objects.count()

    response = client.post(f"/nl/inschrijven/sessie/{world.session.uid}/", data)

    assert_handled(response, data)
    if response.status_code == 200:
        assert Registration.objects.count() == before
    else:
        assert Registration.objects.filter(user=world.member_b).count() == 1


@fuzz
@given(data=form_data(["email"]))
def test_handing_over_a_seat_takes_anything(world, data):
    client = logged_in(world.member_a)

    response = client.post(
        f"/nl/mijn-account/inschrijvingen/{world.registration.pk}/doorgeven/", data
    )

    assert_handled(response, data)


@fuzz
@given(
    data=form_data(["title", "summary", "publish_summary"]),
    files=st.lists(
        st.tuples(
            st.one_of(
                any_text,
                control_text,
                st.sampled_from(["nota.pdf", "x.PDF", ".pdf", "a.docx", "b.png", "c.exe"]),
                st.text(max_size=20).map(lambda name: f"{name}.pdf"),
            ),
            st.one_of(
                st.binary(max_size=2048),
                st.just(PDF),
                st.binary(max_size=64).map(lambda tail: b"PK\x03\x04" + tail),
                st.binary(max_size=64).map(lambda tail: b"%PDF-" + tail),
            ),
        ),
        max_size=3,
    ),
)
def test_an_assignment_upload_takes_any_bytes_and_names(world, data, files):
    client = logged_in(world.member_a)
    path = f"/nl/mijn-account/inschrijvingen/{world.edition_registration.pk}/eindopdracht/"
    versions, stored = AssignmentVersion.objects.count(), private_files()
    # A name with a path, or without any character, is not a file a browser sends.
    uploads = [
        SimpleUploadedFile(name.replace("/", "_") or "_", content) for name, content in files
    ]

    response = client.post(path, {**data, "files": uploads})

    assert_handled(response, (data, files))
    if response.status_code == 200:
        assert AssignmentVersion.objects.count() == versions
        assert private_files() == stored


# Stories and the G50 calls -----------------------------------------------------------------


@fuzz
@given(
    data=form_data(
        ["title", "teaser", "text", "themes", "principles", "anonymous", "province", "consent"]
    ),
    image=st.one_of(st.none(), st.binary(max_size=512)),
)
@example(data={"themes": ["1", "99999999999999999999"], "consent": "on"}, image=None)
def test_the_story_form_takes_anything_and_writes_nothing_when_invalid(world, data, image):
    client = logged_in(world.member_b)
    before = StoryPage.objects.count()
    if image is not None:
        data = {**data, "image": SimpleUploadedFile("foto.jpg", image)}

    response = client.post("/nl/mijn-account/verhalen/nieuw/", data)

    assert_handled(response, data)
    if response.status_code == 200:
        assert StoryPage.objects.count() == before


@fuzz
@given(
    data=form_data(
        ["je_naam", "je_e_mailadres", "het_probleem", "hoe_dringend"]
        + ["aantal_betrokkenen", "sinds_wanneer", "bevestiging", "website"]
    )
)
def test_the_call_form_takes_anything(client, call_page, data):
    cache.clear()  # past the rate limit, to the form every time
    before = FormSubmission.objects.count()

    response = client.post(call_page.url, data)

    assert_handled(response, data)
    kept = FormSubmission.objects.count() - before
    assert kept in (0, 1)
    if data.get("website"):
        assert kept == 0  # the honeypot


def test_the_call_form_limits_a_connection_without_errors(client, call_page):
    answers = {"je_naam": "Els", "je_e_mailadres": "els@example.org", "het_probleem": "Een attest"}

    statuses = [client.post(call_page.url, answers).status_code for _ in range(7)]

    assert statuses[:5] == [200] * 5 and statuses[5:] == [429, 429]
    assert FormSubmission.objects.count() == 5


def test_the_registration_form_of_a_random_session_or_edition_is_not_found(world):
    client = logged_in(world.member_b)

    assert client.get(f"/nl/inschrijven/sessie/{uuid.uuid4()}/").status_code == 404
    assert client.post(f"/nl/inschrijven/editie/{10**12}/", {}).status_code == 404
