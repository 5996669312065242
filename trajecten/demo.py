"""Demo content of the offer, from the seeds: the basic training on the
psychosocial impact of migration (five provincial sessions, all postponed),
the trajectory for local integration officers (seven modules and a return
day), the learning network on people without legal residence, and the G50
track with its workstreams and the 2018 conference.

Dates are moved into the future, keeping the seeds' weekdays and hours, so
that the demo stays current whenever it is loaded.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone
from wagtail.models import Locale

from home.models import GuidingPrinciple, HomePage, Theme
from home.translation import ParallelText, translate_into

from .models import (
    ConferencePage,
    EditionPage,
    G50TrackPage,
    LearningNetworkPage,
    MeetingPage,
    ModulePage,
    OfferIndexPage,
    Session,
    SessionStatus,
    TrainingPage,
    TrainingRelatedPage,
    TrajectoryPage,
    WorkstreamPage,
)

t = ParallelText()


def same_weekday_in(year, month, day, weekday):
    """The date in `year` nearest to month/day that falls on `weekday` (0 = Monday)."""
    start = date(year, month, day)
    nearest_first = sorted(range(-3, 4), key=abs)
    return next(
        start + timedelta(days=n)
        for n in nearest_first
        if (start + timedelta(days=n)).weekday() == weekday
    )


def at(day, hours, minutes=0):
    return timezone.make_aware(datetime.combine(day, time(hours, minutes)))


def session(page, day, start, end, **fields):
    return Session.objects.create(
        page=page, starts_at=at(day, *start), ends_at=at(day, *end), **fields
    )


# The basic training ------------------------------------------------------

TRAINING = {
    "title": t.text(
        "Basisopleiding psychosociale impact van migratie en vlucht",
        "Formation de base : l'impact psychosocial de la migration et de l'exil",
    ),
    "slug": t.text(
        "basisopleiding-psychosociale-impact-migratie", "formation-impact-psychosocial-migration"
    ),
    "intro": t.text(
        "Elk OCMW begeleidt vluchtelingen en mensen met een migratieachtergrond. Deze halve dag geeft je een "
        "holistische kijk op wat zij meemaakten en waar ze mee worstelen.",
        "Chaque CPAS accompagne des réfugiés et des personnes issues de la migration. Cette demi-journée vous donne "
        "une vision globale de ce qu'elles ont vécu et de ce qui les préoccupe.",
    ),
    "learning_outcomes": t.rich(
        [
            "Je leert de drie fases van een vluchtproces kennen: voor, tijdens en na de migratie.",
            "Per fase staan we stil bij rouw, acculturatie, trauma, stress, veerkracht en community-based werken.",
            "Je oefent een empathische en cultuursensitieve blik in je begeleiding.",
        ],
        [
            "Vous découvrez les trois phases d'un parcours d'exil : avant, pendant et après la migration.",
            "Pour chaque phase, nous abordons le deuil, l'acculturation, le traumatisme, le stress, la résilience et le travail communautaire.",
            "Vous exercez un regard empathique et sensible aux cultures dans votre accompagnement.",
        ],
    ),
    "audience": t.rich(
        [
            "Maatschappelijk werkers, diensthoofden en andere medewerkers die officieel in dienst zijn van een OCMW "
            "en vluchtelingen of migranten begeleiden.",
            "Werk je niet voor het OCMW maar voor een organisatie waarmee het OCMW samenwerkt, dan vraag je toelating "
            "met een korte motivatie: waarom wil je de opleiding volgen en wat is je band met het OCMW?",
        ],
        [
            "Les travailleurs sociaux, chefs de service et autres membres du personnel officiellement employés par un CPAS "
            "qui accompagnent des réfugiés ou des migrants.",
            "Si vous ne travaillez pas pour le CPAS mais pour une organisation partenaire, vous demandez une autorisation "
            "avec une courte motivation : pourquoi souhaitez-vous suivre la formation et quel est votre lien avec le CPAS ?",
        ],
    ),
    "guidance": t.text("Een psycholoog van Solentra vzw", "Un psychologue de l'asbl Solentra"),
    "max_participants": 15,
    "programme": [
        (
            "item",
            {
                "time": t.text("9.00", "9h00"),
                "title": t.text("Onthaal met koffie", "Accueil avec café"),
                "description": "",
            },
        ),
        (
            "item",
            {
                "time": t.text("9.30 – 12.30", "9h30 – 12h30"),
                "title": t.text("Opleiding, met een koffiepauze", "Formation, avec une pause-café"),
                "description": "",
            },
        ),
        (
            "item",
            {
                "time": t.text("12.30 – 13.30", "12h30 – 13h30"),
                "title": t.text("Lunch, als je ervoor inschreef", "Lunch, si vous l'avez réservé"),
                "description": "",
            },
        ),
    ],
    "price": Decimal("45"),
    "price_with_lunch": Decimal("50"),
    "payment_terms": t.rich(
        ["Je betaalt na ontvangst van de factuur."], ["Vous payez après réception de la facture."]
    ),
    "cancellation_terms": t.rich(
        [
            "Kosteloos annuleren kan tot één week voor de start. Daarna rekenen we de volledige deelnameprijs aan.",
            "Verhinderd? Laat je vervangen door een collega. Een OCMW-medewerker laat zich vervangen door een andere OCMW-medewerker.",
        ],
        [
            "L'annulation est gratuite jusqu'à une semaine avant le début. Ensuite, le prix complet est facturé.",
            "Empêché ? Faites-vous remplacer par un collègue. Un membre du personnel de CPAS est remplacé par un autre membre du personnel de CPAS.",
        ],
    ),
    "contact_name": t.text("Nathalie De Herdt"),
    "contact_email": "academie@example.org",
}

# "Opleidingen en intervisies die hiermee verband houden": the seed names them
# and their length, not their themes, dates or places, nor a price.
FOLLOW_UPS = [
    {
        "title": t.text(
            "Thematische vervolgopleidingen psychosociale impact van migratie en vlucht",
            "Formations thématiques de suivi : l'impact psychosocial de la migration et de l'exil",
        ),
        "slug": t.text(
            "thematische-vervolgopleidingen-migratie", "formations-thematiques-suivi-migration"
        ),
        "intro": t.text(
            "Na de basisopleiding kan je nog vier thematische opleidingen volgen, van telkens een halve dag.",
            "Après la formation de base, vous pouvez encore suivre quatre formations thématiques, "
            "d'une demi-journée chacune.",
        ),
        "body": [
            (
                "paragraph",
                t.rich(
                    ["De thema's, data en plaatsen worden later bekendgemaakt."],
                    ["Les thèmes, les dates et les lieux seront annoncés plus tard."],
                ),
            )
        ],
    },
    {
        "title": t.text(
            "Intervisies psychosociale impact van migratie en vlucht",
            "Intervisions : l'impact psychosocial de la migration et de l'exil",
        ),
        "slug": t.text(
            "intervisies-psychosociale-impact-migratie", "intervisions-impact-migration"
        ),
        "intro": t.text(
            "Na de basisopleiding kan je je ook inschrijven voor een reeks van drie intervisiesessies, "
            "van telkens een halve dag.",
            "Après la formation de base, vous pouvez aussi vous inscrire à une série de trois séances "
            "d'intervision, d'une demi-journée chacune.",
        ),
        "body": [
            (
                "paragraph",
                t.rich(
                    ["De data en plaatsen worden later bekendgemaakt."],
                    ["Les dates et les lieux seront annoncés plus tard."],
                ),
            )
        ],
    },
]

POSTPONED_NL = "Uitgesteld wegens de coronamaatregelen; de nieuwe datum volgt."
POSTPONED_FR = "Reportée en raison des mesures sanitaires ; la nouvelle date suivra."

PROVINCIAL_SESSIONS = [
    # (month, day, weekday of the seed), venue, address, postal code, town, province
    ((3, 27, 4), "OCMW Brugge", "Hoogstraat 9", "8000", "Brugge", "west_flanders"),
    ((3, 30, 0), "VVGG", "Tenderstraat 14", "9000", "Gent", "east_flanders"),
    ((4, 3, 4), "Provinciehuis", "Provincieplein 1", "3010", "Leuven", "flemish_brabant"),
    ((4, 6, 0), "WZC Bilzenhof", "Lange Beeldekensstraat 50", "2060", "Antwerpen", "antwerp"),
    ((4, 20, 0), "Hostel H", "Spoorwegstraat 80", "3500", "Hasselt", "limburg"),
]

# The trajectory --------------------------------------------------------

TRAJECTORY = {
    "title": t.text(
        "Vormingstraject lokale integratiemedewerkers",
        "Trajet de formation pour agents locaux d'intégration",
    ),
    "slug": t.text(
        "vormingstraject-lokale-integratiemedewerkers", "trajet-agents-locaux-integration"
    ),
    "intro": t.text(
        "Ben je pas gestart als integratie- of diversiteitsmedewerker? In zeven sessies teken je met collega's van "
        "andere besturen een inclusief integratiebeleid voor je eigen gemeente.",
        "Vous débutez comme agent d'intégration ou de diversité ? En sept sessions, avec des collègues d'autres "
        "administrations, vous dessinez une politique d'intégration inclusive pour votre commune.",
    ),
    "body": [
        (
            "paragraph",
            t.rich(
                [
                    "Je werkt met denkkaders, werkmodellen en tools voor een transversaal beleid: integratie zit "
                    "ingebakken in zoveel mogelijk lokale beleidsdomeinen.",
                    "Ervaren begeleiders en experten zijn je gidsen. Je wisselt ideeën en ervaringen uit over de gemeentegrenzen heen.",
                ],
                [
                    "Vous travaillez avec des cadres de réflexion, des modèles et des outils pour une politique transversale : "
                    "l'intégration est ancrée dans le plus grand nombre possible de domaines locaux.",
                    "Des accompagnateurs et des experts expérimentés vous guident. Vous échangez idées et expériences "
                    "au-delà des frontières communales.",
                ],
            ),
        )
    ],
    "practical": t.rich(
        ["Het traject bestaat uit zeven sessies, soms verdeeld over meerdere online momenten."],
        ["Le trajet compte sept sessions, parfois réparties en plusieurs moments en ligne."],
    ),
    "contact_name": t.text("Lieve Driesen"),
    "contact_email": "integratie@example.org",
}

PARTNERS = t.text(
    "Agentschap Integratie en Inburgering en VVSG",
    "Agence Intégration et Insertion civique et VVSG",
)
# The seed tells of the first edition only its start and its closing event
# (no programme, hours or venues): both are in its introduction.
FIRST_EDITION = {
    "title": t.text("Editie 2020-2021", "Édition 2020-2021"),
    "slug": t.text("editie-2020-2021", "edition-2020-2021"),
    "intro": t.text(
        "De eerste editie startte op 31 januari 2020 en sloot af op 4 juni 2021 met een online "
        "netwerkevenement.",
        "La première édition a commencé le 31 janvier 2020 et s'est clôturée le 4 juin 2021 par un "
        "événement de réseautage en ligne.",
    ),
    "partners": PARTNERS,
}

TEAMS = "https://teams.example.org/vormingstraject"
# The seed names the building and the town, no street address.
HERMAN_TEIRLINCK = {
    "venue_name": "Herman Teirlinckgebouw",
    "town": "Brussel",
    "province": "brussels",
}
# "Online in combinatie met een fysiek vormingsaanbod": the seed gives no venue
# for the on-site part, so these sessions are online, with the seed's words.
WITH_ON_SITE_OFFER = {
    "status_note_nl": "Online, in combinatie met een fysiek vormingsaanbod.",
    "status_note_fr": "En ligne, en combinaison avec une offre de formation en présentiel.",
}

# (title, description, [sessions as ((month, day, weekday), start, end, format)], is return day)
MODULES = [
    (
        t.text("Introductiedag", "Journée d'introduction"),
        t.rich(
            [
                "Migratiegeschiedenis, superdiversiteit en de sociale kaart van de integratiesector, met het 3-4-5-model als kader."
            ],
            [
                "Histoire des migrations, superdiversité et carte sociale du secteur de l'intégration, avec le modèle 3-4-5 comme cadre."
            ],
        ),
        [((3, 5, 4), (9, 30), (12, 15), "online"), ((3, 12, 4), (9, 30), (12, 15), "online")],
        False,
    ),
    (
        t.text("Ken je realiteit", "Connaître sa réalité"),
        t.rich(
            [
                "Lokale cijfers over diversiteit lezen en inzetten, en met praktijkgericht onderzoek de noden in je gemeente in kaart brengen."
            ],
            [
                "Lire et utiliser les chiffres locaux de la diversité, et cartographier les besoins de votre commune par la recherche-action."
            ],
        ),
        [((4, 23, 4), (9, 30), (12, 15), "online"), ((4, 30, 4), (9, 30), (12, 15), "online")],
        False,
    ),
    (
        t.text(
            "De regierol van het lokaal bestuur versterken",
            "Renforcer le rôle de coordination de l'administration locale",
        ),
        t.rich(
            [
                "Wat de regierol over het integratiebeleid inhoudt, en hoe je samenwerkt met interne en externe partners."
            ],
            [
                "Ce que recouvre le rôle de coordination de la politique d'intégration, et comment collaborer avec les partenaires internes et externes."
            ],
        ),
        [((6, 11, 4), (9, 30), (12, 0), "online"), ((6, 18, 4), (9, 30), (12, 0), "online")],
        False,
    ),
    (
        t.text("Bouwen aan draagvlak", "Construire l'adhésion"),
        t.rich(
            [
                "Een analyse- en interventiekader om het draagvlak voor je beleid, project of idee te vergroten, intern en extern."
            ],
            [
                "Un cadre d'analyse et d'intervention pour renforcer l'adhésion à votre politique, projet ou idée, en interne comme en externe."
            ],
        ),
        [
            ((9, 17, 4), (9, 30), (12, 15), "online+on-site"),
            ((9, 24, 4), (9, 30), (12, 15), "online+on-site"),
        ],
        False,
    ),
    (
        t.text(
            "Taal als communicatiemiddel en als lijm", "La langue, outil de communication et ciment"
        ),
        t.rich(
            [
                "Klantvriendelijk communiceren met anderstaligen, met respect voor de taalwetgeving, en oefenkansen Nederlands organiseren."
            ],
            [
                "Communiquer avec les allophones dans le respect de la législation linguistique, et organiser des occasions de pratiquer le néerlandais."
            ],
        ),
        [((10, 29, 4), (9, 30), (12, 15), "online")],
        False,
    ),
    (
        t.text("Verdiepende taalsessies", "Sessions d'approfondissement linguistique"),
        t.rich(
            [
                "In de voormiddag: kwaliteitsvolle oefenkansen Nederlands. In de namiddag: efficiënt communiceren met anderstalige klanten."
            ],
            [
                "Le matin : des occasions de pratiquer le néerlandais. L'après-midi : communiquer efficacement avec les usagers allophones."
            ],
        ),
        [
            ((11, 19, 4), (9, 30), (12, 0), "online+on-site"),
            ((11, 19, 4), (13, 0), (16, 0), "online+on-site"),
        ],
        False,
    ),
    (
        t.text("Lokale hete hangijzers", "Les questions locales sensibles"),
        t.rich(
            [
                "Koloniale verwijzingen in de publieke ruimte, de bouw van gebedshuizen, de neutraliteit van de dienstverlening: tools en inspiratie uit de praktijk."
            ],
            [
                "Références coloniales dans l'espace public, construction de lieux de culte, neutralité du service public : outils et inspiration issus de la pratique."
            ],
        ),
        [((12, 17, 4), (9, 30), (16, 0), "physical")],
        False,
    ),
    (
        t.text("Terugkomdag", "Journée de retour"),
        t.rich(
            [
                "Elke deelnemer stelt zijn individuele eindopdracht voor aan het grote publiek, op een netwerkevent waarop ook de bevoegde burgemeesters en schepenen uitgenodigd zijn. We sluiten af met een feestelijke receptie."
            ],
            [
                "Chaque participant présente son travail individuel de fin de trajet au grand public, lors d'un événement de réseautage auquel les bourgmestres et échevins compétents sont aussi invités. Nous terminons par une réception festive."
            ],
        ),
        [((2, 4, 4), (9, 30), (17, 0), "physical")],
        True,
    ),
]

ASSIGNMENT_BRIEF = t.rich(
    [
        "Beschrijf hoe je wat je leerde al toepast, of hoe je het wil toepassen, in je gemeente. "
        "Op de terugkomdag stel je je individuele eindopdracht voor aan het grote publiek."
    ],
    [
        "Décrivez comment vous appliquez déjà, ou comment vous voulez appliquer, ce que vous avez appris "
        "dans votre commune. Lors de la journée de retour, vous présentez votre travail individuel de fin "
        "de trajet au grand public."
    ],
)

# A one-page PDF, so that the demo member has handed in a real file.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

# The learning network ----------------------------------------------------

NETWORK = {
    "title": t.text(
        "Leernetwerk mensen zonder wettig verblijf",
        "Réseau d'apprentissage : personnes sans séjour légal",
    ),
    "slug": t.text(
        "leernetwerk-mensen-zonder-wettig-verblijf", "reseau-personnes-sans-sejour-legal"
    ),
    "intro": t.text(
        "Voor vrijwilligers in Oost- en West-Vlaanderen die mensen zonder wettig verblijf ondersteunen en samen met "
        "gelijkgestemden aan de slag willen.",
        "Pour les bénévoles de Flandre orientale et occidentale qui soutiennent des personnes sans séjour légal et "
        "veulent avancer avec d'autres personnes engagées.",
    ),
    "audience": t.rich(
        [
            "Vrijwilligers die al jaren ervaring hebben en vrijwilligers die net beginnen: samen bundelen jullie kennis die nu versnipperd is."
        ],
        [
            "Des bénévoles expérimentés comme des débutants : ensemble, vous rassemblez des connaissances aujourd'hui dispersées."
        ],
    ),
    "rhythm": t.text("Om de twee maanden op dinsdagavond", "Tous les deux mois, le mardi soir"),
    "how_it_works": t.rich(
        [
            "Een vaste groep komt samen onder leiding van een ervaren begeleider. De groep kiest vooraf de thema's: één thema per bijeenkomst.",
            "Je luistert niet naar een theoretisch verhaal maar wisselt ervaringen en tips uit. Elke bijeenkomst leidt tot een product: "
            "een handige tool, een gezamenlijk signaal, een aanzet tot actie of een toets van wetgeving aan de praktijk.",
        ],
        [
            "Un groupe fixe se réunit sous la conduite d'un accompagnateur expérimenté. Le groupe choisit les thèmes à l'avance : un thème par rencontre.",
            "Pas d'exposé théorique, mais un échange d'expériences et de conseils. Chaque rencontre aboutit à un produit : "
            "un outil pratique, un signal commun, une amorce d'action ou une confrontation de la législation à la pratique.",
        ],
    ),
    "contact_name": t.text("Nele Van Haver"),
    "contact_email": "leernetwerk@example.org",
}

MEETING = {
    "title": t.text(
        "Dringende medische hulp voor mensen zonder wettig verblijf",
        "L'aide médicale urgente pour les personnes sans séjour légal",
    ),
    "slug": t.text("dringende-medische-hulp", "aide-medicale-urgente"),
    "speakers": t.text(
        "Annika Waag (Agentschap Integratie en Inburgering)\nAnne Leyman (OCMW Gent)",
        "Annika Waag (Agence flamande Intégration et Insertion civique)\nAnne Leyman (CPAS de Gand)",
    ),
}

# The meeting two months ago: its theme came from the members, its product is public.
PAST_MEETING = {
    "title": t.text(
        "Vrijwillige terugkeer: wat kunnen vrijwilligers doen?",
        "Le retour volontaire : que peuvent faire les bénévoles ?",
    ),
    "slug": t.text("vrijwillige-terugkeer", "retour-volontaire"),
    "speakers": t.text("Caritas International"),
    "product": t.text("Een handige tool", "Un outil pratique"),
    "product_summary": t.rich(
        [
            "Een stappenplan voor vrijwilligers: wie informeert over vrijwillige terugkeer, welke "
            "organisaties begeleiden, en wat je zelf wel en niet doet."
        ],
        [
            "Un plan par étapes pour les bénévoles : qui informe sur le retour volontaire, quelles "
            "organisations accompagnent, et ce que vous faites vous-même ou non."
        ],
    ),
}

# Themes the members proposed, with how many of the demo members vote for each.
THEME_PROPOSALS = [
    (
        "Toegang tot onderwijs voor kinderen zonder papieren",
        "Hoe schrijven we kinderen in een school in, en wie betaalt de schoolkosten?",
        3,
    ),
    (
        "Juridische bijstand: een pro-Deoadvocaat vinden",
        "Ervaringen met het bureau voor juridische bijstand in Gent en Brugge.",
        2,
    ),
    ("Opvang in de winter", "", 1),
]

# Registrations -----------------------------------------------------------

DEMO_PARTICIPANTS = [
    ("an.claes@example.org", "An", "Claes", "OCMW Brugge", "Brugge"),
    ("bram.maes@example.org", "Bram", "Maes", "OCMW Leuven", "Leuven"),
    ("chloe.dubois@example.org", "Chloé", "Dubois", "CPAS de Liège", "Liège", "fr"),
]
DEMO_REQUEST = (
    "hanne.wouters@example.org",
    "Hanne",
    "Wouters",
    "Vluchtelingenwerk Gent vzw",
    "Gent",
)


def listed_organisation(name):
    """The demo organisation a demo participant works for (its Dutch or French name)."""
    from django.db.models import Q

    from portal.organisations.models import Organisation

    return Organisation.objects.filter(Q(name_nl=name) | Q(name_fr=name)).first()


def _participant(email, first_name, last_name, organisation, town, language="nl", *, employee=True):
    from portal.accounts.models import Profile, User

    user, created = User.objects.get_or_create(
        email=email, defaults={"first_name": first_name, "last_name": last_name}
    )
    if created:
        user.set_unusable_password()
        user.save()
        Profile.objects.filter(user=user).update(
            organisation=listed_organisation(organisation),
            organisation_name=organisation,
            organisation_kind=Profile.OrganisationKind.OCMW
            if employee
            else Profile.OrganisationKind.NON_PROFIT,
            is_ocmw_employee=employee,
            municipality=town,
            job_title="Maatschappelijk werker",
            preferred_language=language,
        )
        user.profile.refresh_from_db()
    return user


def _demo_registrations(edition, meeting):
    """The demo member takes part in the trajectory; the learning-network
    meeting is full with a waiting list; one request waits for approval."""
    from portal.accounts.models import User

    from . import registrations
    from .assignments.services import hand_in
    from .models import Registration

    if Registration.objects.exists():
        return
    invoice = registrations.InvoiceDetails(
        organisation="OCMW Gent", address="Onderbergen 86, 9000 Gent", reference="PO-2027-001"
    )
    member = User.objects.get(email="member@example.org")
    registration = registrations.register_for_edition(user=member, edition=edition, invoice=invoice)
    hand_in(
        registration=registration,
        title="Een onthaalpunt voor nieuwkomers in Gent",
        summary="Hoe het OCMW, de integratiedienst en vrijwilligers samen één loket voor nieuwkomers opzetten.",
        publish_summary=True,
        files=[SimpleUploadedFile("eindopdracht.pdf", DEMO_PDF, content_type="application/pdf")],
    )
    session = meeting.sessions.first()
    session.capacity = len(DEMO_PARTICIPANTS) - 1
    session.save()
    for details in DEMO_PARTICIPANTS:
        registrations.register_for_session(user=_participant(*details), session=session)
    registrations.register_for_edition(
        user=_participant(*DEMO_REQUEST, employee=False),
        edition=edition,
        invoice=registrations.InvoiceDetails(
            organisation="Vluchtelingenwerk Gent vzw", address="Gent"
        ),
        motivation="Ik begeleid als vrijwilliger nieuwkomers in Gent en werk samen met het OCMW.",
        tie_to_ocmw="Onze vzw heeft een samenwerkingsovereenkomst met OCMW Gent.",
    )


DEMO_COLLEAGUES = [
    ("jonas.desmet@example.org", "Jonas", "De Smet", "OCMW Gent", "Gent"),
    ("lotte.vandamme@example.org", "Lotte", "Van Damme", "OCMW Gent", "Gent"),
]


# The portal's organiser as the seller of its invoices (Settings › Invoicing).
# The enterprise number passes the modulo-97 check but belongs to nobody; the
# IBAN is the example of the Belgian banks' own documentation.
DEMO_SELLER = {
    "seller_name": "VVSG vzw",
    "enterprise_number": "0451857078",
    "vat_number": "BE0451857078",
    "street": "Bischoffsheimlaan 1-8",
    "postal_code": "1000",
    "town": "Brussel",
    "email": "facturen@example.org",
    "iban": "BE71096123456769",
    "bic": "GKCCBEBB",
}


def _demo_invoices(first_edition):
    """The first edition (2020-2021) was invoiced after it ended: CPAS de
    Liège paid; the invoice of OCMW Brugge went out without its purchase
    order, so a credit note cancelled it and a corrected invoice followed."""
    from wagtail.models import Site

    from . import registrations
    from .invoicing import services
    from .models import Invoice, InvoiceSettings

    seller = InvoiceSettings.for_site(Site.objects.get(is_default_site=True))
    if not seller.seller_name:
        for name, value in DEMO_SELLER.items():
            setattr(seller, name, value)
        seller.save()
    if Invoice.objects.exists():
        return
    an, _bram, chloe = (_participant(*details) for details in DEMO_PARTICIPANTS)
    for member in (an, chloe):
        registrations.register_for_edition(
            user=member, edition=first_edition, now=at(date(2019, 12, 2), 10)
        )
    after_the_return_day = at(date(2021, 6, 7), 6, 15)
    made = {
        invoice.organisation.name_nl: invoice
        for invoice in services.make_invoices(after_the_return_day)
    }
    services.mark_paid(made["OCMW Luik"], actor=None, now=at(date(2021, 7, 1), 11))
    services.credit(
        made["OCMW Brugge"],
        reason="De bestelbon ontbrak: de verbeterde factuur volgt.",
        actor=None,
        today=date(2021, 6, 21),
    )
    first_edition.registrations.filter(user=an).update(billing_reference="BB 2021/0417")
    services.make_invoices(at(date(2021, 6, 21), 6, 15))


def _demo_coordinator(edition):
    """The training coordinator of OCMW Gent registered two colleagues for
    the trajectory's edition (the demo member, their colleague too, is
    registered already): the offer the demo has open to registration."""
    from portal.accounts.models import User

    from . import registrations
    from .models import Registration

    coordinator = User.objects.filter(email="coordinator@example.org").first()
    if coordinator is None or Registration.objects.filter(registered_by=coordinator).exists():
        return
    try:
        registrations.register_colleagues_for_edition(
            coordinator=coordinator,
            colleagues=[_participant(*details) for details in DEMO_COLLEAGUES],
            edition=edition,
        )
    except registrations.RegistrationError:
        # Registration closed (a demo loaded long ago): nothing to show.
        return


def _demo_network_group(network, last_meeting):
    """The network asks editors to approve new members: the demo member and
    three others are in (the demo member and two more show their name), one
    request waits; the members proposed three themes and voted, and the
    editors made the most voted one the theme of the last meeting."""
    from portal.accounts.models import User

    from .models import NetworkMembership, ProposalStatus, ThemeProposal
    from .networks import services

    if NetworkMembership.objects.filter(network=network).exists():
        return
    member = User.objects.get(email="member@example.org")
    an, bram, chloe = (_participant(*details) for details in DEMO_PARTICIPANTS)
    hanne = _participant(*DEMO_REQUEST, employee=False)
    editor = User.objects.filter(is_superuser=True).first()
    voters = [member, an, chloe]
    for user, consent in [(member, True), (an, True), (bram, False), (chloe, True)]:
        membership = services.join(network=network, user=user, share_details=consent)
        services.approve(membership=membership, by=editor)
    services.join(network=network, user=hanne, share_details=True)
    for number, (title, description, votes) in enumerate(THEME_PROPOSALS):
        proposal = services.propose(
            network=network, user=voters[number % len(voters)], title=title, description=description
        )
        for voter in voters[:votes]:
            services.vote(proposal=proposal, user=voter)
        if number == 0:
            ThemeProposal.objects.filter(pk=proposal.pk).update(
                status=ProposalStatus.CHOSEN, meeting=last_meeting
            )


STEPS = """Stappenplan vrijwillige terugkeer voor vrijwilligers

