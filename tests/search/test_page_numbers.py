"""Whatever page number a visitor puts in the address of the search, they
get a page of results: a number past the end shows the last page, one that
is not a number the first, never a server error (PostgreSQL refuses an
offset past 64 bits)."""

import pytest

from tests.factories.pages import make_content_page

pytestmark = pytest.mark.django_db

RESULTS = 13  # two pages of ten


@pytest.fixture
def trainings(home_pages, commit):
    home, _ = home_pages
    with commit():
        for number in range(RESULTS):
            page = make_content_page(
                home, title=f"Opleiding schuldhulp {number}", slug=f"opleiding-{number}"
            )
            page.save_revision().publish()


@pytest.mark.parametrize(
    ("page", "shown"),
    [
        ("99999999999999999999", 2),
        (str(2**63), 2),
        (str(2**63 // 10), 2),
        ("9" * 400, 2),
        ("3", 2),
        ("2", 2),
        ("1", 1),
        ("0", 1),
        ("-99999999999999999999", 1),
        ("1e30", 1),
        ("abc", 1),
    ],
)
@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_any_page_number_shows_a_page_of_the_results(client, trainings, page, shown, sort):
    for both in ["", "on"]:
        response = client.get(
            "/nl/zoeken/", {"q": "opleiding", "page": page, "sort": sort, "both": both}
        )

        assert response.status_code == 200, (page, sort, both)
        assert response.context["result_count"] == RESULTS
        assert response.context["page_obj"].number == shown
        assert len(response.context["hits"]) == (10 if shown == 1 else RESULTS - 10)


def test_a_huge_page_number_without_results_shows_the_empty_page(client, trainings):
    response = client.get("/nl/zoeken/", {"q": "nergens", "page": "99999999999999999999"})

    assert response.status_code == 200
    assert response.context["result_count"] == 0
