"""Access rules tested as an attacker would: anonymous visitors, another
member, staff without rights and editors each try every route of the member
area filled with member A's ids, every admin URL and every way to reach A's
private files, and get a log-in redirect, a 403 or a 404, never the data.
Two-factor authentication is required, as in production: an editor's powers
count only in a session that passed the second factor."""

import io
import re
import uuid
import zipfile
from importlib import import_module
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import translation
from wagtail.models import Page

from tests.factories.accounts import MemberFactory
from tests.factories.organisations import new_organisation
from tests.security.conftest import MARK, PDF, logged_in_with_second_factor
from trajecten.models import AssignmentVersion, Registration, RegistrationStatus, Substitution

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _two_factor_required(settings):
    settings.EDITOR_MFA_REQUIRED = True


LANGUAGES = ["nl", "fr"]
MEMBER_URLCONFS = ["portal.accounts.urls", "trajecten.urls", "verhalen.urls"]

# Routes of the member area that take the id of a member's own data, filled
# with member A's.
PERSONAL_ROUTES = {
    "registration_detail": lambda w: {"pk": w.registration.pk},
    "cancel_registration": lambda w: {"pk": w.registration.pk},
    "hand_over": lambda w: {"pk": w.registration.pk},
    "answer_offer": lambda w: {"pk": w.registration.pk},
    "certificate_download": lambda w: {"pk": w.registration.pk},
    "registration_calendar": lambda w: {"pk": w.registration.pk},
    "evaluation_answer": lambda w: {"pk": w.registration.pk, "session_uid": w.session.uid},
    "assignment": lambda w: {"pk": w.edition_registration.pk},
    "assignment_file": lambda w: {"key": w.assignment_file.key},
    "edit_story": lambda w: {"pk": w.story.pk},
    "member_invoice_pdf": lambda w: {"pk": w.invoice.pk},
}
# Routes addressed by a random key (a link mailed to one colleague, the
# picture of a story in moderation): an attacker only has a guess.
SECRET_LINK_ROUTES = {
    "accept_substitution": lambda w: {"token": uuid.uuid4()},
    "story_picture": lambda w: {"key": uuid.uuid4()},
}
# The public offer: anyone logged in may open a registration form.
OFFER_ROUTES = {
    "register_session": lambda w: {"uid": w.session.uid},
    "register_edition": lambda w: {"edition_id": w.edition.pk},
}
# A learning network's group: any member may ask to join; what a member may
# do there (propose, vote) is checked against their membership of the
# network, not an owner (tests/trajecten/test_network_groups.py).
NETWORK_ROUTES = {
    "network_join": lambda w: {"page_id": w.session.page_id},
    "network_leave": lambda w: {"page_id": w.session.page_id},
    "network_propose": lambda w: {"page_id": w.session.page_id},
    "network_vote": lambda w: {"pk": 1},
    "network_withdraw_vote": lambda w: {"pk": 1},
}
# The training coordinator's pages: ids of a colleague's registration or of
# the offer; a member who coordinates nothing finds none of them (404), a
# coordinator finds nothing of another organisation's members (404).
TEAM_ROUTES = {
    "team_register_session": lambda w: {"uid": w.session.uid},
    "team_register_edition": lambda w: {"edition_id": w.edition.pk},
    "team_replace": lambda w: {"pk": w.registration.pk},
}
# Without ids, but only for a coordinator.
COORDINATOR_LISTS = {"team"}
POST_ONLY = {"hand_over", "answer_offer"}
GET_ONLY = {"certificate_download", "member_invoice_pdf"}
# Public by design: the check of a certificate's code, for an employer. A
# guessed code finds nothing, for anyone.
PUBLIC_CODE_ROUTES = {
    "certificate_check": lambda w: {"code": "ABCDEFGHJKMN"},
    "calendar_feed": lambda w: {"token": "a" * 43},
}
# What member A sees of their own data on each page (the positive control).
SHOWS_OWN_MARK = {"assignment", "assignment_file", "edit_story"}
# Staff who review final assignments download the files (trajecten.view_assignment).
REVIEWERS_ROUTES = {"assignment_file"}

# Admin routes anyone may open: the way in and out, the icons and the translations of its scripts.
PUBLIC_ADMIN_ROUTE = re.compile(r"^admin/(login|logout|password_reset|sprite|jsi18n)/")


