"""Demo content of the foundation: the site, the home page in Dutch with its
French translation, a few general pages, the footer and the contact details."""

from urllib.parse import urlsplit

from wagtail.models import Locale, Page, Site

from portal.addresses import base_url

from .models import ContentPage, FooterText, GuidingPrinciple, HomePage, SiteSettings, Theme
from .translation import ParallelText, translate_into

t = ParallelText()

HOME = {
    "title": t.text("Sterk sociaal werk in OCMW's", "Un travail social fort dans les CPAS"),
    "slug": t.text("start", "accueil"),
    "intro": t.text(
        "Opleidingen, leernetwerken en verhalen voor maatschappelijk werkers van OCMW's: "
        "vind een sessie in je provincie, schrijf je in en deel wat je in de praktijk leert.",
        "Formations, réseaux d'apprentissage et récits pour les travailleurs sociaux des CPAS : "
        "trouvez une session dans votre province, inscrivez-vous et partagez ce que la pratique vous apprend.",
    ),
}

PAGES = [
    {
        "title": t.text("Over de academie", "À propos de l'académie"),
        "slug": t.text("over-de-academie", "a-propos"),
        "intro": t.text(
            "Wie we zijn en waarom dit portaal bestaat.",
            "Qui nous sommes et pourquoi ce portail existe.",
        ),
        "show_in_menus": True,
        "body": [
            (
                "paragraph",
                t.rich(
                    [
                        "Maatschappelijk werkers in OCMW's staan elke dag voor complexe beslissingen. "
                        "Dit portaal brengt het vormingsaanbod, de leernetwerken en de werksporen van de G50 samen op één plek.",
                        "Je vindt er sessies in elke provincie, trajecten over meerdere maanden en verhalen van collega's "
                        "over hoe zij hun handelingsruimte invullen.",
                    ],
                    [
                        "Les travailleurs sociaux des CPAS prennent chaque jour des décisions complexes. "
                        "Ce portail rassemble en un seul endroit l'offre de formation, les réseaux d'apprentissage et les chantiers du G50.",
                        "Vous y trouvez des sessions dans chaque province, des trajets de plusieurs mois et des récits de collègues "
                        "sur la manière dont ils utilisent leur marge de manœuvre.",
                    ],
                ),
            ),
            (
                "quote",
                {
                    "text": t.text(
                        "Sterk sociaal werk groeit waar collega's hun ervaring met elkaar delen.",
                        "Un travail social fort grandit là où les collègues partagent leur expérience.",
                    ),
                    "attribution": t.text("Een deelnemer aan de G50", "Un participant du G50"),
                },
            ),
        ],
    },
    {
        "title": t.text("Veelgestelde vragen", "Questions fréquentes"),
        "slug": t.text("veelgestelde-vragen", "questions-frequentes"),
        "intro": t.text(
            "Over inschrijven, annuleren, vervangen en betalen.",
            "Sur l'inscription, l'annulation, le remplacement et le paiement.",
        ),
        "show_in_menus": True,
        "body": [
            (
                "accordion",
                {
                    "title": "",
                    "items": [
                        {
                            "question": t.text(
                                "Wie kan zich inschrijven?", "Qui peut s'inscrire ?"
                            ),
                            "answer": t.rich(
                                [
                                    "Medewerkers die officieel in dienst zijn van een OCMW schrijven zich meteen in. "
                                    "Werk je voor een organisatie die met het OCMW samenwerkt, dan vraag je eerst toelating "
                                    "met een korte motivatie."
                                ],
                                [
                                    "Les membres du personnel officiellement employés par un CPAS s'inscrivent directement. "
                                    "Si vous travaillez pour une organisation qui collabore avec le CPAS, vous demandez d'abord "
                                    "une autorisation avec une courte motivation."
                                ],
                            ),
                        },
                        {
                            "question": t.text(
                                "Kan ik kosteloos annuleren?", "Puis-je annuler sans frais ?"
                            ),
                            "answer": t.rich(
                                [
                                    "Ja, tot één week voor de start van de vorming. Daarna blijft de volledige deelnameprijs verschuldigd."
                                ],
                                [
                                    "Oui, jusqu'à une semaine avant le début de la formation. Ensuite, le prix complet reste dû."
                                ],
                            ),
                        },
                        {
                            "question": t.text(
                                "Kan een collega mijn plaats innemen?",
                                "Un collègue peut-il prendre ma place ?",
                            ),
                            "answer": t.rich(
                                [
                                    "Ja. Ben je OCMW-medewerker, dan neemt een andere OCMW-medewerker je plaats in. "
                                    "Je geeft je plaats door vanuit je account."
                                ],
                                [
                                    "Oui. Si vous êtes employé d'un CPAS, un autre employé de CPAS prend votre place. "
                                    "Vous cédez votre place depuis votre compte."
                                ],
                            ),
                        },
                        {
                            "question": t.text("Hoe betaal ik?", "Comment payer ?"),
                            "answer": t.rich(
                                ["Je betaalt na ontvangst van de factuur."],
                                ["Vous payez après réception de la facture."],
                            ),
                        },
                    ],
                },
            ),
        ],
    },
    {
        "title": t.text("Contact", "Contact"),
        "slug": t.text("contact", "contact"),
        "intro": t.text(
            "Met vragen over een opleiding of je inschrijving kan je bij ons terecht.",
            "Pour toute question sur une formation ou votre inscription, contactez-nous.",
        ),
        "show_in_menus": True,
        "body": [
            (
                "contact",
                {
                    "name": t.text("Nathalie De Herdt"),
                    "role": t.text(
                        "Inschrijvingen en toelatingen", "Inscriptions et autorisations"
                    ),
                    "organisation": t.text("VVSG Academie"),
                    "email": "academie@example.org",
                    "phone": t.text("+32 2 211 55 00"),
                },
            ),
        ],
    },
    {
        "title": t.text("Privacy", "Vie privée"),
        "slug": t.text("privacy", "vie-privee"),
        "intro": t.text(
            "Welke gegevens we bijhouden en waarom.",
            "Quelles données nous conservons et pourquoi.",
        ),
        "show_in_menus": False,
        "body": [
            (
                "paragraph",
                t.rich(
                    [
                        "We bewaren je profiel en inschrijvingen om je deelname en facturatie te regelen. "
                        "Je kan je gegevens op elk moment inkijken en aanpassen in je account."
                    ],
                    [
                        "Nous conservons votre profil et vos inscriptions pour organiser votre participation et la facturation. "
                        "Vous pouvez consulter et modifier vos données à tout moment dans votre compte."
                    ],
                ),
            ),
        ],
    },
]

