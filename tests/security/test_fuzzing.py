"""Unknown or malformed input on every public form and URL (very long
strings, control characters, any unicode, numbers, lists, missing and
unknown fields) never produces a 500, and an invalid form writes nothing.
Hostile but valid input (values at and past the length a column keeps, the
longest e-mail addresses, titles and names in any script or without a
letter, page numbers past 64 bits where there are results, archive bombs
and polyglots) is kept whole or refused next to its field. The module runs
on the database of the run: SQLite, and PostgreSQL in CI."""

import functools
import struct
import uuid
import zlib
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
from tests.factories import hostile_files
from tests.factories.accounts import email_of_length
from tests.security.conftest import PDF
from trajecten.models import (
    AssignmentFile,
    AssignmentVersion,
    CallFormField,
    CallFormPage,
    G50TrackPage,
    Registration,
    Session,
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
        ["first_name", "last_name", "organisation_choice", "municipality", "job_title"]
        + ["phone", "preferred_language", "is_ocmw_employee", "new-name_nl", "new-kind"]
        + ["new-enterprise_number", "new-street", "new-postal_code", "new-town"]
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


# Hostile values that are valid input -------------------------------------------------------
#
# Text at and just past the length a column keeps, e-mail addresses up to the
# longest valid ones, titles and names in any script or without a letter,
# page numbers past 64 bits where there are results, and archive bombs. Each
# is either kept whole or refused next to its field: never cut, never a 500
# (PostgreSQL refuses what SQLite would have kept).

NON_LATIN = [
    "Привет, коллеги из ОЦМВ",
    "مرحبا بالعالم",
    "Καλημέρα σας",
    "ソーシャルワーク研修",
    "社会福祉の日",
    "🎉🙂👍",
    "👩‍👩‍👧‍👦",
    "?!…—",
    "!!!",
    "...",
    "«»",
    "¿¡",
    "- _ -",
    "١٢٣",
]
# Letters of a script, without unassigned, private, surrogate, control or format characters.
OMITTED = ("Cc", "Cf", "Cn", "Co", "Cs", "Zl", "Zp")
SCRIPTS = [(0x0400, 0x04FF), (0x0600, 0x06FF), (0x0370, 0x03FF), (0x3040, 0x30FF), (0x4E00, 0x9FFF)]
non_latin_text = st.one_of(
    st.sampled_from(NON_LATIN),
    *[
        st.text(
            st.characters(min_codepoint=low, max_codepoint=high, exclude_categories=OMITTED),
            min_size=1,
            max_size=40,
        )
        for low, high in SCRIPTS
    ],
    # Emoji, and punctuation or symbols alone.
    st.text(
        st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF, exclude_categories=OMITTED),
        min_size=1,
        max_size=10,
    ),
    st.text(st.characters(categories=("P", "S")), min_size=1, max_size=20),
).filter(lambda text: text.strip())

# One character repeated around a limit: ASCII, accented, Cyrillic, Japanese, an emoji.
WIDE = st.sampled_from(["x", "é", "ж", "日", "🙂"])


def near(limit, spread=5):
    """Text of `limit - spread` to `limit + spread` characters, no blanks at its ends."""
    return st.builds(
        lambda char, length: char * length, WIDE, st.integers(limit - spread, limit + spread)
    )


# Lengths of e-mail addresses around 254, the longest an account or an
# invitation keeps, up to 320. Each test makes the address with a name of its
# own (`unique_email`): an address already used by another example would be
# one with an account.
email_lengths = st.one_of(st.integers(240, 260), st.integers(240, 320))


def unique_email(length):
    return email_of_length(length, name=f"an{uuid.uuid4().hex[:10]}")


EMAIL_LIMIT = User._meta.get_field("email").max_length


def field_errors(response, *names, form="form"):
    errors = response.context[form].errors
    return [name for name in names if name in errors]