def member_routes():
    """(name, names of its arguments) of every named route of the member area."""
    for module in MEMBER_URLCONFS:
        for pattern in import_module(module).urlpatterns:
            yield pattern.name, set(pattern.pattern.converters)


def url(name, language, kwargs=None):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def login_url(language):
    return url("account_login", language)


def logged_in(user):
    """A session opened without the second factor (as Django's log-in, or one
    from before the editor set up an authenticator app)."""
    client = Client()
    client.force_login(user)
    return client


def body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def assert_no_mark(response, where):
    assert MARK.encode() not in body(response).lower(), f"member A's data leaks at {where}"


def assert_sent_to_log_in(response, path, language):
    assert response.status_code == 302, path
    assert response["Location"] == f"{login_url(language)}?next={quote(path)}", path


def member_a_state(w):
    """What an attacker's POST could change of member A's data."""
    w.story.refresh_from_db()
    return (
        Registration.objects.get(pk=w.registration.pk).status,
        Substitution.objects.filter(registration__user=w.member_a).count(),
        AssignmentVersion.objects.filter(assignment__registration__user=w.member_a).count(),
        w.story.revisions.count(),
        w.story.title,
    )


def personal_urls(w, language):
    routes = {**PERSONAL_ROUTES, **SECRET_LINK_ROUTES}
    return [(name, url(name, language, kwargs(w))) for name, kwargs in routes.items()]


# The member area ----------------------------------------------------------------------


