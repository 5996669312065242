"""Demo content of the foundation: the site, the home page in Dutch with its
French translation, a few general pages, the footer and the contact details."""

from urllib.parse import urlsplit

from wagtail.models import Locale, Page, Site

from portal.addresses import base_url

from .models import ContentPage, FooterText, GuidingPrinciple, HomePage, SiteSettings, Theme
from .translation import ParallelText, translate_into

t = ParallelText()

CONTACT_EMAIL = "academie@example.org"


def bullets(items):
    """A rich-text list, each item with its translation (wagtail-localize
    translates a list item by item)."""
    return (
        "<ul>" + "".join(f"<li>{t.text(dutch, french)}</li>" for dutch, french in items) + "</ul>"
    )


def heading(dutch, french):
    return ("heading", {"text": t.text(dutch, french), "level": "h2"})


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
                    "email": CONTACT_EMAIL,
                    "phone": "",
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


# The date the statement below was written; editors change it with the text.
ACCESSIBILITY_STATEMENT_DATE = t.text("4 december 2026", "4 décembre 2026")

ACCESSIBILITY = {
    "title": t.text("Toegankelijkheidsverklaring", "Déclaration d'accessibilité"),
    "slug": t.text("toegankelijkheid", "accessibilite"),
    "intro": t.text(
        "Hoe toegankelijk dit portaal is, hoe we het testen en hoe je een probleem meldt.",
        "Dans quelle mesure ce portail est accessible, comment nous le testons et comment "
        "signaler un problème.",
    ),
    "show_in_menus": False,
    "body": [
        heading("Welke regels we volgen", "Les règles que nous suivons"),
        (
            "paragraph",
            t.rich(
                [
                    "We willen dat iedereen dit portaal kan gebruiken, ook wie met een schermlezer, "
                    "alleen met het toetsenbord of met een vergrootglas werkt.",
                    "Websites van overheden, ook die van lokale besturen, moeten toegankelijk zijn volgens "
                    "de Europese richtlijn (EU) 2016/2102. Die verwijst naar de Europese norm EN 301 549, "
                    "die voor webpagina's de Web Content Accessibility Guidelines (WCAG) 2.1 op niveau AA "
                    "oplegt. Deze verklaring geldt voor de publieke pagina's en het ledengedeelte van het "
                    "portaal, in het Nederlands en het Frans.",
                ],
                [
                    "Nous voulons que chacun puisse utiliser ce portail, y compris avec un lecteur d'écran, "
                    "au clavier seul ou avec une loupe.",
                    "Les sites des pouvoirs publics, y compris ceux des pouvoirs locaux, doivent être "
                    "accessibles selon la directive européenne (UE) 2016/2102. Celle-ci renvoie à la norme "
                    "européenne EN 301 549, qui impose pour les pages web les Web Content Accessibility "
                    "Guidelines (WCAG) 2.1 au niveau AA. Cette déclaration s'applique aux pages publiques et "
                    "à l'espace membre du portail, en néerlandais et en français.",
                ],
            ),
        ),
        heading("Nalevingsstatus", "État de conformité"),
        (
            "paragraph",
            t.rich(
                [
                    "Dit portaal is gedeeltelijk in overeenstemming met WCAG 2.1 niveau AA. Deze beperkingen "
                    "kennen we:"
                ],
                [
                    "Ce portail est partiellement conforme aux WCAG 2.1 niveau AA. Nous connaissons ces "
                    "limites :"
                ],
            )
            + bullets(
                [
                    (
                        "Documenten die redacteurs opladen, zoals PDF-bestanden, controleren we niet op "
                        "toegankelijkheid.",
                        "Nous ne contrôlons pas l'accessibilité des documents que les rédacteurs "
                        "déposent, comme les fichiers PDF.",
                    ),
                    (
                        "Of een foto een goede beschrijving voor schermlezers heeft, hangt af van wat de "
                        "auteur of de redacteur invult.",
                        "La qualité de la description d'une photo pour les lecteurs d'écran dépend de ce "
                        "que l'auteur ou le rédacteur a saisi.",
                    ),
                    (
                        "We testten het portaal nog niet stelselmatig met schermlezers en nog niet met "
                        "gebruikers met een beperking.",
                        "Nous n'avons pas encore testé le portail de manière systématique avec des "
                        "lecteurs d'écran, ni avec des utilisateurs en situation de handicap.",
                    ),
                    (
                        "De beheeromgeving voor redacteurs valt buiten deze verklaring.",
                        "L'interface d'administration des rédacteurs n'est pas couverte par cette "
                        "déclaration.",
                    ),
                ]
            ),
        ),
        heading("Hoe we het portaal testen", "Comment nous testons le portail"),
        (
            "paragraph",
            t.rich(
                ["Bij elke wijziging van de software lopen deze controles:"],
                ["Ces contrôles sont effectués à chaque modification du logiciel :"],
            )
            + bullets(
                [
                    (
                        "axe-core controleert in de browsertests de belangrijkste pagina's in het "
                        "Nederlands en het Frans op de regels van WCAG 2.1 A en AA.",
                        "axe-core vérifie, dans les tests en navigateur, les principales pages en "
                        "néerlandais et en français selon les règles WCAG 2.1 A et AA.",
                    ),
                    (
                        "De W3C Nu HTML Checker controleert de HTML van elke publieke pagina en elke "
                        "ledenpagina.",
                        "Le W3C Nu HTML Checker vérifie le HTML de chaque page publique et de chaque "
                        "page de l'espace membre.",
                    ),
                    (
                        "We doorlopen het inschrijvingsformulier alleen met het toetsenbord.",
                        "Nous parcourons le formulaire d'inscription au clavier seul.",
                    ),
                    (
                        "We bekijken de pagina's op een scherm van 375 pixels breed, en niets mag "
                        "zijwaarts scrollen op 320 pixels.",
                        "Nous examinons les pages sur un écran de 375 pixels de large, et rien ne doit "
                        "défiler horizontalement à 320 pixels.",
                    ),
                ]
            ),
        ),
        heading("Een probleem melden", "Signaler un problème"),
        (
            "paragraph",
            t.rich(
                [
                    "Kan je iets op dit portaal niet lezen, invullen of bereiken? Laat het ons weten: zeg op "
                    "welke pagina en wat er misloopt. Je kan ook vragen om de informatie in een andere vorm. "
                    "We antwoorden zo snel mogelijk."
                ],
                [
                    "Vous ne parvenez pas à lire, remplir ou atteindre quelque chose sur ce portail ? "
                    "Dites-le-nous : sur quelle page et ce qui ne va pas. Vous pouvez aussi demander "
                    "l'information sous une autre forme. Nous vous répondons dès que possible."
                ],
            ),
        ),
        (
            "contact",
            {
                "name": t.text("VVSG Academie"),
                "role": t.text("Toegankelijkheid van het portaal", "Accessibilité du portail"),
                "organisation": "",
                "email": CONTACT_EMAIL,
                "phone": "",
            },
        ),
        heading("Datum van deze verklaring", "Date de cette déclaration"),
        (
            "paragraph",
            t.rich(
                [
                    f"Deze verklaring werd opgesteld op {ACCESSIBILITY_STATEMENT_DATE}, op basis van de "
                    "tests hierboven."
                ],
                [
                    f"Cette déclaration a été établie le {t.french[ACCESSIBILITY_STATEMENT_DATE]}, sur la "
                    "base des tests ci-dessus."
                ],
            ),
        ),
    ],
}

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
    for spec in [*PAGES, ACCESSIBILITY]:
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
        # The seeds name the VVSG Academie, not its address nor a phone number.
        settings.organisation_name = "VVSG Academie"
        settings.email = CONTACT_EMAIL
        settings.privacy_page = home.get_children().filter(slug="privacy").first()
        settings.save()
    if settings.accessibility_page is None:
        settings.accessibility_page = home.get_children().filter(slug=ACCESSIBILITY["slug"]).first()
        settings.save()