@fuzz
@given(
    length=email_lengths,
    first_name=st.one_of(near(150), non_latin_text),
    last_name=st.one_of(near(150), non_latin_text),
)
@example(length=254, first_name="x" * 150, last_name="Ωμέγα")
@example(length=255, first_name="日本", last_name="🎉")
def test_sign_up_keeps_the_longest_addresses_and_names_whole_or_refuses_them(
    client, world, length, first_name, last_name
):
    cache.clear()  # past allauth's rate limit
    email = unique_email(length)
    password = "a-Long-test-password-42"
    data = {
        "email": email,
        "password1": password,
        "password2": password,
        "first_name": first_name,
        "last_name": last_name,
    }

    response = client.post("/nl/accounts/signup/", data)

    assert_handled(response, data)
    too_long = {
        "email": len(email) > EMAIL_LIMIT,
        "first_name": len(first_name.strip()) > 150,
        "last_name": len(last_name.strip()) > 150,
    }
    if any(too_long.values()):
        assert response.status_code == 200, data
        assert field_errors(response, *too_long) == [n for n, bad in too_long.items() if bad]
        assert not User.objects.filter(email__iexact=email[:EMAIL_LIMIT]).exists()
    else:
        assert response.status_code == 302, data
        user = User.objects.get(email__iexact=email)  # the address whole, never cut
        assert (user.first_name, user.last_name) == (first_name.strip(), last_name.strip())


PROFILE_LIMITS = {"municipality": 100, "job_title": 150}


@fuzz
@given(
    values=st.fixed_dictionaries(
        {
            "first_name": st.one_of(near(150), non_latin_text),
            "last_name": st.one_of(near(150), non_latin_text),
            **{
                name: st.one_of(near(limit), non_latin_text)
                for name, limit in PROFILE_LIMITS.items()
            },
        }
    )
)
def test_the_profile_keeps_long_and_non_latin_values_whole_or_refuses_them(world, values):
    client = logged_in(world.member_b)
    data = {
        **values,
        "organisation_choice": world.member_b.profile.organisation.enterprise_number,
        "is_ocmw_employee": "on",
        "preferred_language": "nl",
    }

    response = client.post("/nl/mijn-account/profiel/", data)

    assert_handled(response, data)
    limits = {"first_name": 150, "last_name": 150, **PROFILE_LIMITS}
    too_long = [name for name, limit in limits.items() if len(values[name].strip()) > limit]
    if too_long:
        assert response.status_code == 200, data
        assert field_errors(response, *limits) == too_long
    else:
        assert response.status_code == 302, data
        member = User.objects.select_related("profile").get(pk=world.member_b.pk)
        kept = {
            "first_name": member.first_name,
            "last_name": member.last_name,
            **{name: getattr(member.profile, name) for name in PROFILE_LIMITS},
        }
        assert kept == {name: value.strip() for name, value in values.items()}


REGISTRATION_LIMITS = {
    "billing_organisation": 200,
    "billing_reference": 100,
    "dietary_needs": 255,
    "billing_address": 500,
}


@fuzz
@given(
    values=st.fixed_dictionaries(
        {
            name: st.one_of(near(limit), non_latin_text)
            for name, limit in REGISTRATION_LIMITS.items()
        }
    )
)
def test_a_registration_keeps_long_and_non_latin_invoice_details_whole_or_refuses_them(
    world, values
):
    from tests.factories.accounts import MemberFactory

    # A member whose organisation is not listed, approved earlier: they type
    # the invoice details (the others' come from their organisation).
    member = MemberFactory(profile__organisation=None, profile__is_approved_participant=True)
    client = logged_in(member)
    data = {**values, "with_lunch": "yes"}

    response = client.post(f"/nl/inschrijven/sessie/{world.session.uid}/", data)

    assert_handled(response, data)
    too_long = [
        name for name, limit in REGISTRATION_LIMITS.items() if len(values[name].strip()) > limit
    ]
    if too_long:
        assert response.status_code == 200, data
        assert field_errors(response, *REGISTRATION_LIMITS) == too_long
        assert not Registration.objects.filter(user=member).exists()
    else:
        assert response.status_code == 302, data
        registration = Registration.objects.get(user=member)
        kept = {name: getattr(registration, name) for name in REGISTRATION_LIMITS}
        assert kept == {name: value.strip() for name, value in values.items()}


