"""Planning the offer by copying: an editor copies a session to another
date or place from the page editor, and copies a training (or an edition,
a network, a conference) for next year with its sessions moved along. A
copy is a new event: its own calendar UID, no registrations, its own seats;
it goes through the page's revisions, so publishing keeps it."""

import html
import re
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Page

from tests.factories.accounts import MemberFactory
from tests.factories.offer import (
    SessionFactory,
    brussels,
    make_network,
    make_training,
    make_trajectory,
)
from tests.factories.pages import translate_page
from trajecten import registrations
from trajecten.models import (
    ConferencePage,
    EditionPage,
    Registration,
    RegistrationStatus,
    Session,
    SessionStatus,
    TrainingPage,
)

pytestmark = pytest.mark.django_db

INVOICE = registrations.InvoiceDetails(organisation="OCMW Gent", address="Onderbergen 86")


def words(text, language="nl"):
    with translation.override(language):
        return translation.gettext(text)


@pytest.fixture
def training(offer_index):
    """The seed's basic training, published, with its session in Brugge."""
    index, _ = offer_index
    page = make_training(index, sessions=0)
    SessionFactory(
        page=page,
        starts_at=brussels(2027, 3, 26, 9, 30),
        ends_at=brussels(2027, 3, 26, 12, 30),
        reception_time=time(9, 0),
        venue_name="OCMW Brugge",
        address="Hoogstraat 9",
        postal_code="8000",
        town="Brugge",
        province="west_flanders",
        capacity=15,
    )
    page.save_revision().publish()
    return page


def copy_url(page, session):
    return reverse("copy_session", args=[page.pk, session.uid])


def to_gent(**changes):
    """The copy form filled in as an editor does for the session in Gent."""
    data = {
        "day": "2027-03-29",
        "starts": "09:30",
        "ends": "12:30",
        "reception_time": "09:00",
        "venue_name": "VVGG",
        "address": "Tenderstraat 14",
        "postal_code": "9000",
        "town": "Gent",
        # Left as it was: it follows the postal code.
        "province": "west_flanders",
        "capacity": "15",
    }
    data.update(changes)
    return data


def local(moment):
    return timezone.localtime(moment).replace(tzinfo=None)


def test_an_editor_copies_a_session_to_another_date_and_province(client, editor, training):
    original = training.sessions.get()
    member = MemberFactory()
    registrations.register_for_session(user=member, session=original, invoice=INVOICE)
    client.force_login(editor)

    editor_page = client.get(f"/admin/pages/{training.pk}/edit/").content.decode()
    assert copy_url(training, original) in editor_page
    form_page = client.get(copy_url(training, original)).content.decode()
    for prefilled in ['value="OCMW Brugge"', 'value="2027-03-26"', 'value="09:30"', 'value="15"']:
        assert prefilled in form_page

    response = client.post(copy_url(training, original), to_gent(), follow=True)

    # Back in the page editor, at the copy.
    location, _status = response.redirect_chain[-1]
    assert location.startswith(f"/admin/pages/{training.pk}/edit/#inline_child_sessions-")
    page = html.unescape(response.content.decode())
    panels = dict(
        re.findall(
            r'id="(inline_child_sessions-\d+)"(.*?)(?=id="inline_child_sessions-\d+"|$)', page, re.S
        )
    )
    assert 'value="VVGG"' in panels[location.split("#")[1]]
    copy = training.sessions.exclude(pk=original.pk).get()
    assert (copy.venue_name, copy.town, copy.province) == ("VVGG", "Gent", "east_flanders")
    assert local(copy.starts_at) == datetime(2027, 3, 29, 9, 30)
    assert local(copy.ends_at) == datetime(2027, 3, 29, 12, 30)
    assert copy.reception_time == time(9, 0)
    # Another event for calendars and for the registrants' mails.
    assert copy.uid != original.uid
    assert (copy.sequence, copy.status) == (0, SessionStatus.SCHEDULED)
    assert not copy.registrations.exists()
    (baseline,) = copy.announcements.all()
    assert (baseline.starts_at, baseline.sequence) == (copy.starts_at, 0)
    assert "Gent" in baseline.place
    # The original keeps its member.
    assert list(original.registrations.values_list("user", flat=True)) == [member.pk]
    assert "VVGG, Tenderstraat 14, 9000 Gent" in page
    # Both sessions are in the editor, each with its way to be copied.
    assert copy_url(training, copy) in page and copy_url(training, original) in page

    # Published at once, as the page had no draft; publishing again keeps it.
    visitor = client.__class__()
    assert "VVGG" in visitor.get(training.url).content.decode()
    training.refresh_from_db()
    training.get_latest_revision().publish()
    assert set(training.sessions.values_list("uid", flat=True)) == {original.uid, copy.uid}


