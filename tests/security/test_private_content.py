"""Private and draft pages stay out of the sitemap, the search results and
the suggestions while typing: pages behind a password, a log-in or a group
restriction and everything below them, drafts never published, pages
unpublished after publishing and the unpublished changes of a live page. A
public live page is in all of them, in both languages."""

from urllib.parse import urlparse
from xml.etree import ElementTree

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from search.demo import text_pdf
from tests.factories.pages import make_content_page, translate_page
from tests.search.results import top3

# Committed for real: the index is updated when a change commits, as in production.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def page(parent, word, *, publish=True, **fields):
    """A page whose title and text carry a word found nowhere else."""
    fields.setdefault("intro", f"Over {word}verhaal en meer.")
    created = make_content_page(
        parent, title=f"Pagina {word}", slug=word, live=publish, show_in_menus=False, **fields
    )
    revision = created.save_revision()
    if publish:
        revision.publish()
    created.refresh_from_db()
    return created


def restrict(target, kind):
    restriction = PageViewRestriction.objects.create(
        page=target,
        restriction_type=kind,
        password="geheim-wachtwoord" if kind == PageViewRestriction.PASSWORD else "",
    )
    if kind == PageViewRestriction.GROUPS:
        from django.contrib.auth.models import Group

        restriction.groups.add(Group.objects.get(name="Editors"))
    return restriction


def sitemap_paths(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    locations = ElementTree.fromstring(response.content).findall("sm:url/sm:loc", SITEMAP_NS)
    return {urlparse(location.text).path for location in locations}


def results_part(html):
    """The results of a search page, without the search box that echoes the query."""
    return html.split('aria-labelledby="results-heading"', 1)[1].split("</section>", 1)[0]


def search_shows(client, hidden):
    """Whether searching for the page's words shows anything of it: its title,
    address or text in the results, a spelling suggestion, or a title offered
    while typing."""
    word = hidden.slug
    results = [
        results_part(client.get(path, {"q": query, "both": "on"}).content.decode()).lower()
        for path in ["/nl/zoeken/", "/fr/recherche/"]
        for query in [word, f"{word}verhaal", f"Pagina {word}", f"{word[:-1]}x"]
    ]
    suggested = [
        s["title"]
        for path in ["/nl/zoeken/suggesties/", "/fr/recherche/suggestions/"]
        for prefix in [word[:4], "Pagina"]
        for s in client.get(path, {"q": prefix}).json()["suggestions"]
    ]
    return any(word in html for html in results) or hidden.title in suggested


@pytest.fixture
def pages(home_pages):
    home, home_fr = home_pages
    public = page(home, "zichtbaarwoord")
    public_fr = translate_page(public, "fr", title="Page zichtbaarwoord", slug="visible")

    # Made private after it was published and indexed, as an editor would.
    by_password = page(home, "wachtwoordwoord")
    below_password = page(by_password, "onderwachtwoord")
    restrict(by_password, PageViewRestriction.PASSWORD)

    # Made private before it was published.
    by_login = page(home, "aanmeldwoord", publish=False)
    restrict(by_login, PageViewRestriction.LOGIN)
    by_login.save_revision().publish()
    below_login = page(by_login, "onderaanmeld")

    by_group = page(home, "groepwoord")
    restrict(by_group, PageViewRestriction.GROUPS)

    draft = page(home, "ontwerpwoord", publish=False)
    unpublished = page(home, "ingetrokkenwoord")
    unpublished.unpublish()

    return {
        "public": [public, public_fr],
        "hidden": {
            "password": by_password,
            "below password": below_password,
            "log-in": by_login,
            "below log-in": below_login,
            "groups": by_group,
            "draft": draft,
            "unpublished": unpublished,
        },
    }


def test_a_public_live_page_is_in_the_sitemap_and_the_search_in_both_languages(client, pages):
    public, public_fr = pages["public"]

    paths = sitemap_paths(client)
    suggested = client.get("/fr/recherche/suggestions/", {"q": "Page zicht"}).json()

    assert {"/nl/", "/fr/", public.url, public_fr.url} <= paths
    assert public_fr.url.startswith("/fr/")
    assert public.title in top3(client, "/nl/zoeken/", "zichtbaarwoord")
    assert public_fr.title in top3(client, "/fr/recherche/", "zichtbaarwoord")
    assert [s["title"] for s in suggested["suggestions"]] == [public_fr.title]


def test_private_draft_and_unpublished_pages_are_not_in_the_sitemap(client, pages):
    paths = sitemap_paths(client)

    for why, hidden in pages["hidden"].items():
        assert hidden.url_path not in str(paths), why
        assert not any(path.rstrip("/").endswith(f"/{hidden.slug}") for path in paths), why


@pytest.mark.parametrize(
    "why",
    ["password", "below password", "log-in", "below log-in", "groups", "draft", "unpublished"],
)
def test_private_draft_and_unpublished_pages_are_not_found(client, pages, why):
    hidden = pages["hidden"][why]

    assert not search_shows(client, hidden)


def test_a_page_made_public_again_comes_back(client, pages):
    # The control: the same search does find the page once it may be found.
    hidden = pages["hidden"]["password"]
    PageViewRestriction.objects.filter(page=hidden).delete()

    assert search_shows(client, hidden)
    assert hidden.url in sitemap_paths(client)


def test_unpublished_changes_of_a_live_page_are_not_found(client, home_pages):
    home, _ = home_pages
    live = page(home, "eersteversie")
    live.title = "Pagina geheimeherwerking"
    live.save_revision()

    assert top3(client, "/nl/zoeken/", "geheimeherwerking") == []
    assert top3(client, "/nl/zoeken/", "eersteversie") == ["Pagina eersteversie"]


def test_a_document_in_a_collection_made_private_later_is_not_found(client, home_pages):
    collection = Collection.get_first_root_node().add_child(name="Intern")
    get_document_model().objects.create(
        title="Personeelsnota",
        collection=collection,
        file=ContentFile(text_pdf(["Vertrouwelijke loonschalen."]), "nota.pdf"),
    )
    assert top3(client, "/nl/zoeken/", "loonschalen") == ["Personeelsnota"]

    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )

    assert top3(client, "/nl/zoeken/", "loonschalen") == []
    assert top3(client, "/fr/recherche/", "personeelsnota") == []


def test_a_page_an_editor_makes_private_in_the_admin_leaves_the_search(client, home_pages, editor):
    home, _ = home_pages
    target = page(home, "beheerwoord")
    assert top3(client, "/nl/zoeken/", "beheerwoord") == ["Pagina beheerwoord"]
    admin = Client()
    admin.force_login(editor)

    response = admin.post(f"/admin/pages/{target.pk}/privacy/", {"restriction_type": "login"})

    assert response.status_code == 200
    assert PageViewRestriction.objects.filter(page=target).exists()
    assert not search_shows(client, target)
    assert target.url not in sitemap_paths(client)