1. Luister eerst: wil de persoon zelf informatie over terugkeer?
2. Verwijs voor informatie en begeleiding naar een erkende organisatie (Caritas International, Fedasil).
3. Beloof niets over premies of termijnen: die beslist de begeleidende organisatie.
4. Blijf bereikbaar tot het vertrek; spreek af wie wat doet.
"""


def _product_document():
    from wagtail.documents import get_document_model

    Document = get_document_model()
    title = "Stappenplan vrijwillige terugkeer"
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title)
        document.file.save(
            "stappenplan-vrijwillige-terugkeer.txt",
            SimpleUploadedFile("stappenplan.txt", STEPS.encode()),
            save=False,
        )
        document.save()
    return document


# Evaluations --------------------------------------------------------------

# The network's last meeting, on a theme of the seed: held last Tuesday.
LAST_MEETING = {
    "title": t.text(
        "Toegang tot onderwijs voor kinderen zonder wettig verblijf",
        "L'accès à l'enseignement pour les enfants sans séjour légal",
    ),
    "slug": t.text("toegang-tot-onderwijs", "acces-a-l-enseignement"),
}
EVALUATION_QUESTIONS = [
    (
        t.text(
            "Kon je genoeg eigen casussen inbrengen?",
            "Avez-vous pu apporter assez de vos propres cas ?",
        ),
        "scale",
        True,
    ),
    (
        t.text(
            "Welk thema wil je op een volgende bijeenkomst?",
            "Quel thème souhaitez-vous pour une prochaine rencontre ?",
        ),
        "text",
        False,
    ),
]
# (participant, satisfaction, usefulness, takeaway, improvement, anonymous, extra scale)
DEMO_EVALUATIONS = [
    (0, 5, 4, "Welke scholen in mijn regio kinderen zonder papieren inschrijven.", "", False, 5),
    (1, 3, 4, "", "Meer tijd per casus, we moesten twee casussen laten vallen.", True, 3),
    (
        2,
        4,
        5,
        "Des collègues d'autres CPAS vivent les mêmes dilemmes.",
        "Plus de pauses.",
        False,
        4,
    ),
]


def network_evening(meeting, day):
    """The learning network meets on a Tuesday evening, always at the same campus in Gent."""
    session(
        meeting,
        day,
        (19, 30),
        (21, 30),
        venue_name="Campus Sint-Annaplein",
        address="Sint-Annaplein 31",
        postal_code="9000",
        town="Gent",
        province="east_flanders",
        capacity=25,
    )


def _last_tuesday(today):
    """The last Tuesday before today (one to seven days ago): the network meets on Tuesdays."""
    return today - timedelta(days=(today.weekday() - 1) % 7 or 7)


def _demo_evaluations(network, last_meeting, now):
    """The network's last meeting: the demo member was there and is asked
    for an evaluation not yet given; three others answered, so that the
    results and the dashboard show scores. The network asks two questions
    of its own. Added once."""
    from portal.accounts.models import User

    from . import registrations
    from .certificates import certificate_for
    from .evaluations import submit
    from .models import EvaluationInvitation, EvaluationQuestion, Registration, RegistrationStatus
    from .registrations.records import log

    held = last_meeting.sessions.first()
    if held is None or held.registrations.exists():
        return
    if not network.evaluation_questions.exists():
        # Published with the page, as an editor's would be: the editor opens the latest revision.
        network.evaluation_questions = [
            EvaluationQuestion(text=text, kind=kind, required=required, sort_order=order)
            for order, (text, kind, required) in enumerate(EVALUATION_QUESTIONS)
        ]
        network.save_revision().publish()
    people = [User.objects.get(email="member@example.org")] + [
        _participant(*details) for details in DEMO_PARTICIPANTS
    ]
    # Registration closed before the meeting: the seats were taken then, as confirmed.
    booked = []
    for person in people:
        registration = Registration.objects.create(
            user=person, session=held, status=RegistrationStatus.CONFIRMED
        )
        log(registration, person, from_status="")
        registrations.mark_attendance(
            registration=registration, session=held, by=None, attendance="present"
        )
        EvaluationInvitation.objects.create(registration=registration, session=held)
        booked.append(registration)
    keys = [question.key for question in network.evaluation_questions.all()]
    for (
        index,
        satisfaction,
        usefulness,
        takeaway,
        improvement,
        anonymous,
        extra,
    ) in DEMO_EVALUATIONS:
        registration = booked[index + 1]
        submit(
            registration=registration,
            session=held,
            by=registration.user,
            satisfaction=satisfaction,
            usefulness=usefulness,
            takeaway=takeaway,
            improvement=improvement,
            anonymous=anonymous,
            extra={keys[0]: extra},
            now=now,
        )
    # The demo member's certificate of the meeting, as their first download makes it.
    certificate_for(booked[0])


# The G50 track -----------------------------------------------------------

G50 = {
    "title": t.text(
        "G50: sterk sociaal werk in OCMW's", "G50 : un travail social fort dans les CPAS"
    ),
    "slug": t.text("g50", "g50"),
    "intro": t.text(
        "Vijftig maatschappelijk werkers met beide voeten in de OCMW-praktijk staan stil bij de eigenheid en de "
        "uitdagingen van hun werk. Samen zetten we concrete werksporen uit.",
        "Cinquante travailleurs sociaux ancrés dans la pratique des CPAS réfléchissent à la spécificité et aux défis "
        "de leur métier. Ensemble, nous lançons des chantiers concrets.",
    ),
}

WORKSTREAMS = [
    {
        "title": t.text("Innovatielab", "Laboratoire d'innovation"),
        "slug": t.text("innovatielab", "laboratoire-innovation"),
        "intro": t.text(
            "Een probleem dat om een nieuwe oplossing vraagt, of een idee dat nog moet rijpen? Een team uit verschillende disciplines denkt met je mee.",
            "Un problème qui appelle une solution nouvelle, ou une idée encore à mûrir ? Une équipe pluridisciplinaire réfléchit avec vous.",
        ),
        "aim": t.rich(
            [
                "Samen met sociale diensten vernieuwende antwoorden vormgeven op vragen uit de praktijk."
            ],
            [
                "Construire avec les services sociaux des réponses innovantes aux questions du terrain."
            ],
        ),
        "how_to_take_part": t.rich(
            [
                "Beschrijf je probleemstelling of idee; we stellen een team samen dat met jou aan de slag gaat."
            ],
            [
                "Décrivez votre problème ou votre idée ; nous constituons une équipe qui travaille avec vous."
            ],
        ),
    },
    {
        "title": t.text("Kafka-brigade", "Brigade Kafka"),
        "slug": t.text("kafka-brigade", "brigade-kafka"),
        "intro": t.text(
            "Sociale diensten verzetten bergen administratie. De Kafka-brigade snijdt op basis van concrete cases overbodige regels weg.",
            "Les services sociaux abattent des montagnes d'administration. La brigade Kafka élimine, à partir de cas concrets, les règles superflues.",
        ),
        "aim": t.rich(
            ["Overtollige administratie wegwerken, zowel op lokaal als op bovenlokaal niveau."],
            ["Supprimer la charge administrative inutile, au niveau local comme supralocal."],
        ),
        "how_to_take_part": t.rich(
            [
                "Meld een geval van overbodige administratie: wat, waar in de keten, en wat het kost aan cliënten en werkers."
            ],
            [
                "Signalez un cas de charge administrative inutile : quoi, où dans la chaîne, et ce qu'il coûte aux usagers et aux travailleurs."
            ],
        ),
    },
    {
        "title": t.text(
            "Het OCMW in sociale hogescholen", "Le CPAS dans les hautes écoles sociales"
        ),
        "slug": t.text("ocmw-in-sociale-hogescholen", "cpas-dans-les-hautes-ecoles"),
        "intro": t.text(
            "OCMW's hebben sterke maatschappelijk werkers nodig. We brengen de OCMW-praktijk meer binnen in de opleidingen.",
            "Les CPAS ont besoin de travailleurs sociaux solides. Nous faisons davantage entrer la pratique des CPAS dans les formations.",
        ),
        "aim": t.rich(
            ["Toekomstige maatschappelijk werkers prikkelen voor het werk in een OCMW."],
            ["Donner envie aux futurs travailleurs sociaux de travailler dans un CPAS."],
        ),
    },
    {
        "title": t.text("De stem van de maatschappelijk werker", "La voix du travailleur social"),
        "slug": t.text("stem-van-de-maatschappelijk-werker", "voix-du-travailleur-social"),
        "intro": t.text(
            "We zoeken manieren om de stem van het sociaal werk meer mee te nemen in het beleid en de ondersteuning.",
            "Nous cherchons des moyens de mieux faire entendre la voix du travail social dans les politiques et le soutien.",
        ),
        "aim": t.rich(
            [
                "De ervaring van maatschappelijk werkers laten doorwegen in standpunten en ondersteuning."
            ],
            ["Faire peser l'expérience des travailleurs sociaux dans les positions et le soutien."],
        ),
        "how_to_take_part": t.rich(
            ["Deel je ervaring in een verhaal uit de praktijk op dit portaal."],
            ["Partagez votre expérience dans un récit de terrain sur ce portail."],
        ),
    },
]

CALL_TO = t.text("g50@example.org")
CALL_FROM = t.text("noreply@example.org")
CALLS = {
    "innovatielab": {
        "title": t.text(
            "Leg het innovatielab een vraagstuk voor",
            "Soumettez une question au laboratoire d'innovation",
        ),
        "slug": t.text("vraagstuk-indienen", "soumettre-une-question"),
        "intro": t.rich(
            [
                "Staat je sociale dienst voor een probleem dat om een nieuwe oplossing vraagt? Beschrijf het hier."
            ],
            [
                "Votre service social fait face à un problème qui demande une solution nouvelle ? Décrivez-le ici."
            ],
        ),
        "subject": t.text(
            "Nieuw vraagstuk voor het innovatielab",
            "Nouvelle question pour le laboratoire d'innovation",
        ),
        "fields": [
            (t.text("Je naam", "Votre nom"), "singleline", True, ""),
            (t.text("Je e-mailadres", "Votre adresse e-mail"), "email", True, ""),
            (t.text("Je organisatie", "Votre organisation"), "singleline", True, ""),
            (
                t.text(
                    "Welk probleem vraagt om een nieuwe oplossing?",
                    "Quel problème appelle une solution nouvelle ?",
                ),
                "multiline",
                True,
                "",
            ),
            (
                t.text("Wat heb je al geprobeerd?", "Qu'avez-vous déjà essayé ?"),
                "multiline",
                False,
                "",
            ),
        ],
    },
    "kafka-brigade": {
        "title": t.text(
            "Meld een geval van overbodige administratie",
            "Signalez un cas de charge administrative inutile",
        ),
        "slug": t.text("administratie-melden", "signaler-une-charge"),
        "intro": t.rich(
            [
                "Welke regel of welk formulier kost cliënten en werkers tijd zonder iets op te leveren? Vertel het de Kafka-brigade."
            ],
            [
                "Quelle règle ou quel formulaire fait perdre du temps aux usagers et aux travailleurs sans rien apporter ? Dites-le à la brigade Kafka."
            ],
        ),
        "subject": t.text(
            "Nieuwe melding voor de Kafka-brigade", "Nouveau signalement pour la brigade Kafka"
        ),
        "fields": [
            (t.text("Je naam", "Votre nom"), "singleline", True, ""),
            (t.text("Je e-mailadres", "Votre adresse e-mail"), "email", True, ""),
            (
                t.text("Wat is de overbodige stap?", "Quelle est l'étape inutile ?"),
                "multiline",
                True,
                "",
            ),
            (
                t.text("Waar in de keten?", "Où dans la chaîne ?"),
                "radio",
                True,
                t.text("Lokaal\nBovenlokaal", "Local\nSupralocal"),
            ),
            (
                t.text(
                    "Wat kost het cliënten en werkers?",
                    "Que coûte-t-elle aux usagers et aux travailleurs ?",
                ),
                "multiline",
                True,
                "",
            ),
        ],
    },
}

CONFERENCE = {
    "title": t.text("Sociaalwerkconferentie 2018", "Conférence du travail social 2018"),
    "slug": t.text("sociaalwerkconferentie-2018", "conference-travail-social-2018"),
    "intro": t.text(
        "Sociaal werkers, studenten en iedereen die bij het sociaal werk betrokken is, formuleerden samen wat sterk "
        "sociaal werk in de toekomst nodig heeft. Daaruit kwamen vijf krachtlijnen.",
        "Travailleurs sociaux, étudiants et toutes les personnes concernées ont formulé ensemble ce dont un travail "
        "social fort a besoin pour l'avenir. Cinq lignes directrices en sont issues.",
    ),
}

OFFER_INDEX = {
    "title": t.text("Vormingsaanbod", "Offre de formation"),
    "slug": t.text("aanbod", "offre"),
    "intro": t.text(
        "Opleidingen, trajecten, leernetwerken en conferenties voor wie in of met een OCMW werkt.",
        "Formations, trajets, réseaux d'apprentissage et conférences pour celles et ceux qui travaillent dans ou avec un CPAS.",
    ),
}


def _call_form(workstream, call):
    from .models import CallFormField, CallFormPage

    page = CallFormPage.objects.child_of(workstream).filter(slug=call["slug"]).first()
    if page is None:
        page = workstream.add_child(
            instance=CallFormPage(
                title=call["title"],
                slug=call["slug"],
                intro=call["intro"],
                subject=call["subject"],
                to_address=CALL_TO,
                from_address=CALL_FROM,
            )
        )
        for order, (label, field_type, required, choices) in enumerate(call["fields"]):
            CallFormField.objects.create(
                page=page,
                locale=page.locale,
                sort_order=order,
                label=label,
                field_type=field_type,
                required=required,
                choices=choices,
            )
    return page


def _child(parent, model, spec, **extra):
    existing = model.objects.child_of(parent).filter(slug=spec["slug"]).first()
    if existing is not None:
        return existing, False
    fields = {k: v for k, v in spec.items() if k not in ("themes", "principles")}
    page = model(**fields, **extra)
    for name in ("themes", "principles"):
        if name in spec:
            setattr(page, name, spec[name])
    return parent.add_child(instance=page), True


def _themes(*slugs):
    return list(Theme.objects.filter(locale__language_code="nl", slug__in=slugs))


def _principles(*slugs):
    return list(GuidingPrinciple.objects.filter(locale__language_code="nl", slug__in=slugs))


def load(stdout):
    dutch = Locale.objects.get(language_code="nl")
    french = Locale.objects.get(language_code="fr")
    home = HomePage.objects.get(locale=dutch)
    today = timezone.localdate()
    next_year = today.year + 1

    index, _ = _child(home, OfferIndexPage, OFFER_INDEX, show_in_menus=True)

    training, created = _child(
        index,
        TrainingPage,
        {**TRAINING, "themes": _themes("migratie"), "principles": _principles("generalistisch")},
    )
    if created:
        for (
            month,
            day,
            weekday,
        ), venue, address, postal_code, town, province in PROVINCIAL_SESSIONS:
            session(
                training,
                same_weekday_in(next_year, month, day, weekday),
                (9, 30),
                (12, 30),
                reception_time=time(9, 0),
                venue_name=venue,
                address=address,
                postal_code=postal_code,
                town=town,
                province=province,
                capacity=15,
                status=SessionStatus.POSTPONED,
                status_note_nl=POSTPONED_NL,
                status_note_fr=POSTPONED_FR,
            )

    trajectory, _ = _child(
        index,
        TrajectoryPage,
        {
            **TRAJECTORY,
            "themes": _themes("lokaal-integratiebeleid", "migratie"),
            "principles": _principles("verbindend"),
        },
    )
    start_year = next_year
    edition_spec = {
        "title": t.text(
            f"Editie {start_year}-{start_year + 1}", f"Édition {start_year}-{start_year + 1}"
        ),
        "slug": t.text(
            f"editie-{start_year}-{start_year + 1}", f"edition-{start_year}-{start_year + 1}"
        ),
        "intro": t.text(
            f"De editie start in maart {start_year} en sluit af met de terugkomdag in februari {start_year + 1}.",
            f"L'édition commence en mars {start_year} et se termine par la journée de retour en février {start_year + 1}.",
        ),
        "partners": PARTNERS,
    }
    first_day = same_weekday_in(start_year, 3, 5, 4)
    # The first edition, 2020-2021, as the seed tells it: past, beside the open one.
    first_edition, _ = _child(
        trajectory,
        EditionPage,
        FIRST_EDITION,
        # Required, and not in the seed: registration closed before the start
        # (a closed window shows no date).
        registration_opens=at(date(2019, 11, 4), 9),
        registration_closes=at(date(2020, 1, 30), 23, 59),
        price=Decimal("225"),
    )
    # No capacity and no deadline for the final assignment: the seed gives neither.
    edition, created = _child(
        trajectory,
        EditionPage,
        {**edition_spec, "assignment_brief": ASSIGNMENT_BRIEF},
        # The seed's window ran from late November until five weeks before the start; keep it open now.
        registration_opens=min(
            at(date(start_year - 1, 11, 30), 9), timezone.now() - timedelta(days=7)
        ),
        registration_closes=at(first_day - timedelta(days=35), 23, 59),
        price=Decimal("225"),
    )
    if created:
        for number, (title, description, sessions, is_return_day) in enumerate(MODULES, start=1):
            slug = t.text(f"module-{number}")
            module = edition.add_child(
                instance=ModulePage(
                    title=title, slug=slug, description=description, is_return_day=is_return_day
                )
            )
            for (month, day, weekday), start, end, session_format in sessions:
                year = start_year + 1 if month < 3 else start_year
                if session_format == "physical":
                    where = {"format": "physical", **HERMAN_TEIRLINCK}
                elif session_format == "online+on-site":
                    where = {"format": "online", "online_link": TEAMS, **WITH_ON_SITE_OFFER}
                else:
                    where = {"format": "online", "online_link": TEAMS}
                session(module, same_weekday_in(year, month, day, weekday), start, end, **where)

    network, _ = _child(
        index,
        LearningNetworkPage,
        {
            **NETWORK,
            "themes": _themes("zonder-wettig-verblijf"),
            "principles": _principles("politiserend", "verbindend"),
        },
        members_need_approval=True,
    )
    past_meeting, created = _child(
        network, MeetingPage, PAST_MEETING, product_document=_product_document()
    )
    if created:
        # Two months ago, on a Tuesday evening.
        day = today - timedelta(days=60)
        day -= timedelta(days=(day.weekday() - 1) % 7)
        network_evening(past_meeting, day)
    meeting, created = _child(network, MeetingPage, MEETING)
    if created:
        # The next meeting: a Tuesday evening about a month from now.
        day = today + timedelta(days=30)
        day += timedelta(days=(1 - day.weekday()) % 7)
        network_evening(meeting, day)

    last_meeting, created = _child(network, MeetingPage, LAST_MEETING)
    if created:
        network_evening(last_meeting, _last_tuesday(today))

    follow_ups = [
        _child(index, TrainingPage, {**spec, "themes": _themes("migratie")})[0]
        for spec in FOLLOW_UPS
    ]
    for order, follow_up in enumerate(follow_ups):
        TrainingRelatedPage.objects.get_or_create(
            page=training, related=follow_up, defaults={"sort_order": order}
        )
        TrainingRelatedPage.objects.get_or_create(
            page=follow_up, related=training, defaults={"sort_order": 0}
        )

    g50, _ = _child(home, G50TrackPage, G50, show_in_menus=True)
    calls = []
    for spec in WORKSTREAMS:
        workstream, _ = _child(
            g50,
            WorkstreamPage,
            {**spec, "contact_name": t.text("G50"), "contact_email": "g50@example.org"},
        )
        if workstream.slug in CALLS:
            calls.append(_call_form(workstream, CALLS[workstream.slug]))
    _child(
        g50,
        ConferencePage,
        {**CONFERENCE, "principles": list(GuidingPrinciple.objects.filter(locale=dutch))},
    )

    # The demo's own mail would only clutter the terminal of `make run`.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        _demo_registrations(edition, meeting)
        _demo_coordinator(edition)
        _demo_network_group(network, last_meeting)
        _demo_evaluations(network, last_meeting, timezone.now())

    for page in [
        index,
        training,
        *follow_ups,
        trajectory,
        *trajectory.get_children().specific(),
        *edition.get_children().specific(),
        network,
        past_meeting,
        last_meeting,
        meeting,
        g50,
        *g50.get_children().specific(),
        *calls,
    ]:
        if page.get_translation_or_none(french) is None:
            translate_into(page, "fr", t.french)
    # Once the pages are translated: a CPAS reads the lines of its invoice in French.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        _demo_invoices(first_edition)
    stdout.write(
        "  Offer: a training, a trajectory, a learning network, the G50 track and a conference."
    )