def test_a_copy_beside_a_draft_waits_in_the_draft_and_is_published_with_it(
    client, editor, training, commit
):
    original = training.sessions.get()
    draft = training.get_latest_revision_as_object()
    draft.intro = "Nieuw voor 2027: een halve dag over rouw en veerkracht."
    draft.save_revision()
    client.force_login(editor)

    form_page = client.get(copy_url(training, original)).content.decode()
    assert words("Copy into the draft") in form_page
    response = client.post(copy_url(training, original), to_gent())

    assert response.status_code == 302
    # Not public yet, and the draft's change neither.
    assert Session.objects.count() == 1
    training.refresh_from_db()
    assert training.intro != draft.intro
    latest = training.get_latest_revision_as_object()
    assert latest.intro == draft.intro
    (copy,) = [session for session in latest.sessions.all() if session.uid != original.uid]

    with commit():
        training.get_latest_revision().publish()

    training.refresh_from_db()
    assert training.intro == draft.intro
    published = training.sessions.get(uid=copy.uid)
    assert published.town == "Gent"
    assert published.announcements.count() == 1
    # And once more, from the editor's form, as an editor publishes.
    training.get_latest_revision_as_object().save_revision().publish()
    assert training.sessions.count() == 2


def test_a_session_that_is_only_in_the_draft_can_be_copied_too(client, editor, training):
    client.force_login(editor)
    first = training.sessions.get()
    client.post(copy_url(training, first), to_gent())  # published: the page had no draft
    training.refresh_from_db()
    draft = training.get_latest_revision_as_object()
    draft.intro = "Een wijziging in het klad."
    draft.save_revision()
    client.post(
        copy_url(training, first), to_gent(day="2027-04-02", town="Leuven", postal_code="3010")
    )
    training.refresh_from_db()
    in_draft = next(
        s for s in training.get_latest_revision_as_object().sessions.all() if s.town == "Leuven"
    )
    assert in_draft.pk is None

    response = client.post(
        copy_url(training, in_draft),
        to_gent(day="2027-04-06", town="Antwerpen", postal_code="2060", province="flemish_brabant"),
    )

    assert response.status_code == 302
    training.refresh_from_db()
    training.get_latest_revision().publish()
    assert sorted(training.sessions.values_list("province", flat=True)) == [
        "antwerp",
        "east_flanders",
        "flemish_brabant",
        "west_flanders",
    ]
    assert training.sessions.values("uid").distinct().count() == 4


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends": "08:00"}, "ends", "A session ends after it starts."),
        ({"town": ""}, "town", "Give the town of a session on site."),
        ({"day": "2027-02-30"}, "day", None),
        ({"capacity": "-3"}, "capacity", None),
    ],
)
def test_bad_input_is_refused_beside_its_field_and_nothing_is_written(
    client, editor, training, changes, field, message
):
    original = training.sessions.get()
    revisions = training.revisions.count()
    client.force_login(editor)

    response = client.post(copy_url(training, original), to_gent(**changes))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    if message:
        assert errors[field] == [words(message)]
    # Shown with its field, and only there.
    page = response.content.decode()
    assert re.findall(r'w-field--error"[^>]*data-contentpath="(\w+)"', page) == [field]
    if message:
        assert html.escape(words(message)) in page
    assert Session.objects.count() == 1
    assert training.revisions.count() == revisions


