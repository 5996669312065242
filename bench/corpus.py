"""A large, generated page tree for the search benchmark (bench/search.py).

Saving tens of thousands of Wagtail pages one by one takes far too long, so
only the home pages and one "Archief"/"Archives" page per language are made
the ordinary way; the N content pages under each archive are bulk-inserted:
the `wagtailcore_page` rows with their treebeard paths written directly,
then the `home_contentpage` rows (Django's bulk_create refuses multi-table
inheritance) with `executemany`.

The text is seeded random, so every run searches the same corpus: words are
drawn with a Zipf-like distribution from a vocabulary of function words,
real domain words of the language (with inflections and accents, so that
stemming and folding have work to do) and a few thousand generated
pseudo-words, so that the vocabulary is as large as a real portal's. A
domain word then occurs in hundreds to thousands of pages, a pseudo-word in
a handful: the queries of the benchmark meet both.
"""

import random
import uuid
from datetime import UTC, datetime, timedelta
from itertools import accumulate

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils.text import slugify
from wagtail.models import Locale, Page, Site

from home.models import ContentPage, HomePage

SEED = 20_000
BATCH = 2_000
# The pages' publication dates spread over this many days before today.
DATE_SPREAD_DAYS = 3 * 365
PSEUDO_WORDS = 4_000
# Where the domain words rank among the content words: the first after this
# many general words, then one every DOMAIN_SPREAD ranks. The most frequent
# ("opleiding") ends up in about a third of the pages, the last ones in 2 %.
DOMAIN_OFFSET = 30
DOMAIN_SPREAD = 8


def words(text):
    return text.split()


# The most frequent words of running text: every page has them.
FUNCTION_WORDS = {
    "nl": words(
        "de het een van en in voor met op te aan bij naar door om over als ook die dat "
        "wordt worden zijn is kan niet of tot uit hun deze meer we onze zich er"
    ),
    "fr": words(
        "de la le les des et à en du pour un une dans avec sur par au aux est sont qui "
        "que ou plus leur leurs ce cette nous notre se ne pas"
    ),
}

# Words of the portal's domain, roughly from the most to the least frequent.
DOMAIN_WORDS = {
    "nl": words(
        "opleiding opleidingen begeleiding maatschappelijk maatschappelijke werker werkers "
        "OCMW OCMW's sociale dienst diensten hulpverlening cliënt cliënten armoede energie "
        "gezondheid huisvesting jongeren integratie vluchtelingen vluchteling leefloon "
        "schuldbemiddeling budgetbeheer psychosociale kinderarmoede gezinnen gezin ouderen "
        "thuiszorg woning woningen huurders verhuurder sociaal werk vorming vormingen "
        "netwerk netwerken lokale besturen bestuur gemeente gemeenten Vlaanderen Brussel "
        "Wallonië provincie beleid regelgeving wetgeving recht rechten toegang drempels "
        "onderwijs tewerkstelling werkgelegenheid activering werkzoekenden arbeidsmarkt "
        "inburgering nieuwkomers migratie asiel verzoekers verblijf dringende medische "
        "hulp zorg geestelijke welzijn welzijnswerk mantelzorg dementie eenzaamheid "
        "participatie samenwerking partners vrijwilligers ervaringsdeskundigen "
        "dossier dossiers aanvraag aanvragen onderzoek sociaal onderzoek intake "
        "schulden schuldenlast afbetalingsplan collectieve schuldenregeling budget "
        "energiearmoede stookolie verwarming isolatie premie premies tegemoetkoming "
        "kinderopvang opvoeding ondersteuning ouders tieners studenten studietoelage "
        "voedselhulp voedselbank sociale kruidenier kledij mobiliteit vervoer "
        "dakloosheid daklozen nachtopvang crisisopvang preventie uithuiszetting "
        "digitale inclusie laaggeletterdheid taal Nederlands cursus cursussen "
        "methodiek methodieken casusbespreking supervisie intervisie teamcoaching "
        "handelingsruimte discretie beroepsgeheim privacy deontologie ethiek"
    ),
    "fr": words(
        "formation formations accompagnement assistant assistants social sociale sociaux "
        "sociales CPAS service services aide usager usagers bénéficiaires pauvreté énergie "
        "santé logement logements jeunes intégration réfugiés réfugié revenu "
        "médiation dettes dette guidance budgétaire psychosociale l'intégration "
        "d'insertion l'aide familles famille personnes âgées aînés soins domicile "
        "locataires propriétaire travail réseau réseaux pouvoirs locaux commune communes "
        "Wallonie Bruxelles Flandre province politique réglementation législation droit "
        "droits accès obstacles enseignement emploi insertion socioprofessionnelle "
        "demandeurs marché intégration primo-arrivants migration asile séjour "
        "urgente médicale santé mentale bien-être aidants proches démence solitude "
        "participation collaboration partenaires bénévoles experts vécu "
        "dossier dossiers demande demandes enquête sociale d'accueil accueil "
        "endettement surendettement plan règlement collectif budget précarité "
        "énergétique mazout chauffage isolation prime primes allocation allocations "
        "crèche éducation soutien parents adolescents étudiants bourse d'études "
        "alimentaire banque épicerie vêtements mobilité transport sans-abrisme "
        "sans-abri hébergement d'urgence prévention expulsion numérique inclusion "
        "illettrisme langue français cours méthodologie méthodes intervision "
        "supervision secret professionnel vie privée déontologie éthique égalité "
        "sécurité chômage invalidité handicap réinsertion équipe"
    ),
}