def test_every_member_route_with_an_id_is_in_these_tests():
    # A new route that takes an id must be added above, so that it is attacked too.
    with_ids = {name for name, arguments in member_routes() if arguments}

    assert with_ids == {
        *PERSONAL_ROUTES,
        *SECRET_LINK_ROUTES,
        *OFFER_ROUTES,
        *PUBLIC_CODE_ROUTES,
        *NETWORK_ROUTES,
        *TEAM_ROUTES,
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_anonymous_visitors_are_sent_to_log_in_from_every_member_route(world, language):
    anonymous = Client()
    known = {
        **PERSONAL_ROUTES,
        **SECRET_LINK_ROUTES,
        **OFFER_ROUTES,
        **PUBLIC_CODE_ROUTES,
        **NETWORK_ROUTES,
        **TEAM_ROUTES,
    }
    before = member_a_state(world)

    for name, arguments in member_routes():
        path = url(name, language, known[name](world) if arguments else None)
        if name in PUBLIC_CODE_ROUTES:
            assert anonymous.get(path).status_code == 404, path
            continue
        for method in (anonymous.get, anonymous.post):
            response = method(path)
            assert_sent_to_log_in(response, path, language)
            assert_no_mark(response, path)

    assert member_a_state(world) == before


@pytest.mark.parametrize("language", LANGUAGES)
def test_another_member_finds_nothing_of_member_a(world, language):
    intruder = logged_in(world.member_b)
    before = member_a_state(world)

    for name, path in personal_urls(world, language):
        response = intruder.get(path)
        assert response.status_code == (405 if name in POST_ONLY else 404), path
        assert_no_mark(response, path)
        response = intruder.post(
            path,
            {
                "email": world.member_b.email,
                "confirm_late": "yes",
                "title": "Gekaapt",
                "teaser": "Gekaapt",
                "text": "Gekaapt",
                "summary": "Gekaapt",
                "consent": "on",
            },
        )
        assert response.status_code == (405 if name in GET_ONLY else 404), path
        assert_no_mark(response, path)

    assert member_a_state(world) == before


STAFF = ["editor", "group_editor", "staff_without_rights", "admin_without_rights"]
# Those with trajecten.view_assignment.
REVIEWERS = {"editor", "group_editor"}


@pytest.mark.parametrize("who", STAFF)
def test_staff_without_the_second_factor_reach_nothing_of_a_member(world, editor, who):
    # An editor's permission counts only with the second factor: until then
    # the files are not there for them, as for any member.
    client = logged_in(editor if who == "editor" else getattr(world, who))

    for name, path in personal_urls(world, "nl"):
        response = client.get(path)
        assert response.status_code == (405 if name in POST_ONLY else 404), path
        assert_no_mark(response, path)


@pytest.mark.parametrize("who", STAFF)
def test_staff_with_the_second_factor_reach_only_the_files_of_reviewers(world, editor, who):
    client = logged_in_with_second_factor(editor if who == "editor" else getattr(world, who))

    for name, path in personal_urls(world, "nl"):
        response = client.get(path)
        if who in REVIEWERS and name in REVIEWERS_ROUTES:
            assert response.status_code == 200
            assert body(response) == PDF
        else:
            assert response.status_code == (405 if name in POST_ONLY else 404), path
            assert_no_mark(response, path)


def test_member_a_reaches_their_own_data(world):
    # The control that makes the refusals above mean something.
    owner = logged_in(world.member_a)

    for name, kwargs in PERSONAL_ROUTES.items():
        path = url(name, "nl", kwargs(world))
        response = owner.get(path)
        if name == "certificate_download":
            # Not attended yet: back to their own registration, which says why.
            assert response["Location"] == url("registration_detail", "nl", kwargs(world)), path
            continue
        assert response.status_code == (405 if name in POST_ONLY else 200), path
        if name in SHOWS_OWN_MARK:
            assert MARK.encode() in body(response).lower(), path
    download = owner.get(url("assignment_file", "nl", {"key": world.assignment_file.key}))
    assert body(download) == PDF


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_lists_of_the_member_area_show_only_ones_own(world, language):
    intruder = logged_in(world.member_b)

    for name, arguments in member_routes():
        if arguments or name in COORDINATOR_LISTS:
            continue
        path = url(name, language)
        response = intruder.get(path)
        assert response.status_code < 400, path
        assert_no_mark(response, path)

    own = logged_in(world.member_a).get(url("member_stories", language))
    assert MARK.encode() in own.content.lower()


def team_urls(w, language):
    return [(name, url(name, language, kwargs(w))) for name, kwargs in TEAM_ROUTES.items()] + [
        (name, url(name, language)) for name in COORDINATOR_LISTS
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_member_who_coordinates_nothing_finds_no_team_page(world, language):
    # Member B works for member A's organisation, but is not its coordinator.
    intruder = logged_in(world.member_b)
    before = member_a_state(world)

    for _name, path in team_urls(world, language):
        for method in (intruder.get, intruder.post):
            response = method(
                path, {"colleagues": [world.member_a.pk], "colleague": world.member_b.pk}
            )
            assert response.status_code == 404, path
            assert_no_mark(response, path)

    assert member_a_state(world) == before
    assert not Registration.objects.filter(registered_by=world.member_b).exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_coordinator_of_another_organisation_finds_nothing_of_member_a(world, language):
    brugge = new_organisation(90, name_nl="OCMW Brugge")
    coordinator = MemberFactory(profile__organisation=brugge, profile__is_coordinator=True)
    colleague = MemberFactory(profile__organisation=brugge)
    intruder = logged_in(coordinator)
    before = member_a_state(world)

    replace = url("team_replace", language, {"pk": world.registration.pk})
    assert intruder.get(replace).status_code == 404
    assert intruder.post(replace, {"colleague": colleague.pk}).status_code == 404
    # Member A ticked on the registration form of the coordinator's own offer: refused.
    register = url("team_register_session", language, {"uid": world.session.uid})
    response = intruder.post(register, {"colleagues": [world.member_a.pk]})
    assert response.status_code == 200
    assert_no_mark(response, register)
    team = intruder.get(url("team", language))
    assert team.status_code == 200
    assert_no_mark(team, "team")

    assert member_a_state(world) == before
    assert not Registration.objects.filter(registered_by=coordinator).exists()


def test_public_pages_show_nothing_of_a_members_drafts_and_registrations(world):
    visitors = [Client(), logged_in(world.member_b)]
    pages = Page.objects.live().filter(depth__gt=1).specific()
    draft_url = f"{world.story_index.url}{world.story.slug}/"
    # The return day's programme names a participant only with the consent
    # of their latest version (publish_summary): member A did not give it.
    name = world.member_a.get_full_name().encode()
    return_day = [page.url for page in pages if getattr(page, "is_return_day", False)]

    assert len(pages) >= 10 and len(return_day) == 1
    for visitor in visitors:
        for page in pages:
            response = visitor.get(page.url)
            assert response.status_code == 200, page.url
            assert name not in response.content, page.url
            assert_no_mark(response, page.url)
        assert visitor.get(draft_url).status_code == 404


# Private files ------------------------------------------------------------------------


def test_a_private_file_is_served_only_by_the_view_that_checks_who_asks(world):
    item = world.assignment_file
    stored = item.file.name
    private = settings.PRIVATE_MEDIA_ROOT
    guesses = [
        item.file.url,
        f"{settings.MEDIA_URL}{stored}",
        f"{settings.MEDIA_URL}private/{stored}",
        f"{settings.MEDIA_URL}{item.original_name}",
        f"{settings.STATIC_URL}{stored}",
        f"/{private.relative_to(settings.BASE_DIR)}/{stored}",
        f"/{private.name}/{stored}",
        f"/private/{stored}",
        f"/nl/media/{stored}",
        f"/documents/{item.pk}/{item.original_name}",
        f"{settings.STATIC_URL}../{private.name}/{stored}",
        f"{settings.STATIC_URL}..%2f..%2f{private.name}%2f{stored}",
        f"{settings.MEDIA_URL}..%2f{private.name}%2f{stored}",
    ]

    reviewer = logged_in_with_second_factor(world.group_editor)
    assert body(reviewer.get(url("assignment_file", "nl", {"key": item.key}))) == PDF
    assert not private.resolve().is_relative_to(settings.MEDIA_ROOT.resolve())
    assert not private.resolve().is_relative_to(settings.STATIC_ROOT.resolve())
    for client in [Client(), logged_in(world.member_b), logged_in(world.member_a), reviewer]:
        for guess in guesses:
            response = client.get(guess, follow=True)
            assert response.status_code == 404, guess
            assert b"PDF-1.4" not in body(response), guess
            assert_no_mark(response, guess)
        # The view itself, with keys next to that of A's file: nothing there,
        # even for an editor who may read every file.
        for key in [uuid.uuid4(), uuid.UUID(int=item.key.int + 1), uuid.UUID(int=0)]:
            response = client.get(url("assignment_file", "nl", {"key": key}))
            assert response.status_code in (302, 404)
            assert_no_mark(response, key)
        # Nor by its sequential id, the address files had before.
        for pk in [item.pk, item.pk + 1]:
            by_id = [
                url("assignment_file", language, {"key": item.key}).replace(str(item.key), str(pk))
                for language in LANGUAGES
            ]
            for path in [
                *by_id,
                f"/nl/mijn-account/eindopdracht-bestanden/{pk}/",
                f"/fr/mon-compte/fichiers-travail-final/{pk}/",
            ]:
                response = client.get(path)
                assert response.status_code == 404, path
                assert_no_mark(response, path)


# The Wagtail admin ---------------------------------------------------------------------


def all_routes():
    """(text, name, number of arguments) of every route, in Dutch, e.g.
    ("admin/pages/<int:page_id>/edit/", "wagtailadmin_pages:edit", 1)."""

    def walk(patterns, prefix, arguments):
        for pattern in patterns:
            text = prefix + str(pattern.pattern)
            count = arguments + pattern.pattern.regex.groups
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, text, count)
            else:
                yield text, pattern.name, count

    with translation.override("nl"):
        return list(walk(get_resolver().url_patterns, "", 0))


def admin_routes():
    """The text of every route under /admin/, e.g. "admin/pages/<int:page_id>/edit/"."""
    return [route for route, _name, _count in all_routes() if route.startswith("admin/")]


def admin_path(route, w):
    """The route filled with member A's ids where it takes one."""

    def value(name):
        if name in {"page_id", "parent_page_id", "page_pk", "page_to_move_id", "destination_id"}:
            return w.story.pk
        if name == "edition_id":
            return w.edition.pk
        if name in {"pk", "object_id"}:
            if "profile" in route:
                return w.member_a.profile.pk
            if "users" in route:
                return w.member_a.pk
            if "pages" in route or "forms" in route:
                return w.story.pk
            return w.registration.pk
        if name in {"app_label", "content_type_app_name", "app_name"}:
            return "trajecten"
        if name in {"model_name", "content_type_model_name"}:
            return "registration"
        if name.startswith("revision_id_"):
            return {"revision_id_a": "earliest", "revision_id_b": "latest"}[name]
        return 1 if name.endswith("_id") else "x"

    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(value(m[1])), route)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(value(m[1])), path)
    return "/" + path.replace("^", "").replace("$", "").replace("\\.", ".").replace(".*", "x")