def test_only_sessions_saved_with_the_page_have_a_copy_link(client, editor, training):
    index = training.get_parent()
    client.force_login(editor)

    new_page = client.get(f"/admin/pages/add/trajecten/trainingpage/{index.pk}/").content.decode()
    saved = client.get(f"/admin/pages/{training.pk}/edit/").content.decode()

    # A session being added (the editor's template for one too) has nothing saved to copy.
    assert "/admin/offer/" not in new_page
    assert saved.count("/admin/offer/") == 1
    assert copy_url(training, training.sessions.get()) in saved


def test_a_session_of_another_page_or_an_unknown_one_is_not_found(
    client, editor, training, offer_index
):
    index, _ = offer_index
    other = make_training(index, sessions=1, slug="andere")
    client.force_login(editor)

    # (The admin's 404 goes through the language's prefix first.)
    for url in [
        copy_url(other, training.sessions.get()),
        reverse("copy_session", args=[index.pk, other.sessions.get().uid]),
    ]:
        assert client.get(url, follow=True).status_code == 404
    assert client.get(copy_url(training, training.sessions.get())).status_code == 200


def test_an_online_session_of_a_module_is_copied_with_its_link(client, editor, offer_index):
    index, _ = offer_index
    _trajectory, edition = make_trajectory(index, modules=1)
    module = edition.get_children().get().specific
    original = module.sessions.get()
    client.force_login(editor)

    form_page = client.get(copy_url(module, original)).content.decode()
    assert 'value="https://teams.example.org/x"' in form_page
    data = {
        "day": "2027-09-07",
        "starts": "13:30",
        "ends": "16:30",
        "online_link": "",
        "province": "",
    }
    refused = client.post(copy_url(module, original), data)
    data["online_link"] = "https://teams.example.org/y"
    client.post(copy_url(module, original), data)

    assert list(refused.context["form"].errors) == ["online_link"]
    copy = module.sessions.exclude(pk=original.pk).get()
    assert (copy.format, copy.online_link) == ("online", "https://teams.example.org/y")
    assert local(copy.starts_at) == datetime(2027, 9, 7, 13, 30)


def test_a_member_cannot_copy_a_session(client, training):
    client.force_login(MemberFactory())

    response = client.post(copy_url(training, training.sessions.get()), to_gent())

    assert response.status_code in (302, 403)
    assert Session.objects.count() == 1


# Copying a page ---------------------------------------------------------------


def copy_page(client, page, parent, slug, **choices):
    data = {"new_title": f"{page.title} (kopie)", "new_slug": slug, "new_parent_page": parent.pk}
    data.update(choices)
    return client.post(f"/admin/pages/{page.pk}/copy/", data)


def test_a_training_copied_for_next_year_takes_its_sessions_along_as_new_sessions(
    client, editor, training
):
    original = training.sessions.get()
    original.capacity = 1
    original.save()
    registrations.register_for_session(user=MemberFactory(), session=original, invoice=INVOICE)
    original.status = SessionStatus.POSTPONED
    original.status_note_nl = "De lesgever is ziek."
    original.cancel_free_until = date(2027, 3, 1)
    original.save()
    training.save_revision().publish()
    client.force_login(editor)

    form_page = client.get(f"/admin/pages/{training.pk}/copy/").content.decode()
    assert 'name="take_sessions"' in form_page
    assert 'name="shift_days"' in form_page and 'value="364"' in form_page
    response = copy_page(
        client,
        training,
        training.get_parent(),
        "basisopleiding-2028",
        publish_copies="on",
        take_sessions="on",
        shift_days="364",
    )

    assert response.status_code == 302
    copy = TrainingPage.objects.get(slug="basisopleiding-2028")
    assert copy.live
    moved = copy.sessions.get()
    # 52 weeks later: the same weekday and hour, a year on.
    assert local(moved.starts_at) == datetime(2028, 3, 24, 9, 30)
    assert local(moved.ends_at) == datetime(2028, 3, 24, 12, 30)
    assert moved.starts_at.weekday() == original.starts_at.weekday()
    assert moved.uid != original.uid
    assert (moved.sequence, moved.status, moved.status_note_nl, moved.cancel_free_until) == (
        0,
        SessionStatus.SCHEDULED,
        "",
        None,
    )
    assert (moved.venue_name, moved.capacity, moved.reception_time) == ("OCMW Brugge", 1, time(9))
    assert not moved.registrations.exists()
    assert moved.announcements.count() == 1
    # Its own seats: the original is full, the copy takes a member.
    late = registrations.register_for_session(user=MemberFactory(), session=moved, invoice=INVOICE)
    assert late.status == RegistrationStatus.CONFIRMED
    assert Session.objects.get(pk=moved.pk).seats_left == 0
    assert Session.objects.get(pk=original.pk).seats_left == 0
    assert original.registrations.count() == 1
    assert training.sessions.get() == original
    visitor = client.__class__()
    assert "OCMW Brugge" in visitor.get(copy.url).content.decode()


