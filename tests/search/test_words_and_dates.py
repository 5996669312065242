"""The search page as a visitor reads it, through the database's own
full-text index (run on SQLite and on PostgreSQL): each result's date is the
content's, facets come under headings, highlights mark whole words, and a
word finds its other spellings: compounds with or without a hyphen, the
possessive "'s", numbers in words or digits, French elision."""

import re
from datetime import date, timedelta

import pytest
from django.utils import formats, timezone, translation
from django.utils.text import slugify

from search.indexing import rebuild
from tests.factories.offer import SessionFactory, brussels, make_training, make_trajectory
from tests.factories.pages import make_content_page, translate_page
from tests.factories.stories import make_report
from verhalen.models import MeetingReportPage

pytestmark = pytest.mark.django_db

NL, FR = "/nl/zoeken/", "/fr/recherche/"
RESULT = re.compile(
    r'<p class="kicker">([^<]*)</p>\s*<h3 class="offer-item__title"><a href="[^"]+">([^<]+)</a>'
)


def results(client, path, query, **params):
    """(kicker, title) of each result shown, in order."""
    html = client.get(path, {"q": query, **params}).content.decode().replace("&#x27;", "'")
    return [(kicker.strip(), title) for kicker, title in RESULT.findall(html)]


def titles(client, path, query, **params):
    return [title for _kicker, title in results(client, path, query, **params)]


def day(moment, language="nl"):
    with translation.override(language):
        return formats.date_format(timezone.localtime(moment), "DATE_FORMAT")


def page(parent, title, text, slug=None):
    return make_content_page(parent, title=title, slug=slug or slugify(title), intro=text)


# The content's date ----------------------------------------------------------


def test_a_report_shows_and_sorts_by_the_day_of_its_meeting(client, home_pages):
    home, _ = home_pages
    older = make_report(home, title="Uitwisseling AMIF 2019", date=date(2019, 5, 16))
    newer = older.get_parent().add_child(
        instance=MeetingReportPage(
            title="Uitwisseling AMIF 2021", slug="amif-2021", date=date(2021, 3, 4), place="Gent"
        )
    )
    # Both put online lately, the older meeting's report last.
    now = timezone.now()
    MeetingReportPage.objects.filter(pk=newer.pk).update(first_published_at=now - timedelta(1))
    MeetingReportPage.objects.filter(pk=older.pk).update(first_published_at=now)
    rebuild()

    found = results(client, NL, "uitwisseling", sort="date")

    assert [title for _kicker, title in found] == [
        "Uitwisseling AMIF 2021",
        "Uitwisseling AMIF 2019",
    ]
    assert found[0][0].endswith("4 maart 2021")
    assert found[1][0].endswith("16 mei 2019")
    assert not any(str(now.year) in kicker for kicker, _title in found)


def test_an_offer_shows_its_next_session_or_else_its_last_and_an_edition_its_start(
    client, offer_index
):
    index, _ = offer_index
    past = make_training(index, sessions=0, title="Basisopleiding 2020", slug="basis-2020")
    held = brussels(2020, 1, 31)
    SessionFactory(page=past, starts_at=held, ends_at=held + timedelta(hours=3))
    _trajectory, edition = make_trajectory(index)
    first_module = edition.get_children().first().specific
    starts = first_module.get_sessions().get().starts_at
    rebuild()

    dates = {title: kicker for kicker, title in results(client, NL, "basisopleiding 2020")}
    editions = {title: kicker for kicker, title in results(client, NL, "editie")}

    assert dates["Basisopleiding 2020"].endswith(day(held))
    assert editions["Editie 2027-2028"].endswith(day(starts))


# Facets ------------------------------------------------------------------------


def test_facets_come_under_headings_and_languages_by_their_names(client, home_pages):
    home, _ = home_pages
    budget = page(home, "Budgetbegeleiding", "Hulp bij het budget.")
    translate_page(budget, "fr", title="Guidance budgétaire", slug="budget", intro="Le budget.")
    rebuild()

    html = client.get(NL, {"q": "budget", "both": "on"}).content.decode()
    chosen = client.get(NL, {"q": "budget", "both": "on", "language": "fr"}).content.decode()

    # A heading per facet, each value a link with its count.
    assert re.findall(r'<h3 id="facet-(\w+)"', html) == ["kind", "language"]
    assert re.search(
        r"<span lang=\"nl\">Nederlands</span> <span class=\"facet-list__count\">\(1\)</span>", html
    )
    assert re.search(
        r"<span lang=\"fr\">Français</span> <span class=\"facet-list__count\">\(1\)</span>", html
    )
    assert not re.search(r">(nl|fr)<", html)
    # The chosen value says so, and its link takes the filter away.
    link = re.search(
        r'<a href="\?([^"]*)" aria-current="true"[^>]*><span lang="fr">Français', chosen
    )
    assert link and "language=" not in link.group(1) and "q=budget" in link.group(1)