@pytest.mark.parametrize("who", ["anonymous", "member_a", "member_b", "staff_without_rights"])
def test_every_admin_url_sends_outsiders_to_log_in(world, who):
    client = Client() if who == "anonymous" else logged_in(getattr(world, who))
    routes = [route for route in admin_routes() if not PUBLIC_ADMIN_ROUTE.match(route)]

    assert len(routes) > 250
    for route in routes:
        path = admin_path(route, world)
        response = client.get(path)
        assert_no_mark(response, path)
        assert response.status_code == 302, path
        if response["Location"].startswith("/admin/login/"):
            # Wagtail's catch-all for unknown admin paths names its own log-in
            # route, which leads to the portal's.
            response = client.get(response["Location"])
        assert response.status_code == 302, path
        assert response["Location"].startswith(f"{login_url('nl')}?next="), path


@pytest.mark.parametrize("who", ["anonymous", "member_a", "member_b", "staff_without_rights"])
def test_outsiders_change_nothing_through_the_admin(world, who):
    client = Client() if who == "anonymous" else logged_in(getattr(world, who))
    before = member_a_state(world)
    actions = [
        (f"/admin/registration/edit/{world.registration.pk}/", {"action": "cancel"}),
        (
            f"/admin/assignments/{world.edition.pk}/",
            {
                "registration": world.edition_registration.pk,
                "action": "review",
                "status": "accepted",
                "feedback": "ok",
            },
        ),
        (f"/admin/pages/{world.story.pk}/edit/", {"title": "Gekaapt", "action-publish": "1"}),
        (f"/admin/pages/{world.story.pk}/delete/", {}),
    ]

    for path, data in actions:
        response = client.post(path, data)
        assert response.status_code == 302, path
        assert response["Location"].startswith(f"{login_url('nl')}?next="), path

    assert member_a_state(world) == before
    assert world.story.get_latest_revision_as_object().title == f"Verhaal {MARK}"
    assert Registration.objects.get(pk=world.registration.pk).status == RegistrationStatus.CONFIRMED