def test_a_training_copied_with_a_draft_keeps_the_draft_apart_in_the_copy(client, editor, training):
    draft = training.get_latest_revision_as_object()
    draft.intro = "Nieuw: een halve dag over rouw."
    (brugge,) = draft.sessions.all()
    brugge.venue_name = "Stadhuis Brugge"
    draft.sessions = [brugge, SessionFactory.build(starts_at=brussels(2027, 4, 2, 9, 30))]
    draft.save_revision()
    client.force_login(editor)

    copy_page(
        client,
        training,
        training.get_parent(),
        "met-concept",
        publish_copies="on",
        take_sessions="on",
        shift_days="364",
    )

    # Live: what was published, a year on.
    copy = TrainingPage.objects.get(slug="met-concept")
    live = copy.sessions.get()
    assert (copy.live, copy.intro, live.venue_name) == (True, training.intro, "OCMW Brugge")
    assert local(live.starts_at) == datetime(2028, 3, 24, 9, 30)
    # The draft: the original's draft, a year on, the same session where it is the same.
    in_draft = copy.get_latest_revision_as_object()
    assert in_draft.intro == draft.intro
    assert sorted((s.venue_name, s.uid == live.uid) for s in in_draft.sessions.all()) == [
        ("Provinciehuis", False),
        ("Stadhuis Brugge", True),
    ]
    copy.get_latest_revision().publish()
    assert sorted(copy.sessions.values_list("venue_name", flat=True)) == [
        "Provinciehuis",
        "Stadhuis Brugge",
    ]
    assert copy.sessions.get(venue_name="Stadhuis Brugge").pk == live.pk
    assert training.sessions.get().venue_name == "OCMW Brugge"


def test_without_the_choice_the_copy_has_no_sessions(client, editor, training):
    client.force_login(editor)

    copy_page(client, training, training.get_parent(), "zonder-sessies", publish_copies="on")

    copy = TrainingPage.objects.get(slug="zonder-sessies")
    assert not copy.sessions.exists()
    assert list(copy.get_latest_revision_as_object().sessions.all()) == []
    assert training.sessions.count() == 1


def test_a_copy_left_unpublished_gets_its_sessions_when_it_is_published(client, editor, training):
    client.force_login(editor)

    copy_page(
        client, training, training.get_parent(), "concept", take_sessions="on", shift_days="7"
    )

    copy = TrainingPage.objects.get(slug="concept")
    assert not copy.live
    assert not copy.sessions.exists()
    copy.get_latest_revision().publish()
    moved = copy.sessions.get()
    # A week on, across the change to summer time (28 March 2027): still at 9.30.
    assert local(moved.starts_at) == datetime(2027, 4, 2, 9, 30)


def test_the_translation_of_a_copy_gets_no_sessions_of_its_own(client, editor, training):
    client.force_login(editor)
    copy_page(
        client,
        training,
        training.get_parent(),
        "basisopleiding-2028",
        publish_copies="on",
        take_sessions="on",
        shift_days="364",
    )
    copy = TrainingPage.objects.get(slug="basisopleiding-2028")

    french = translate_page(copy, "fr", slug="formation-de-base-2028")

    assert not french.sessions.exists()
    assert list(french.get_sessions()) == list(copy.get_sessions())
    assert Session.objects.count() == 2