PRINCIPLES = [
    {
        "name": t.text("Verbindend werken", "Travail qui relie"),
        "slug": t.text("verbindend", "relier"),
        "description": t.text(
            "Mensen, diensten en organisaties met elkaar in contact brengen rond de vraag van de cliënt.",
            "Mettre en contact les personnes, les services et les organisations autour de la demande de l'usager.",
        ),
    },
    {
        "name": t.text("Laagdrempelig en nabij werken", "Travail accessible et de proximité"),
        "slug": t.text("laagdrempelig-en-nabij", "accessible-et-proche"),
        "description": t.text(
            "Dichtbij mensen staan, zodat hulp makkelijk te vinden en te vragen is.",
            "Être proche des gens, pour que l'aide soit facile à trouver et à demander.",
        ),
    },
    {
        "name": t.text("Politiserend werken", "Travail politisant"),
        "slug": t.text("politiserend", "politisant"),
        "description": t.text(
            "Structurele problemen die je in de praktijk ziet, zichtbaar maken bij wie beslist.",
            "Rendre visibles auprès des décideurs les problèmes structurels observés sur le terrain.",
        ),
    },
    {
        "name": t.text("Generalistisch werken", "Travail généraliste"),
        "slug": t.text("generalistisch", "generaliste"),
        "description": t.text(
            "Kijken naar de hele situatie van een persoon, niet naar één probleem apart.",
            "Considérer l'ensemble de la situation d'une personne, et non un problème isolé.",
        ),
    },
    {
        "name": t.text("Procesmatig werken", "Travail orienté processus"),
        "slug": t.text("procesmatig", "processus"),
        "description": t.text(
            "Samen met de cliënt stap voor stap aan verandering werken, met tijd voor het traject.",
            "Travailler pas à pas avec l'usager vers le changement, en prenant le temps du trajet.",
        ),
    },
]