# Syllables the pseudo-words are made of, so that they look like the language.
SYLLABLES = {
    "nl": {
        "onsets": words("b d f g h k l m n p r s t v w z br dr gr kr pr st sch sl sp tr vr kl bl"),
        "vowels": words("a e i o u aa ee oo uu ie oe ij ui eu ou"),
        "codas": ["", "", "", "n", "r", "l", "k", "t", "s", "ng", "rd", "lt", "st", "nd"],
        "endings": ["", "", "ing", "heid", "en", "lijk", "schap", "er", "tje", "ers"],
    },
    "fr": {
        "onsets": words("b c d f g j l m n p r s t v ch pr tr cr gr pl bl fr"),
        "vowels": words("a e i o u é è ai au eu ou oi an on in"),
        "codas": ["", "", "", "", "r", "l", "s", "n", "x"],
        "endings": ["", "", "tion", "ment", "ité", "eur", "ique", "és", "ance", "age"],
    },
}
TITLE_WORDS = (4, 8)
INTRO_WORDS = (120, 200)
SENTENCE_WORDS = (8, 20)


class Language:
    """The words of one language, and how often each comes up."""

    def __init__(self, code, rng):
        self.code = code
        self.rng = rng
        content = spread(DOMAIN_WORDS[code], pseudo_words(code, rng, PSEUDO_WORDS))
        self.words = FUNCTION_WORDS[code] + content
        self.text_weights = zipf_cumulative(len(self.words))
        # Titles hold content words, drawn with the same skew.
        self.content = content
        self.title_weights = zipf_cumulative(len(content))

    def draw(self, count, title=False):
        if title:
            return self.rng.choices(self.content, cum_weights=self.title_weights, k=count)
        return self.rng.choices(self.words, cum_weights=self.text_weights, k=count)

    def title(self):
        words = self.draw(self.rng.randint(*TITLE_WORDS), title=True)
        return " ".join(words)[:1].upper() + " ".join(words)[1:]

    def intro(self):
        remaining = self.rng.randint(*INTRO_WORDS)
        sentences = []
        while remaining > 0:
            length = min(self.rng.randint(*SENTENCE_WORDS), remaining)
            remaining -= length
            words = self.draw(length)
            if length > 10:
                words[length // 2] += ","
            sentence = " ".join(words)
            sentences.append(sentence[:1].upper() + sentence[1:] + ".")
        return " ".join(sentences)


def zipf_cumulative(size, exponent=1.0, shift=2.7):
    """Cumulative Zipf-Mandelbrot weights of ranks 1..size (for random.choices)."""
    return list(accumulate(1 / (rank + shift) ** exponent for rank in range(1, size + 1)))


def spread(domain, others):
    """The domain words among the others, from rank DOMAIN_OFFSET on one every
    DOMAIN_SPREAD ranks, so that they are neither all frequent nor all rare."""
    words = list(others)
    for position, word in enumerate(domain):
        words.insert(DOMAIN_OFFSET + position * DOMAIN_SPREAD, word)
    return words


def pseudo_words(code, rng, count):
    """`count` distinct made-up words that sound like the language."""
    parts = SYLLABLES[code]
    known = set(FUNCTION_WORDS[code]) | set(DOMAIN_WORDS[code])
    words = []
    seen = set()
    while len(words) < count:
        syllables = [
            rng.choice(parts["onsets"]) + rng.choice(parts["vowels"]) + rng.choice(parts["codas"])
            for _ in range(rng.randint(2, 4))
        ]
        word = "".join(syllables) + rng.choice(parts["endings"])
        if word not in seen and word not in known:
            seen.add(word)
            words.append(word)
    return words


def default_site_homes():
    """(Dutch home, French home) as the default site's root, made as
    tests/factories/pages.py does when the database has none yet."""
    site = Site.objects.get(is_default_site=True)
    nl = Locale.objects.get(language_code="nl")
    fr = Locale.objects.get(language_code="fr")
    home = site.root_page.specific
    if not isinstance(home, HomePage) or home.locale_id != nl.pk:
        welcome = site.root_page
        home = Page.get_first_root_node().add_child(
            instance=HomePage(title="Welkom", slug="start", locale=nl, intro="Het portaal.")
        )
        site.root_page = home
        site.save()
        welcome.delete()
    home_fr = home.get_translation_or_none(fr)
    if home_fr is None:
        home_fr = home.copy_for_translation(fr, copy_parents=True)
        home_fr.title, home_fr.slug, home_fr.intro = "Bienvenue", "accueil", "Le portail."
        home_fr.save_revision().publish()
        home_fr.refresh_from_db()
    return home, home_fr


def archive(home, title, slug, translation_key):
    """An ordinary content page the generated pages go under."""
    if home.get_children().filter(slug=slug).exists():
        raise RuntimeError(f"{home.url_path}{slug}/ exists: build the corpus in a fresh database")
    return home.add_child(
        instance=ContentPage(
            title=title, slug=slug, locale=home.locale, translation_key=translation_key
        )
    )


def child_path(parent, position):
    """Treebeard's materialised path of the `position`th child (1-based):
    steps of 4 base-36 digits."""
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    step = ""
    while position:
        position, digit = divmod(position, 36)
        step = digits[digit] + step
    return parent.path + step.rjust(Page.steplen, "0")


def insert_pages(parent, language, keys, today, content_type):
    """Bulk-insert one page per translation key under `parent`, in batches."""
    locale = Locale.objects.get(language_code=language.code)
    rng = language.rng
    for start in range(0, len(keys), BATCH):
        pages, intros = [], []
        for position in range(start + 1, min(start + BATCH, len(keys)) + 1):
            title = language.title()
            slug = f"{slugify(title)[:60].strip('-')}-{position}"
            published = today - timedelta(seconds=rng.randrange(DATE_SPREAD_DAYS * 86_400))
            pages.append(
                Page(
                    path=child_path(parent, position),
                    depth=parent.depth + 1,
                    numchild=0,
                    content_type=content_type,
                    live=True,
                    locale=locale,
                    translation_key=keys[position - 1],
                    title=title,
                    draft_title=title,
                    slug=slug,
                    url_path=f"{parent.url_path}{slug}/",
                    first_published_at=published,
                    last_published_at=published
                    + timedelta(
                        seconds=rng.randrange(int((today - published).total_seconds()) + 1)
                    ),
                )
            )
            intros.append(language.intro())
        Page.objects.bulk_create(pages)
        ids = page_ids(parent, pages)
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO home_contentpage (page_ptr_id, intro, body) VALUES (%s, %s, %s)",
                [(ids[page.path], intro, "[]") for page, intro in zip(pages, intros, strict=True)],
            )
    Page.objects.filter(pk=parent.pk).update(numchild=len(keys))