def admin_pages_with_personal_data(w):
    registration, edition = w.registration.pk, w.edition.pk
    return [
        "/admin/registration/",
        f"/admin/registration/?q={w.member_a.last_name}",
        "/admin/registration/?export=xlsx",
        "/admin/registration/?export=csv",
        f"/admin/registration/edit/{registration}/",
        f"/admin/registration/history/{registration}/",
        "/admin/assignments/",
        f"/admin/evaluations/session/{w.session.pk}/",
        f"/admin/evaluations/session/{w.session.pk}/csv/",
        f"/admin/evaluations/offer/{w.session.page_id}/",
        f"/admin/evaluations/offer/{w.session.page_id}/csv/",
        f"/admin/assignments/{edition}/",
        f"/admin/assignments/{edition}/zip/",
        "/admin/users/",
        f"/admin/users/edit/{w.member_a.pk}/",
        "/admin/snippets/accounts/profile/",
        f"/admin/snippets/accounts/profile/edit/{w.member_a.profile.pk}/",
        f"/admin/pages/{w.story.pk}/edit/",
        f"/admin/pages/{w.story.pk}/view_draft/",
        f"/admin/pages/{w.story_index.pk}/",
        f"/admin/pages/search/?q={MARK}",
        "/admin/forms/",
    ]


def assert_refused_in_the_admin(response, path):
    """Wagtail sends whoever lacks a permission back to the dashboard; our own
    views answer 403."""
    assert_no_mark(response, path)
    assert (response.status_code, response.get("Location")) in [(302, "/admin/"), (403, None)], path