@fuzz
@given(length=email_lengths)
@example(length=254)
def test_a_seat_is_handed_to_the_longest_addresses_or_refused_next_to_the_field(world, length):
    from tests.factories.accounts import MemberFactory
    from trajecten import registrations

    # A member of their own each time: the daily limit of invitations is not what is tried
    # here; and a seat for each (only a confirmed seat is handed over).
    member = MemberFactory()
    Session.objects.filter(pk=world.session.pk).update(capacity=None)
    registration = registrations.register_for_session(
        user=member,
        session=world.session,
        invoice=registrations.InvoiceDetails(organisation="OCMW Gent", address="Onderbergen 86"),
    )
    client = logged_in(member)
    email = unique_email(length)

    response = client.post(
        f"/nl/mijn-account/inschrijvingen/{registration.pk}/doorgeven/", {"email": email}
    )

    assert_handled(response, email)
    if len(email) > EMAIL_LIMIT:
        assert response.status_code == 200
        assert field_errors(response, "email", form="substitution_form") == ["email"]
        assert not registration.substitutions.exists()
    else:
        assert response.status_code == 302, response.context["substitution_form"].errors
        assert registration.substitutions.get().email == email
        assert f"seat offered to {email}" in [event.note for event in registration.events.all()]


@fuzz
@given(title=st.one_of(near(200), non_latin_text), summary=st.one_of(near(1500), non_latin_text))
def test_an_assignment_keeps_long_and_non_latin_titles_whole_or_refuses_them(world, title, summary):
    client = logged_in(world.member_a)
    path = f"/nl/mijn-account/inschrijvingen/{world.edition_registration.pk}/eindopdracht/"
    data = {"title": title, "summary": summary, "files": [SimpleUploadedFile("nota.pdf", PDF)]}

    response = client.post(path, data)

    assert_handled(response, (title, summary))
    too_long = [
        name
        for name, value, limit in [("title", title, 200), ("summary", summary, 1500)]
        if len(value.strip()) > limit
    ]
    latest = AssignmentVersion.objects.filter(
        assignment__registration=world.edition_registration
    ).latest("number")
    if too_long:
        assert response.status_code == 200
        assert field_errors(response, "title", "summary") == too_long
    else:
        assert response.status_code == 302
        assert (latest.title, latest.summary) == (title.strip(), summary.strip())


@fuzz
@given(title=non_latin_text, teaser=non_latin_text)
@example(title="🎉🙂👍", teaser="!!!")
@example(title="?!…—", teaser="«»")
def test_a_story_titled_in_any_script_or_without_letters_becomes_a_page(world, title, teaser):
    from wagtail.models import Page

    from verhalen.sanitise import plain_text

    cache.clear()  # past the daily limit of new stories: the titles are what is tried here
    client = logged_in(world.member_b)
    data = {"title": title, "teaser": teaser, "text": "Een verhaal.", "consent": "on"}
    before = set(StoryPage.objects.filter(author=world.member_b).values_list("pk", flat=True))

    response = client.post("/nl/mijn-account/verhalen/nieuw/", data)

    assert_handled(response, data)
    # A lone accent or joiner is no text: a message next to its field.
    invisible = [name for name in ("title", "teaser") if not plain_text(data[name])]
    if invisible:
        assert response.status_code == 200, data
        assert field_errors(response, "title", "teaser") == invisible
        return
    assert response.status_code == 302, data
    (story,) = StoryPage.objects.filter(author=world.member_b).exclude(pk__in=before)
    assert story.title == plain_text(title)
    assert story.slug and Page.objects.filter(slug=story.slug, pk=story.pk).exists()
    Page.objects.get(pk=story.pk).full_clean()  # the slug is one Wagtail accepts
    assert logged_in(world.member_b).get("/nl/mijn-account/verhalen/").status_code == 200


@fuzz
@given(
    name=st.one_of(near(255), non_latin_text),
    length=email_lengths,
    problem=st.one_of(near(5000), non_latin_text),
)
def test_the_call_form_keeps_long_and_non_latin_answers_or_refuses_them(
    client, call_page, name, length, problem
):
    cache.clear()  # past the rate limit
    email = unique_email(length)
    data = {"je_naam": name, "je_e_mailadres": email, "het_probleem": problem}
    before = FormSubmission.objects.count()

    response = client.post(call_page.url, data)

    assert_handled(response, data)
    assert response.status_code == 200
    kept = FormSubmission.objects.count() - before
    # Wagtail's single-line field takes 255 characters; e-mail addresses up to 320.
    assert kept == (1 if len(name.strip()) <= 255 else 0), data
    if kept:
        answers = FormSubmission.objects.latest("pk").get_data()
        assert (answers["je_naam"], answers["je_e_mailadres"]) == (name.strip(), email)


