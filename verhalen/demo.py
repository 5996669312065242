"""Demo content of the stories and reports: practitioner stories tagged
with principles and workstreams, and the bilingual AMIF exchange between
OCMW and CPAS of 16 May 2019 in Liège (seed 003)."""

from datetime import date

from wagtail.models import Locale, Page

from home.models import GuidingPrinciple, HomePage, Theme
from home.translation import ParallelText, translate_into

from .models import MeetingReportPage, ReportAttendee, ReportIndexPage, StoryIndexPage, StoryPage

t = ParallelText()

STORY_INDEX = {
    "title": t.text("Verhalen uit de praktijk", "Récits de terrain"),
    "slug": t.text("verhalen", "recits"),
    "intro": t.text(
        "Maatschappelijk werkers vertellen hoe ze hun handelingsruimte invullen, met lees- en vormingstips.",
        "Des travailleurs sociaux racontent comment ils utilisent leur marge de manœuvre, avec des conseils de lecture et de formation.",
    ),
}

REPORT_INDEX = {
    "title": t.text("Verslagen", "Rapports"),
    "slug": t.text("verslagen", "rapports"),
    "intro": t.text(
        "Verslagen van uitwisselingen en bijeenkomsten.", "Rapports d'échanges et de rencontres."
    ),
}

STORIES = [
    {
        "title": t.text("Eerst luisteren, dan het dossier", "D'abord écouter, ensuite le dossier"),
        "slug": t.text("eerst-luisteren", "d-abord-ecouter"),
        "teaser": t.text(
            "Een maatschappelijk werker vertelt hoe een gesprek zonder formulieren de weg opende naar hulp die echt paste.",
            "Une travailleuse sociale raconte comment un entretien sans formulaires a ouvert la voie à une aide vraiment adaptée.",
        ),
        "author_name": t.text("Els Van den Broeck"),
        "author_organisation": t.text("OCMW Aalst"),
        "principles": ["laagdrempelig-en-nabij", "generalistisch"],
        "themes": ["sociaal-werk-ocmw"],
        "workstreams": ["stem-van-de-maatschappelijk-werker"],
        "body": [
            (
                "paragraph",
                t.rich(
                    [
                        "Een moeder kwam binnen met een stapel onbetaalde facturen. Ik liet het aanvraagformulier even liggen en vroeg hoe het met haar ging.",
                        "Pas na een half uur kwam het echte verhaal: haar zoon ging niet meer naar school. De facturen waren een gevolg, niet de kern.",
                    ],
                    [
                        "Une mère est arrivée avec une pile de factures impayées. J'ai laissé le formulaire de côté et je lui ai demandé comment elle allait.",
                        "Ce n'est qu'après une demi-heure que la vraie histoire est apparue : son fils n'allait plus à l'école. Les factures étaient une conséquence, pas le cœur du problème.",
                    ],
                ),
            ),
            (
                "lesson",
                t.rich(
                    ["Wie de hele situatie ziet, kan gerichter helpen."],
                    ["Qui voit toute la situation peut aider de manière plus ciblée."],
                ),
            ),
            (
                "reading_tip",
                {
                    "title": t.text(
                        "Handelingsruimte in het sociaal werk",
                        "La marge de manœuvre dans le travail social",
                    ),
                    "author": "",
                    "link": None,
                    "why": t.text(
                        "Een helder kader om je eigen ruimte te zien.",
                        "Un cadre clair pour voir votre propre marge.",
                    ),
                },
            ),
        ],
    },
    {
        "title": t.text(
            "Een regel die niemand nog begreep", "Une règle que plus personne ne comprenait"
        ),
        "slug": t.text("regel-die-niemand-begreep", "regle-incomprise"),
        "teaser": t.text(
            "Hoe een team een overbodige stap in de aanvraag van een leefloon schrapte, na een melding bij de Kafka-brigade.",
            "Comment une équipe a supprimé une étape inutile dans la demande de revenu d'intégration sociale, après un signalement à la brigade Kafka.",
        ),
        "anonymous": True,
        "author_province": "limburg",
        "principles": ["politiserend", "procesmatig"],
        "themes": ["armoede-en-leefloon"],
        "workstreams": ["kafka-brigade"],
        "body": [
            (
                "paragraph",
                t.rich(
                    [
                        "Elke aanvrager moest een attest laten tekenen dat we zelf al in onze databank hadden. Het kostte cliënten een extra verplaatsing en ons een week.",
                        "We beschreven het geval voor de Kafka-brigade: wat, waar in de keten, en wat het kost. Drie maanden later was de stap weg.",
                    ],
                    [
                        "Chaque demandeur devait faire signer une attestation que nous avions déjà dans notre base de données. Cela coûtait un déplacement aux usagers et une semaine à nous.",
                        "Nous avons décrit le cas pour la brigade Kafka : quoi, où dans la chaîne, et ce que cela coûte. Trois mois plus tard, l'étape avait disparu.",
                    ],
                ),
            ),
            (
                "quote",
                {
                    "text": t.text(
                        "Signaleren loont, ook als het klein lijkt.",
                        "Signaler en vaut la peine, même si cela semble petit.",
                    ),
                    "attribution": "",
                },
            ),
        ],
    },
    {
        "title": t.text(
            "Samen met vrijwilligers rond dringende medische hulp",
            "Avec des bénévoles autour de l'aide médicale urgente",
        ),
        "slug": t.text("samen-met-vrijwilligers", "avec-des-benevoles"),
        "teaser": t.text(
            "Wat een leernetwerk opleverde: een eenvoudige fiche die vrijwilligers en het OCMW nu allebei gebruiken.",
            "Ce qu'un réseau d'apprentissage a produit : une fiche simple que les bénévoles et le CPAS utilisent désormais.",
        ),
        "author_name": t.text("Anne Leyman"),
        "author_organisation": t.text("OCMW Gent"),
        "principles": ["verbindend"],
        "themes": ["zonder-wettig-verblijf"],
        "workstreams": ["innovatielab"],
        "body": [
            (
                "paragraph",
                t.rich(
                    [
                        "Vrijwilligers wisten vaak niet welke papieren nodig waren voor dringende medische hulp. In het leernetwerk maakten we samen een fiche van één bladzijde.",
                    ],
                    [
                        "Les bénévoles ne savaient souvent pas quels documents étaient nécessaires pour l'aide médicale urgente. Au sein du réseau, nous avons créé ensemble une fiche d'une page.",
                    ],
                ),
            ),
            (
                "lesson",
                t.rich(
                    ["Een goed product begint bij de vragen van wie het gebruikt."],
                    ["Un bon outil commence par les questions de ceux qui l'utilisent."],
                ),
            ),
        ],
    },
]