def test_the_admin_shows_nobody_personal_data_without_the_permission(world):
    # Opening the admin is not enough: each listing checks its own permission.
    client = logged_in_with_second_factor(world.admin_without_rights)
    before = member_a_state(world)

    for path in admin_pages_with_personal_data(world):
        assert_refused_in_the_admin(client.get(path), path)
    for path, data in [
        (f"/admin/registration/edit/{world.registration.pk}/", {"action": "cancel"}),
        (
            f"/admin/assignments/{world.edition.pk}/",
            {"registration": world.edition_registration.pk, "action": "review"},
        ),
    ]:
        assert_refused_in_the_admin(client.post(path, data), path)

    assert member_a_state(world) == before


@pytest.mark.parametrize("who", ["editor", "group_editor"])
def test_editors_without_the_second_factor_are_sent_to_set_it_up(world, editor, who):
    client = logged_in(editor if who == "editor" else world.group_editor)
    edition = world.edition.pk

    for path in admin_pages_with_personal_data(world):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == url("mfa_activate_totp", "nl"), path
    for path, data in [
        (f"/admin/registration/edit/{world.registration.pk}/", {"action": "cancel"}),
        (f"/admin/assignments/{edition}/", {"registration": world.edition_registration.pk}),
    ]:
        assert client.post(path, data)["Location"] == url("mfa_activate_totp", "nl"), path
    download = client.get(url("assignment_file", "nl", {"key": world.assignment_file.key}))
    assert download.status_code == 404
    assert_no_mark(download, "assignment_file")


@pytest.mark.parametrize("who", ["editor", "group_editor"])
def test_editors_reach_the_registrations_assignments_and_files(world, editor, who):
    client = logged_in_with_second_factor(editor if who == "editor" else world.group_editor)
    edition = world.edition.pk
    with_member_a = [
        "/admin/registration/",
        f"/admin/registration/?q={world.member_a.last_name}",
        f"/admin/registration/edit/{world.registration.pk}/",
        f"/admin/assignments/{edition}/",
        f"/admin/pages/{world.story.pk}/edit/",
    ]

    for path in ["/admin/", "/admin/assignments/", *with_member_a]:
        response = client.get(path)
        assert response.status_code == 200, path
        if path in with_member_a:
            assert MARK in response.content.decode().lower(), path
    archive = client.get(f"/admin/assignments/{edition}/zip/")
    assert archive.status_code == 200
    files = zipfile.ZipFile(io.BytesIO(body(archive)))
    assert [files.read(name) for name in files.namelist()] == [PDF]
    download = client.get(url("assignment_file", "nl", {"key": world.assignment_file.key}))
    assert body(download) == PDF