def test_a_facet_that_narrows_nothing_is_left_out(client, home_pages):
    home, _ = home_pages
    page(home, "Budgetbegeleiding", "Hulp bij het budget.")
    rebuild()

    html = client.get(NL, {"q": "budget"}).content.decode()

    # One language, one kind: nothing to choose from.
    assert 'id="facet-language"' not in html and 'id="facet-kind"' not in html


# Highlights --------------------------------------------------------------------


@pytest.mark.parametrize("query", ["OCMW's", "OCMW", "'s avonds OCMW"])
def test_a_highlight_marks_whole_words_never_a_lone_letter(client, home_pages, query):
    home, _ = home_pages
    page(home, "Avondpermanentie", "'s Avonds helpen de OCMW's en het OCMW van Gent.")
    rebuild()

    html = client.get(NL, {"q": query}).content.decode().replace("&#x27;", "'")

    assert "<mark>OCMW's</mark>" in html and "<mark>OCMW</mark>" in html
    assert not re.search(r"<mark>\w</mark>", html)
    assert "'<mark>" not in html and "</mark>'" not in html


# Words -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("kafkabrigade", "Kafka-brigade"),
        ("kafka brigade", "Kafka-brigade"),
        ("Kafka-brigade", "Kafka-brigade"),
        ("Kafka-brigade", "Meldpunt"),  # written "kafkabrigade"
        ("kafkabrigade", "Meldpunt"),
        ("OCMW-medewerkers", "Onthaal"),
        ("ocmwmedewerkers", "Onthaal"),
        ("vijf krachtlijnen", "Krachtlijnen"),  # "5 krachtlijnen"
        ("5 krachtlijnen", "Vijf principes"),
    ],
)
def test_dutch_compounds_and_numbers_are_found_however_they_are_written(
    client, home_pages, query, title
):
    home, _ = home_pages
    page(home, "Kafka-brigade", "De Kafka-brigade snijdt overbodige regels weg.")
    page(home, "Meldpunt", "Meld een overbodige regel bij de kafkabrigade.")
    page(home, "Onthaal", "Een nieuwe OCMW-medewerker leert het onthaal kennen.")
    page(home, "Krachtlijnen", "De conferentie leverde 5 krachtlijnen op.")
    page(home, "Vijf principes", "Vijf krachtlijnen voor sterk sociaal werk.")
    rebuild()

    assert title in titles(client, NL, query)


def test_a_possessive_finds_at_least_what_the_word_finds(client, home_pages):
    home, _ = home_pages
    page(home, "Het OCMW van Gent", "Een OCMW in Oost-Vlaanderen.")
    page(home, "OCMW's in Vlaanderen", "Alle OCMW's samen.")
    page(home, "Cv's nalezen", "Hulp bij je cv.")
    rebuild()

    plain = set(titles(client, NL, "OCMW"))
    possessive = set(titles(client, NL, "OCMW's"))

    assert {"Het OCMW van Gent", "OCMW's in Vlaanderen"} <= plain
    assert possessive >= plain
    assert titles(client, NL, "cv") == ["Cv's nalezen"]


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("cinq principes", "Les principes"),  # "5 principes"
        ("5 principes", "Les lignes directrices"),  # "cinq principes directeurs"
        ("OCMW", "Le rôle de l'OCMW"),
        ("l'OCMW", "Le rôle de l'OCMW"),
        ("d'un CPAS", "Un CPAS"),
        ("aujourd'hui", "Aujourd'hui"),
    ],
)
def test_french_numbers_and_elisions_are_found_however_they_are_written(
    client, home_pages, query, title
):
    _, home_fr = home_pages
    page(home_fr, "Les principes", "La conférence a formulé 5 principes.", slug="principes")
    page(home_fr, "Les lignes directrices", "Cinq principes directeurs.", slug="lignes")
    page(home_fr, "Le rôle de l'OCMW", "L'OCMW en Flandre.", slug="role")
    page(home_fr, "Un CPAS", "Le travail d'un CPAS.", slug="cpas")
    page(home_fr, "Aujourd'hui", "Le travail social aujourd'hui.", slug="aujourdhui")
    rebuild()

    assert title in titles(client, FR, query)