@fuzz
@given(
    data=form_data(["registration", "action", "status", "feedback", "until", "starts_at", "place"])
)
@example(data={"registration": "abc", "action": "slot"})
@example(data={"registration": "99999999999999999999", "action": "review"})
@example(data={"action": "extension", "until": "2028-02-30 10:30"})
@example(data={"action": "slot", "starts_at": "2028-02-04 25:30", "place": "Zaal 1"})
@example(data={"action": "slot", "starts_at": "2028-02-04 10:30", "place": "x" * 101})
@example(data={"action": "slot", "starts_at": "2028-02-04 10:30", "place": "日" * 100})
def test_the_editors_assignment_page_takes_anything(world, data):
    """What an editor types there (dates, a room of at most 100 characters)
    is refused with a message, never a 500."""
    from tests.factories.accounts import EditorFactory

    client = logged_in(EditorFactory())
    # Without a registration in the form, the participant's own: the actions then run.
    data = {"registration": str(world.edition_registration.pk), **data}

    response = client.post(f"/admin/assignments/{world.edition.pk}/", data)

    assert_handled(response, data)
    assert response.status_code in (302, 404), data


# Page numbers far past the end, where there are results --------------------------------------

huge_page_numbers = st.one_of(
    st.integers(min_value=2**31).map(str),
    st.integers(max_value=-(2**31)).map(str),
    st.sampled_from(
        ["99999999999999999999", str(2**63), str(2**63 - 1), str(2**64), "9" * 400, "9" * 5000]
        + ["-0", "+7", " 7 ", "١٢", "1_000", "0x10", "1e400"]
    ),
)


@pytest.fixture
def world_with_results(world, commit):
    """Twelve published stories (two pages of the story index and of the
    search), in the search index."""
    from search import indexing
    from tests.factories.stories import make_story

    with commit():
        for number in range(12):
            make_story(world.story_index, title=f"Eerst luisteren {number}", days_ago=number)
        indexing.rebuild()
    return world


@fuzz
@given(page=huge_page_numbers)
@example(page="99999999999999999999")
def test_any_page_number_shows_a_page_where_there_are_results(
    client, offer_index, world_with_results, page
):
    world = world_with_results
    index, index_fr = offer_index
    cache.clear()  # each page rendered for this example, not one cached by an earlier
    for sort in ["relevance", "date"]:
        response = client.get("/nl/zoeken/", {"q": "luisteren", "page": page, "sort": sort})
        assert response.status_code == 200, (page, sort)
        assert response.context["result_count"] >= 12 and response.context["hits"], (page, sort)
    # The offer is in Dutch only: the French catalogue has no results, and a page all the same.
    for catalogue, results in [(index, True), (index_fr, False)]:
        response = client.get(catalogue.url, {"page": page, "when": "upcoming"})
        assert response.status_code == 200, page
        assert bool(response.context["items"]) == results, page
    response = client.get(world.story_index.url, {"page": page})
    assert response.status_code == 200, page
    assert response.context["stories"], page


@fuzz
@given(number=st.one_of(st.integers(min_value=2**31), st.sampled_from([2**63, 10**20])))
def test_an_id_past_64_bits_in_an_address_is_not_found(world, number):
    client = logged_in(world.member_a)
    paths = [
        f"/nl/mijn-account/inschrijvingen/{number}/",
        f"/nl/mijn-account/inschrijvingen/{number}/annuleren/",
        f"/nl/mijn-account/inschrijvingen/{number}/agenda/",
        f"/nl/mijn-account/inschrijvingen/{number}/eindopdracht/",
        f"/nl/mijn-account/verhalen/{number}/",
        f"/nl/inschrijven/editie/{number}/",
    ]

    for path in paths:
        response = client.get(path)
        assert_handled(response, path)
        assert response.status_code == 404, path
    response = client.post(
        f"/nl/mijn-account/inschrijvingen/{number}/doorgeven/", {"email": "a@b.be"}
    )
    assert response.status_code == 404