AMIF = {
    "title": t.text(
        "Uitwisseling OCMW's: naar een geïntegreerd migratiebeleid dankzij het AMIF",
        "Échange entre CPAS : vers une politique de migration plus intégrée grâce au FAMI",
    ),
    "slug": t.text("uitwisseling-amif-2019-luik", "echange-fami-2019-liege"),
    "title_other_language": t.text("Rapport échange entre CPAS", "Verslag uitwisseling OCMW's"),
    "place": t.text("l'Echelle des Mots, rue Général Bertrand 35, 4000 Liège"),
    "organisers": t.text("POD Maatschappelijke Integratie – SPP Intégration Sociale"),
    "intro": t.text(
        "Het AMIF-team van het OCMW van Luik ontving collega's uit Gent, Charleroi, Antwerpen en Brussel om werkwijzen uit te wisselen.",
        "L'équipe FAMI du CPAS de Liège a accueilli des collègues de Gand, Charleroi, Anvers et Bruxelles pour échanger leurs pratiques.",
    ),
    "bilingual": True,
}

AMIF_ITEMS = [
    (
        t.text("Onthaal en inleiding", "Accueil et introduction"),
        t.rich(
            ["Het Luikse team leidt de bezoekers rond in zijn lokalen, bij een kop koffie."],
            ["L'équipe liégeoise fait visiter ses locaux autour d'un café."],
        ),
        t.text("Accueil et introduction", "Onthaal en inleiding"),
        t.rich(
            ["L'équipe liégeoise fait visiter ses locaux autour d'un café."],
            ["Het Luikse team leidt de bezoekers rond in zijn lokalen, bij een kop koffie."],
        ),
    ),
    (
        t.text(
            "Mod'Actions: het project en zijn modules", "Mod'Actions : le projet et ses modules"
        ),
        t.rich(
            [
                "Na een gesprek over noden en behoeften gaat elke nieuwe cliënt naar een module: taal voor beginners of gevorderden, een creatief atelier of een informatica-atelier."
            ],
            [
                "Après un entretien sur ses besoins, chaque nouvel usager rejoint un module : langue pour débutants ou avancés, atelier créatif ou atelier informatique."
            ],
        ),
        t.text(
            "Mod'Actions : le projet et ses modules", "Mod'Actions: het project en zijn modules"
        ),
        t.rich(
            [
                "Après un entretien sur ses besoins, chaque nouvel usager rejoint un module : langue pour débutants ou avancés, atelier créatif ou atelier informatique."
            ],
            [
                "Na een gesprek over noden en behoeften gaat elke nieuwe cliënt naar een module: taal voor beginners of gevorderden, een creatief atelier of een informatica-atelier."
            ],
        ),
    ),
    (
        t.text("Methodieken", "Méthodologies"),
        t.rich(
            [
                "Na de middag in de boerderij van het OCMW proberen de bezoekers enkele methodieken uit: een kennismakingsoefening, een ijsbreker en een speelse manier om Frans te oefenen."
            ],
            [
                "Après le repas à la ferme du CPAS, les visiteurs testent quelques méthodes : un exercice de présentation, un brise-glace et une façon ludique de pratiquer le français."
            ],
        ),
        t.text("Méthodologies", "Methodieken"),
        t.rich(
            [
                "Après le repas à la ferme du CPAS, les visiteurs testent quelques méthodes : un exercice de présentation, un brise-glace et une façon ludique de pratiquer le français."
            ],
            [
                "Na de middag in de boerderij van het OCMW proberen de bezoekers enkele methodieken uit: een kennismakingsoefening, een ijsbreker en een speelse manier om Frans te oefenen."
            ],
        ),
    ),
]

