"""The index follows pages and documents through their life, the database's
full-text index follows the entries, and the search page helps when nothing
is found: a spelling suggestion, the sections to browse, a report for editors."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from search.backends import get_backend
from search.backends.base import IndexDocument, SearchRequest
from search.demo import text_pdf
from search.models import SearchEntry, UnansweredQuery
from tests.factories.accounts import UserFactory
from tests.factories.pages import make_content_page, translate_page
from tests.search.results import top3

# Committed for real: the index is updated when the change commits, as in production.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def found(query, language="nl", **options):
    results = get_backend().search(SearchRequest(query=query, language=language, **options))
    return [hit.title for hit in results.hits]


def test_the_full_text_index_follows_every_change_of_an_entry(db):
    backend = get_backend()
    document = IndexDocument(
        key="page-test",
        language="nl",
        kind="Pagina",
        title="Budgetbegeleiding",
        body="Hulp bij schulden en het beheer van het budget.",
        url="/nl/budget/",
    )
    backend.update([document])
    assert found("schulden") == ["Budgetbegeleiding"]

    document.body = "Hulp bij huisvesting."
    backend.update([document])
    assert found("schulden") == []
    assert found("huisvesting") == ["Budgetbegeleiding"]
    assert SearchEntry.objects.count() == 1

    backend.remove(["page-test"])
    assert found("huisvesting") == []


def test_a_pdf_is_found_by_its_text_in_both_languages_until_it_is_deleted(client, home_pages):
    document = get_document_model().objects.create(
        title="Jaarverslag 2025",
        file=ContentFile(text_pdf(["Schuldhulpverlening en budgetbeheer in cijfers."]), "j.pdf"),
    )

    assert top3(client, "/nl/zoeken/", "schuldhulpverlening") == ["Jaarverslag 2025"]
    html = client.get("/fr/recherche/", {"q": "budgetbeheer"}).content.decode()
    assert "Jaarverslag 2025" in html and "Document" in html
    assert f'href="{document.url}"' in html

    document.delete()
    assert top3(client, "/nl/zoeken/", "schuldhulpverlening") == []


def test_a_document_in_a_private_collection_stays_out(client, home_pages):
    private = Collection.get_first_root_node().add_child(name="Intern")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    get_document_model().objects.create(
        title="Interne nota",
        collection=private,
        file=ContentFile(text_pdf(["Vertrouwelijke personeelsplanning."]), "nota.pdf"),
    )

    assert found("personeelsplanning") == []
    assert found("nota") == []


def test_a_damaged_pdf_is_still_found_by_its_title(home_pages):
    get_document_model().objects.create(
        title="Beschadigde bijlage", file=ContentFile(b"%PDF-1.4 not really", "kapot.pdf")
    )

    assert found("bijlage") == ["Beschadigde bijlage"]


def test_moving_deleting_and_translating_pages_update_the_index(client, home_pages):
    home, home_fr = home_pages
    section = make_content_page(home, title="Thema's", slug="themas")
    section.save_revision().publish()
    page = make_content_page(home, title="Energiearmoede", slug="energie")
    page.save_revision().publish()

    page.move(section, pos="last-child")
    page.refresh_from_db()
    assert (
        client.get("/nl/zoeken/", {"q": "energiearmoede"})
        .content.decode()
        .count('href="/nl/themas/energie/"')
        == 1
    )

    translate_page(page, "fr", title="Précarité énergétique", slug="energie")
    assert found("précarité", "fr") == ["Précarité énergétique"]
    assert found("precarite", "fr") == ["Précarité énergétique"]

    page.delete()
    assert found("energiearmoede") == []


def test_a_misspelt_search_offers_the_right_word_and_the_sections_to_browse(client, home_pages):
    home, _ = home_pages
    offer = make_content_page(home, title="Vormingsaanbod", slug="aanbod", show_in_menus=True)
    offer.save_revision().publish()
    page = make_content_page(home, title="Opvang van vluchtelingen", slug="opvang")
    page.save_revision().publish()

    html = client.get("/nl/zoeken/", {"q": "vluchtelinen"}).content.decode()

    assert "Bedoelde je" in html
    assert 'href="?q=vluchtelingen"' in html
    assert 'href="/nl/aanbod/"' in html  # a section of the main menu to browse


def test_searches_without_results_are_counted_for_the_editors_report(client, home_pages):
    home, _ = home_pages
    make_content_page(home, title="Welzijn", slug="welzijn").save_revision().publish()
    client.get("/nl/zoeken/", {"q": "Zonnepanelen"})
    client.get("/nl/zoeken/", {"q": "  zonnepanelen "})
    client.get("/fr/recherche/", {"q": "panneaux solaires"})
    client.get("/nl/zoeken/", {"q": "welzijn"})  # found: not counted

    counted = {(q.query_string, q.language): q.hits for q in UnansweredQuery.objects.all()}
    assert counted == {("zonnepanelen", "nl"): 2, ("panneaux solaires", "fr"): 1}

    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    report = client.get("/admin/reports/unanswered-searches/")
    assert report.status_code == 200
    assert "zonnepanelen" in report.content.decode()

    client.force_login(UserFactory())
    assert client.get("/admin/reports/unanswered-searches/").status_code in (302, 403)


def test_titles_are_offered_while_typing_in_the_visitors_language(client, home_pages):
    home, _ = home_pages
    page = make_content_page(home, title="Schuldbemiddeling voor gezinnen", slug="schuld")
    page.save_revision().publish()
    translate_page(page, "fr", title="Médiation de dettes pour les familles", slug="dettes")

    nl = client.get("/nl/zoeken/suggesties/", {"q": "schuld"}).json()["suggestions"]
    fr = client.get("/fr/recherche/suggestions/", {"q": "médiation"}).json()["suggestions"]
    fr_word = client.get("/fr/recherche/suggestions/", {"q": "dettes"}).json()["suggestions"]
    short = client.get("/nl/zoeken/suggesties/", {"q": "s"}).json()["suggestions"]

    assert nl == [
        {"title": "Schuldbemiddeling voor gezinnen", "url": "/nl/schuld/", "kind": "Inhoudspagina"}
    ]
    assert [s["title"] for s in fr] == ["Médiation de dettes pour les familles"]
    assert [s["title"] for s in fr_word] == ["Médiation de dettes pour les familles"]
    assert short == []


def test_search_boxes_carry_the_suggestions_without_inline_script(client, home_pages):
    html = client.get("/nl/zoeken/").content.decode()

    assert 'data-suggest-url="/nl/zoeken/suggesties/"' in html
    assert "js/search-suggest" in html
    assert "<script>" not in html


def test_publishing_hands_the_indexing_to_a_background_task(home_pages, settings):
    """With a queue (a worker in production), the request only enqueues: the
    page is found once the task has run."""
    from django_tasks import default_task_backend

    from search.tasks import index_pages

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    home, _ = home_pages
    page = make_content_page(home, title="Woonbegeleiding", slug="wonen")
    page.save_revision().publish()

    queued = [result for result in default_task_backend.results if result.task == index_pages]
    assert found("woonbegeleiding") == []
    assert len(queued) == 1 and page.pk in queued[0].args[0]

    index_pages.call(*queued[0].args)
    assert found("woonbegeleiding") == ["Woonbegeleiding"]


def test_a_rebuild_on_postgresql_leaves_the_planner_statistics_of_the_new_rows(db):
    """Without them, PostgreSQL guesses a few rows a language and plans the
    facet counts of a frequent word badly until autovacuum comes by."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("planner statistics are PostgreSQL's; SQLite's index is optimised instead")
    document = IndexDocument(
        key="page-stats",
        language="nl",
        kind="Pagina",
        title="Budget",
        body="Schulden",
        url="/nl/b/",
    )

    get_backend().rebuild([document])

    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'portal_search_searchentry'")
        assert cursor.fetchone()[0] == 1


