"""The offer: a catalogue with trainings, trajectories, networks, and their sessions."""

from datetime import datetime, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from trajecten.models import (
    CallFormField,
    CallFormPage,
    EditionPage,
    G50TrackPage,
    LearningNetworkPage,
    MeetingPage,
    ModulePage,
    OfferIndexPage,
    Session,
    TrainingPage,
    TrajectoryPage,
    WorkstreamPage,
)


def brussels(year, month, day, hour=9, minute=30):
    return timezone.make_aware(datetime(year, month, day, hour, minute))


def in_days(days, hour=9, minute=30):
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hour, minute=minute, second=0, microsecond=0)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    starts_at = factory.LazyFunction(lambda: in_days(30))
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + timedelta(hours=3))
    venue_name = "Provinciehuis"
    address = "Provincieplein 1"
    postal_code = "3010"
    town = "Leuven"
    province = "flemish_brabant"
    capacity = 15


def make_offer_index(home, **fields):
    fields.setdefault("title", "Vormingsaanbod")
    fields.setdefault("slug", "aanbod")
    return home.add_child(instance=OfferIndexPage(**fields))


def make_training(index, sessions=1, **fields):
    fields.setdefault("title", "Basisopleiding migratie")
    fields.setdefault("slug", "basisopleiding")
    fields.setdefault("intro", "Een halve dag over de psychosociale impact van migratie.")
    fields.setdefault("price", Decimal("45"))
    fields.setdefault("price_with_lunch", Decimal("50"))
    themes = fields.pop("themes", [])
    principles = fields.pop("principles", [])
    page = TrainingPage(**fields)
    page.themes = themes
    page.principles = principles
    index.add_child(instance=page)
    for number in range(sessions):
        SessionFactory(page=page, starts_at=in_days(30 + number))
    return page


def make_trajectory(index, modules=3, opens_in_days=-7, closes_in_days=30, **fields):
    fields.setdefault("title", "Vormingstraject integratie")
    fields.setdefault("slug", "vormingstraject")
    fields.setdefault("intro", "Zeven sessies voor lokale integratiemedewerkers.")
    trajectory = index.add_child(instance=TrajectoryPage(**fields))
    edition = trajectory.add_child(
        instance=EditionPage(
            title="Editie 2027-2028",
            slug="editie",
            registration_opens=in_days(opens_in_days),
            registration_closes=in_days(closes_in_days, 23, 59),
            price=Decimal("225"),
            capacity=20,
        )
    )
    for number in range(1, modules + 1):
        module = edition.add_child(
            instance=ModulePage(
                title=f"Module {number}", slug=f"module-{number}", is_return_day=number == modules
            )
        )
        SessionFactory(
            page=module,
            starts_at=in_days(60 + 7 * number),
            format="online",
            online_link="https://teams.example.org/x",
            town="",
            venue_name="",
            address="",
            postal_code="",
            province="",
        )
    return trajectory, edition


def make_network(index, **fields):
    fields.setdefault("title", "Leernetwerk zonder wettig verblijf")
    fields.setdefault("slug", "leernetwerk")
    fields.setdefault("intro", "Voor vrijwilligers in Oost- en West-Vlaanderen.")
    network = index.add_child(instance=LearningNetworkPage(**fields))
    meeting = network.add_child(
        instance=MeetingPage(
            title="Dringende medische hulp",
            slug="dmh",
            speakers="Annika Waag\nAnne Leyman",
            product="Een tool",
        )
    )
    SessionFactory(
        page=meeting,
        starts_at=in_days(20, 19, 30),
        town="Gent",
        province="east_flanders",
        capacity=None,
    )
    return network, meeting


def make_call_form(home):
    """A G50 track with the Kafka brigade and its call form of four questions."""
    track = home.add_child(instance=G50TrackPage(title="G50", slug="g50"))
    kafka = track.add_child(instance=WorkstreamPage(title="Kafka-brigade", slug="kafka-brigade"))
    page = kafka.add_child(
        instance=CallFormPage(
            title="Meld overbodige administratie",
            slug="melden",
            to_address="g50@example.org",
            subject="Nieuwe melding",
        )
    )
    for order, (label, field_type, choices) in enumerate(
        [
            ("Je naam", "singleline", ""),
            ("Je e-mailadres", "email", ""),
            ("Wat is de overbodige stap?", "multiline", ""),
            ("Waar in de keten?", "radio", "Lokaal\nBovenlokaal"),
        ]
    ):
        CallFormField.objects.create(
            page=page,
            locale=page.locale,
            sort_order=order,
            label=label,
            field_type=field_type,
            required=True,
            choices=choices,
        )
    return page