AMIF_TAKEAWAYS = [
    t.text(
        "Creatieve activiteiten geven ook het zelfvertrouwen een boost.",
        "Les activités créatives renforcent aussi la confiance en soi.",
    ),
    t.text(
        "Intakegesprekken met de noden van de cliënt centraal.",
        "Des entretiens d'accueil centrés sur les besoins de l'usager.",
    ),
    t.text(
        "Een aangename werkomgeving met een laagdrempelig onthaal.",
        "Un cadre de travail agréable avec un accueil accessible.",
    ),
]

AMIF_ATTENDEES = [
    ("Lisa Asselman", "POD MI-IS"),
    ("Johan Maekelberg", "OCMW Gent"),
    ("Mieke De Roo", "OCMW Gent"),
    ("Ibrahim Laaroussi", "OCMW Gent"),
    ("Ibrahim Aguelmin", "OCMW Luik"),
    ("Silvia Soares", "OCMW Luik"),
    ("Claudine Gbambili", "OCMW Luik"),
    ("Frederic Darras", "OCMW Luik"),
    ("Ozlem Baslari", "OCMW Charleroi"),
    ("Nauar Elfargani", "OCMW Antwerpen"),
    ("Agnès Dubus", "OCMW Brussel"),
]


def _child(parent, model, spec, **extra):
    existing = model.objects.child_of(parent).filter(slug=spec["slug"]).first()
    if existing is not None:
        return existing, False
    return parent.add_child(instance=model(**spec, **extra)), True


def load(stdout):
    dutch = Locale.objects.get(language_code="nl")
    french = Locale.objects.get(language_code="fr")
    home = HomePage.objects.get(locale=dutch)
    stories_index, _ = _child(home, StoryIndexPage, STORY_INDEX, show_in_menus=True)
    workstreams = {page.slug: page for page in Page.objects.filter(locale=dutch, depth__gte=3)}
    pages = [stories_index]
    for spec in STORIES:
        fields = {k: v for k, v in spec.items() if k not in ("principles", "themes", "workstreams")}
        story = StoryPage.objects.child_of(stories_index).filter(slug=spec["slug"]).first()
        if story is None:
            story = StoryPage(**fields)
            story.principles = list(
                GuidingPrinciple.objects.filter(locale=dutch, slug__in=spec["principles"])
            )
            story.themes = list(Theme.objects.filter(locale=dutch, slug__in=spec["themes"]))
            story.workstreams = [
                workstreams[slug] for slug in spec["workstreams"] if slug in workstreams
            ]
            stories_index.add_child(instance=story)
            # Published as an editor publishes: with its date, which the feeds show.
            story.save_revision().publish()
        pages.append(story)

    reports_index, _ = _child(home, ReportIndexPage, REPORT_INDEX, show_in_menus=True)
    report, created = _child(
        reports_index,
        MeetingReportPage,
        {
            **AMIF,
            "date": date(2019, 5, 16),
            "agenda": [
                (
                    "item",
                    {
                        "title": title,
                        "body": body,
                        "title_other_language": other_title,
                        "body_other_language": other_body,
                    },
                )
                for title, body, other_title, other_body in AMIF_ITEMS
            ],
            "takeaways": [("takeaway", text) for text in AMIF_TAKEAWAYS],
        },
    )
    if created:
        for order, (name, organisation) in enumerate(AMIF_ATTENDEES):
            ReportAttendee.objects.create(
                report=report, name=name, organisation=organisation, sort_order=order
            )
    pages += [reports_index, report]

    for page in pages:
        if page.get_translation_or_none(french) is None:
            translate_into(page, "fr", t.french)
    stdout.write("  Stories and reports: three stories and the AMIF exchange of 2019.")