THEMES = [
    {
        "name": t.text("Migratie en integratie", "Migration et intégration"),
        "slug": t.text("migratie", "migration"),
    },
    {
        "name": t.text("Mensen zonder wettig verblijf", "Personnes sans séjour légal"),
        "slug": t.text("zonder-wettig-verblijf", "sans-sejour-legal"),
    },
    {
        "name": t.text("Armoede en leefloon", "Pauvreté et revenu d'intégration"),
        "slug": t.text("armoede-en-leefloon", "pauvrete-et-ris"),
    },
    {
        "name": t.text("Lokaal integratiebeleid", "Politique locale d'intégration"),
        "slug": t.text("lokaal-integratiebeleid", "politique-locale-integration"),
    },
    {
        "name": t.text("Sociaal werk in het OCMW", "Le travail social au CPAS"),
        "slug": t.text("sociaal-werk-ocmw", "travail-social-cpas"),
    },
]

FOOTER = t.rich(
    [
        "Een portaal voor de maatschappelijk werkers van de OCMW's in Vlaanderen en de CPAS in Wallonië en Brussel."
    ],
    [
        "Un portail pour les travailleurs sociaux des OCMW en Flandre et des CPAS en Wallonie et à Bruxelles."
    ],
)


def _home_page(stdout):
    dutch = Locale.objects.get(language_code="nl")
    home = HomePage.objects.filter(locale=dutch).first()
    if home is not None:
        return home
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(locale=dutch, **HOME))
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    welcome = site.root_page if site.pk else None
    # Where `make run` serves it. (Links are built from the portal's address,
    # portal/addresses.py, whatever port the server runs on.)
    address = urlsplit(base_url())
    site.hostname = address.hostname
    site.port = address.port or (443 if address.scheme == "https" else 80)
    site.site_name, site.root_page = "OCMW", home
    site.save()
    # Wagtail's own welcome page gives way to the portal's home page.
    if welcome is not None and type(welcome.specific) is Page:
        welcome.delete()
    stdout.write("  Home page created.")
    return home


def load(stdout):
    home = _home_page(stdout)
    for spec in PAGES:
        page = home.get_children().filter(slug=spec["slug"]).first()
        if page is None:
            page = home.add_child(instance=ContentPage(**spec))
    for page in [home, *home.get_children().specific()]:
        if page.get_translation_or_none(Locale.objects.get(language_code="fr")) is None:
            translate_into(page, "fr", t.french)

    footer = FooterText.objects.filter(locale__language_code="nl").first()
    if footer is None:
        footer = FooterText.objects.create(
            locale=Locale.objects.get(language_code="nl"), body=FOOTER
        )
        translate_into(footer, "fr", t.french)

    dutch = Locale.objects.get(language_code="nl")
    for model, specs in [(GuidingPrinciple, PRINCIPLES), (Theme, THEMES)]:
        for order, spec in enumerate(specs):
            if not model.objects.filter(locale=dutch, slug=spec["slug"]).exists():
                extra = {"sort_order": order} if model is GuidingPrinciple else {}
                item = model.objects.create(locale=dutch, **spec, **extra)
                translate_into(item, "fr", t.french)

    site = Site.objects.get(is_default_site=True)
    settings = SiteSettings.for_site(site)
    if not settings.email:
        settings.organisation_name = "VVSG Academie"
        settings.address = "Bischoffsheimlaan 1-8\n1000 Brussel"
        settings.email = "academie@example.org"
        settings.phone = "+32 2 211 55 00"
        settings.privacy_page = home.get_children().filter(slug="privacy").first()
        settings.save()