def test_the_copy_form_offers_the_sessions_only_where_they_live(client, editor, training):
    client.force_login(editor)
    french = translate_page(training, "fr", slug="formation")
    empty = make_training(training.get_parent(), sessions=0, slug="leeg")

    for page in [french, empty]:
        form_page = client.get(f"/admin/pages/{page.pk}/copy/").content.decode()
        assert 'name="take_sessions"' not in form_page, page


@pytest.mark.parametrize(
    ("choices", "field"),
    [
        ({"alias": "on", "take_sessions": "on", "shift_days": "364"}, "take_sessions"),
        ({"take_sessions": "on", "shift_days": ""}, "shift_days"),
        ({"take_sessions": "on", "shift_days": "-7"}, "shift_days"),
    ],
)
def test_a_copy_that_cannot_take_the_sessions_as_asked_is_refused(
    client, editor, training, choices, field
):
    client.force_login(editor)

    response = copy_page(client, training, training.get_parent(), "kopie", **choices)

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert not Page.objects.filter(slug="kopie").exists()


def test_an_edition_copied_with_its_modules_takes_their_sessions_but_no_registration(
    client, editor, offer_index
):
    index, _ = offer_index
    trajectory, edition = make_trajectory(index, modules=2)
    registrations.register_for_edition(user=MemberFactory(), edition=edition, invoice=INVOICE)
    before = {
        module.slug: local(module.specific.sessions.get().starts_at)
        for module in edition.get_children()
    }
    client.force_login(editor)

    copy_page(
        client,
        edition,
        trajectory,
        "editie-2028",
        copy_subpages="on",
        publish_copies="on",
        take_sessions="on",
        shift_days="364",
    )

    copy = EditionPage.objects.get(slug="editie-2028")
    after = {
        module.slug: local(module.specific.sessions.get().starts_at)
        for module in copy.get_children()
    }
    assert after == {slug: moment + timedelta(days=364) for slug, moment in before.items()}
    assert not Registration.objects.filter(edition=copy).exists()
    assert Session.objects.values("uid").distinct().count() == Session.objects.count() == 4


def test_networks_and_conferences_copy_without_sharing_a_session(client, editor, offer_index):
    index, _ = offer_index
    network, meeting = make_network(index)
    conference = index.add_child(
        instance=ConferencePage(title="Sociaalwerkconferentie", slug="conferentie", intro="2018.")
    )
    SessionFactory(page=conference, capacity=300)
    client.force_login(editor)

    for page, choices in [
        (network, {"copy_subpages": "on", "take_sessions": "on", "shift_days": "56"}),
        (conference, {"take_sessions": "on", "shift_days": "364"}),
        (network, {"copy_subpages": "on"}),
        (conference, {}),
    ]:
        slug = f"{page.slug}-{len(choices)}"
        response = copy_page(client, page, index, slug, publish_copies="on", **choices)
        assert response.status_code == 302, slug

    assert Session.objects.count() == 4
    assert Session.objects.values("uid").distinct().count() == 4
    assert not Registration.objects.exists()


def test_wagtails_copy_page_template_is_the_one_the_portal_extends():
    # The portal's template (templates/wagtailadmin/pages/copy.html) replaces
    # Wagtail's list of named fields by every field of the form; the rest of
    # Wagtail's block must be what the portal's copy of it says.
    import wagtail

    source = (
        Path(wagtail.__file__).parent / "admin/templates/wagtailadmin/pages/copy.html"
    ).read_text()
    ours = (Path(__file__).parents[2] / "templates/wagtailadmin/pages/copy.html").read_text()

    def block(text):
        start = text.index("{% block content %}")
        content = text[start : text.index("{% endblock %}", start)]
        fields = re.compile(r'<ul class="fields">.*?</ul>', re.S)
        return re.sub(r"\s+", " ", fields.sub("FIELDS", content))

    assert block(source) == block(ours), (
        "Wagtail's copy form changed: bring templates/wagtailadmin/pages/copy.html in line."
    )