@pytest.mark.parametrize("inside_a_transaction", [False, True], ids=["alone", "in-a-transaction"])
def test_on_postgresql_the_matches_are_counted_and_sorted_through_the_full_text_index(
    db, inside_a_transaction
):
    """However many pages hold the word: the planner would scan the table
    and read every page's text vector. The other queries plan as usual."""
    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL plan; SQLite's FTS5 table has no other way")
    documents = [
        IndexDocument(
            key=f"page-{number}",
            language="nl",
            kind="Pagina",
            title=f"Opleiding {number}",
            body="Schulden" if number % 3 == 0 else "Wonen",
            url=f"/nl/{number}/",
        )
        for number in range(30)
    ]
    get_backend().rebuild(documents)
    plans = {}

    def explain_matches(execute, sql, params, many, context):
        for name, mark in [("counts", "GROUP BY facts.facet_keys"), ("newest", "facts.date DESC")]:
            if mark in sql:
                raw = context["cursor"].cursor  # psycopg's own, outside this wrapper
                raw.execute(f"EXPLAIN {sql}", params)
                plans[name] = " ".join(row[0] for row in raw.fetchall())
        return execute(sql, params, many, context)

    with (
        transaction.atomic() if inside_a_transaction else connection.cursor(),
        connection.execute_wrapper(explain_matches),
    ):
        assert len(found("schulden", sort="date")) == 10
        with connection.cursor() as cursor:
            cursor.execute("SHOW enable_seqscan")
            after = cursor.fetchone()[0]

    assert set(plans) == {"counts", "newest"}
    for plan in plans.values():
        assert "Bitmap Index Scan on portal_search_vector_gin" in plan
    assert after == "on"


def test_on_postgresql_what_every_match_is_read_for_stays_in_the_rows(db):
    """The long text goes to the TOAST table, the language and facet keys
    stay in the row: counting the facets of many matches reads narrow rows."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("storage of PostgreSQL; SQLite has its facts table")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reloptions FROM pg_class WHERE relname = 'portal_search_searchentry'"
        )
        assert "toast_tuple_target=128" in cursor.fetchone()[0]
        cursor.execute(
            "SELECT attname, attstorage FROM pg_attribute WHERE attrelid ="
            " 'portal_search_searchentry'::regclass AND attname IN"
            " ('language', 'facet_keys', 'title_vector', 'body')"
        )
        assert dict(cursor.fetchall()) == {
            "language": "m",
            "facet_keys": "m",
            "title_vector": "m",
            "body": "x",
        }