def test_the_admin_has_no_log_in_or_password_reset_of_its_own(world, editor, mailoutbox):
    # Wagtail's log-in form would let an editor in with a password alone,
    # past allauth's second factor, e-mail verification and rate limits.
    from allauth.mfa.models import Authenticator

    from tests.factories.accounts import PASSWORD

    Authenticator.objects.create(user=editor, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client = Client()

    page = client.get("/admin/login/?next=/admin/")
    attempt = client.post("/admin/login/", {"username": editor.email, "password": PASSWORD})
    reset = client.post("/admin/password_reset/", {"email": editor.email}, follow=True)

    assert page.status_code == 302
    assert page["Location"] == f"{login_url('nl')}?next=/admin/"
    assert attempt.status_code == 302 and "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
    assert reset.status_code == 404 and mailoutbox == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_log_in_of_restricted_pages_is_the_portals_too(world, editor, language):
    # Wagtail's log-in form for restricted pages and documents took a password
    # alone: an editor with an authenticator app was in the admin without a code.
    from allauth.mfa.models import Authenticator

    from tests.factories.accounts import PASSWORD

    Authenticator.objects.create(user=editor, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client = Client()
    wagtail_login = f"/{language}/_util/login/"

    page = client.get(f"{wagtail_login}?next=/{language}/intern/")
    attempt = client.post(wagtail_login, {"username": editor.email, "password": PASSWORD})

    assert page.status_code == 302
    target = urlsplit(page["Location"])
    assert target.path == login_url(language)
    assert parse_qs(target.query) == {"next": [f"/{language}/intern/"]}
    assert attempt.status_code == 302 and "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
    # Someone logged in whom a page refuses is told so, not sent to log in again.
    assert logged_in(world.member_b).get(wagtail_login).status_code == 403


def test_editors_group_leaves_member_accounts_to_administrators(world):
    client = logged_in_with_second_factor(world.group_editor)

    for path in ["/admin/users/", f"/admin/users/edit/{world.member_a.pk}/"]:
        response = client.get(path)
        assert (response.status_code, response["Location"]) == (302, "/admin/"), path


# Every route outside the admin ---------------------------------------------------------


def paths_outside_the_admin(w, editors_only):
    """The path of every route outside /admin/, those that take arguments filled
    with member A's ids, the editors-only page and document, or a guess."""
    document, page = editors_only.document, editors_only.page
    filled = {
        **{name: url(name, "nl", kwargs(w)) for name, kwargs in PERSONAL_ROUTES.items()},
        **{name: url(name, "nl", kwargs(w)) for name, kwargs in SECRET_LINK_ROUTES.items()},
        **{name: url(name, "nl", kwargs(w)) for name, kwargs in OFFER_ROUTES.items()},
        **{name: url(name, "nl", kwargs(w)) for name, kwargs in PUBLIC_CODE_ROUTES.items()},
        **{name: url(name, "nl", kwargs(w)) for name, kwargs in NETWORK_ROUTES.items()},
        **{name: url(name, "nl", kwargs(w)) for name, kwargs in TEAM_ROUTES.items()},
        "wagtaildocs_serve": document.url,
        "wagtaildocs_authenticate_with_password": reverse(
            "wagtaildocs_authenticate_with_password",
            args=[document.collection.get_view_restrictions()[0].pk],
        ),
        "wagtailcore_authenticate_with_password": url(
            "wagtailcore_authenticate_with_password",
            "nl",
            {"page_view_restriction_id": page.get_view_restrictions()[0].pk, "page_id": page.pk},
        ),
        "wagtail_serve": page.url,
        "account_confirm_email": url("account_confirm_email", "nl", {"key": "x"}),
        "account_reset_password_from_key": url(
            "account_reset_password_from_key", "nl", {"uidb36": "1", "key": "x"}
        ),
    }
    routes = [route for route in all_routes() if not route[0].startswith("admin/")]
    # A new route that takes arguments must be filled above, so that it is walked too.
    assert {name for _route, name, count in routes if count} == set(filled)
    return {route: filled[name] if count else f"/{route}" for route, name, count in routes}


def test_an_editor_without_the_second_factor_has_a_members_rights_outside_the_admin(
    world, editors_only
):
    # Every route outside the admin, those that check a permission, a group or
    # superuser status among them, answers an editor who holds every right but
    # has not passed the second factor as it answers a member who holds none.
    editor = MemberFactory(is_staff=True, is_superuser=True)
    editor.groups.add(editors_only.group)
    paths = paths_outside_the_admin(world, editors_only)
    as_editor, as_member = logged_in(editor), logged_in(world.member_b)

    assert len(paths) > 40
    for route, path in paths.items():
        member_sees = as_member.get(path)
        editor_sees = as_editor.get(path)
        assert editor_sees.status_code == member_sees.status_code, route
        assert_no_mark(editor_sees, route)
    assert as_editor.session["_auth_user_id"] == str(editor.pk)  # logged in to the end

    # The control: with the second factor the same editor reads what is theirs to read.
    verified = logged_in_with_second_factor(editor)
    for name in ["assignment_file", "wagtaildocs_serve", "wagtail_serve"]:
        route = next(route for route, _name, _count in all_routes() if _name == name)
        response = verified.get(paths[route])
        assert response.status_code == 200, route
        assert MARK.encode() in body(response).lower(), route


def test_a_member_of_a_group_without_rights_opens_its_pages_without_a_code(world, editors_only):
    # Only an editor's powers wait for the second factor: a group that grants
    # no permission is a member's, and opens what is restricted to it.
    partners = Group.objects.create(name="Partners")
    for restriction in [
        *editors_only.page.get_view_restrictions(),
        *editors_only.document.collection.get_view_restrictions(),
    ]:
        restriction.groups.add(partners)
    world.member_b.groups.add(partners)
    client = logged_in(world.member_b)

    page = client.get(editors_only.page.url)
    document = client.get(editors_only.document.url)

    assert page.status_code == 200 and MARK in page.content.decode().lower()
    assert document.status_code == 200 and body(document) == PDF