# Archive bombs and polyglots -----------------------------------------------------------------


# Refused as a final assignment (tests/trajecten/test_upload_checks.py says why each).
HOSTILE_FILES = {
    "bom.odt": lambda: hostile_files.zip_bomb_bytes(64 * hostile_files.MiB),
    "bom-inhoud.odt": lambda: hostile_files.zip_bomb_bytes(
        64 * hostile_files.MiB, member="content.xml"
    ),
    "onderdelen.docx": lambda: hostile_files.docx_with_many_entries(20_000),
    "overlap.docx": hostile_files.docx_with_overlapping_entries,
    "dubbel.docx": hostile_files.docx_with_duplicate_names,
    "twee.docx": hostile_files.docx_after_another_archive,
    "html.docx": hostile_files.docx_with_html_first,
    "html.pdf": hostile_files.pdf_with_html_in_header,
    "stroom.pdf": hostile_files.pdf_with_html_in_stream,
    "script.pdf": hostile_files.pdf_with_action,
    "start.pdf": hostile_files.pdf_with_launch,
    "verstopt.pdf": hostile_files.pdf_with_javascript_in_object_stream,
    "schema.png": hostile_files.png_with_html,
    "foto.jpg": hostile_files.jpeg_with_html,
}
HOSTILE_NAMES = sorted(HOSTILE_FILES)


@functools.cache
def hostile_file(name):
    """The bytes of a hostile file, built once for the run (not a fixture:
    Hypothesis would print all of them with a failing example)."""
    return HOSTILE_FILES[name]()


@fuzz
@given(names=st.lists(st.sampled_from(HOSTILE_NAMES), min_size=1, max_size=3))
def test_an_archive_bomb_or_polyglot_among_the_files_refuses_the_whole_upload(world, names):
    client = logged_in(world.member_a)
    path = f"/nl/mijn-account/inschrijvingen/{world.edition_registration.pk}/eindopdracht/"
    versions, stored = AssignmentVersion.objects.count(), private_files()
    uploads = [SimpleUploadedFile("nota.pdf", PDF)] + [
        SimpleUploadedFile(name, hostile_file(name)) for name in names
    ]
    data = {"title": "Beleidsnota", "summary": "Een samenvatting.", "files": uploads}

    response = client.post(path, data)

    assert_handled(response, names)
    assert response.status_code == 200, names
    assert field_errors(response, "files") == ["files"]
    assert AssignmentVersion.objects.count() == versions
    assert private_files() == stored


def png_pixel_bomb(width=30_000, height=30_000):
    """A PNG that says it is 30,000 x 30,000 pixels (900 million: gigabytes
    once decoded) in a few dozen bytes."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        hostile_files.PNG_SIGNATURE
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(64)))
        + chunk(b"IEND", b"")
    )


# A story's picture is decoded (Wagtail's checks, renditions): a pixel bomb too.
# The picture polyglots (HTML in a PNG or JPEG comment) are pictures that
# decode: only "no 500" is asked of them here.
PICTURES_REFUSED = {**HOSTILE_FILES, "reus.png": png_pixel_bomb}
POLYGLOT_PICTURES = {"schema.png", "foto.jpg"}


@pytest.mark.parametrize("name", sorted(PICTURES_REFUSED))
def test_a_hostile_file_as_a_story_picture_is_refused_without_error(world, name):
    content = hostile_file(name) if name in HOSTILE_FILES else PICTURES_REFUSED[name]()
    client = logged_in(world.member_b)
    before = StoryPage.objects.count()
    data = {
        "title": "Eerst luisteren",
        "teaser": "Een gesprek.",
        "text": "Een verhaal.",
        "consent": "on",
        "image": SimpleUploadedFile(name, content),
    }

    response = client.post("/nl/mijn-account/verhalen/nieuw/", data)

    assert_handled(response, name)
    if name not in POLYGLOT_PICTURES:
        assert response.status_code == 200, name
        assert field_errors(response, "image") == ["image"]
        assert StoryPage.objects.count() == before
