"""The search page: bad input never breaks it; the index follows publishing;
editors' promoted results. The judged queries are in test_judged_queries.py."""

import pytest

from tests.search.results import top3

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query",
    [
        "",
        "x" * 10_000,
        '"quoted',
        "(parentheses)",
        "AND OR NOT",
        "*",
        "%",
        "\\",
        'NEAR(a b) "x" : y',
        "<script>alert(1)</script>",
    ],
)
def test_awkward_queries_never_break_the_page(client, home_pages, query):
    for extra in [{}, {"kind": "nonsense"}, {"page": "abc"}, {"page": "9999"}, {"sort": "weird"}]:
        response = client.get("/nl/zoeken/", {"q": query, **extra})
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.content.decode()


def test_the_index_follows_publishing_and_unpublishing(
    client, home_pages, django_capture_on_commit_callbacks
):
    from tests.factories.pages import make_content_page

    home, _ = home_pages
    with django_capture_on_commit_callbacks(execute=True):
        page = make_content_page(home, title="Schuldbemiddeling", slug="schuld")
        page.save_revision().publish()

    assert "Schuldbemiddeling" in top3(client, "/nl/zoeken/", "schuldbemiddeling")
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert top3(client, "/nl/zoeken/", "schuldbemiddeling") == []


def test_editors_pin_a_promoted_result_and_queries_are_counted(client, home_pages):
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    from tests.factories.pages import make_content_page

    home, _ = home_pages
    faq = make_content_page(home, title="Veelgestelde vragen", slug="faq")
    SearchPromotion.objects.create(
        query=Query.get("inschrijven"),
        page=faq,
        description="Alles over inschrijven.",
        sort_order=0,
    )

    html = client.get("/nl/zoeken/", {"q": "inschrijven"}).content.decode()
    client.get("/nl/zoeken/", {"q": "x" * 10_000})

    assert "Alles over inschrijven." in html and 'href="/nl/faq/"' in html
    assert Query.get("inschrijven").hits == 1