def page_ids(parent, pages):
    """Path → id of pages just bulk-created (read back where the database
    does not return them)."""
    if all(page.pk for page in pages):
        return {page.path: page.pk for page in pages}
    rows = Page.objects.filter(
        depth=parent.depth + 1, path__gte=pages[0].path, path__lte=pages[-1].path
    ).values_list("path", "pk")
    return dict(rows)


def build(pages_per_language, seed=SEED):
    """Make the page tree: N content pages per language under an archive
    page of each home, the French page i a translation of the Dutch page i.
    Returns how many pages were inserted."""
    rng = random.Random(seed)  # noqa: S311 - a reproducible corpus, not a secret
    keys = [uuid.UUID(int=rng.getrandbits(128), version=4) for _ in range(pages_per_language)]
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    content_type = ContentType.objects.get_for_model(ContentPage)
    with transaction.atomic():
        home, home_fr = default_site_homes()
        archive_key = uuid.UUID(int=rng.getrandbits(128), version=4)
        parents = {
            "nl": archive(home, "Archief", "archief", archive_key),
            "fr": archive(home_fr, "Archives", "archives", archive_key),
        }
        for code, parent in parents.items():
            language = Language(code, random.Random(f"{seed}-{code}"))  # noqa: S311
            insert_pages(parent, language, keys, today, content_type)
    return 2 * pages_per_language
