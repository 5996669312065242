"""What a member attended, read in a fixed number of queries whatever the
number of their registrations: the page, the PDF and the CSV show it."""

import functools
import operator
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from wagtail.models import Locale, Page

from home.taxonomy import Theme

from ..certificates.services import hours_of, rule_met
from ..models import Attendance, Registration, Session, SessionAttendance, SessionStatus


@dataclass
class Entry:
    """One registration the member attended at least one session of."""

    registration: Registration
    title: str
    sessions: list  # those attended, in order
    hours: Decimal
    themes: list
    certificate: object  # the valid certificate already issued, or None
    may_download: bool

    @property
    def first(self):
        return self.sessions[0]

    @property
    def last(self):
        return self.sessions[-1]


@dataclass
class Record:
    entries: list
    hours_per_year: list  # [(year, hours)], the latest year first
    hours_per_theme: list  # [(theme, hours)], by name
    total_hours: Decimal


def _attended_registrations(user):
    present = SessionAttendance.objects.filter(attendance=Attendance.PRESENT).exclude(
        session__status=SessionStatus.CANCELLED
    )
    return list(
        Registration.objects.of_member(user)
        .filter(Exists(present.filter(registration=OuterRef("pk"))))
        .select_related("session__page", "edition")
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=present.select_related("session").order_by("session__starts_at"),
                to_attr="present",
            ),
            "certificates",
        )
    )


def _held_per_edition(editions):
    """The sessions held (not cancelled) under each edition, in one query.
    Registrations are made on the source (Dutch) edition, where its sessions live."""
    if not editions:
        return {}
    under = functools.reduce(
        operator.or_, (Q(page__path__startswith=edition.path) for edition in editions)
    )
    paths = list(
        Session.objects.filter(under)
        .exclude(status=SessionStatus.CANCELLED)
        .values_list("pk", "page__path")
    )
    return {
        edition.pk: [pk for pk, path in paths if path.startswith(edition.path)]
        for edition in editions
    }


class _Pages:
    """The offer pages and their parents, in the active language where a
    translation exists, else in the source language; specific, with their
    parents known, so that `booking_title` asks nothing more."""

    def __init__(self, offer_pages, active, default):
        parent_paths = {page.path[: -page.steplen] for page in offer_pages}
        parents = list(Page.objects.filter(path__in=parent_paths))
        keys = {page.translation_key for page in [*offer_pages, *parents]}
        self.by_key = {}
        # A translation not published yet is not shown: its source is.
        shown = Q(locale_id=default.pk) | Q(locale_id=active.pk, live=True)
        for page in Page.objects.filter(shown, translation_key__in=keys).specific():
            self.by_key[page.translation_key, page.locale_id] = page
        self.parent_key = {
            page.translation_key: next(
                (p.translation_key for p in parents if p.path == page.path[: -page.steplen]), None
            )
            for page in offer_pages
        }
        self.active, self.default = active.pk, default.pk

    def _in(self, key, locale_id):
        return self.by_key.get((key, locale_id)) or self.by_key.get((key, self.default))

    def shown(self, offer_page):
        """The page in the active language, its parent set as treebeard keeps it."""
        page = self._in(offer_page.translation_key, self.active)
        parent = self._in(self.parent_key[offer_page.translation_key], page.locale_id)
        if parent is not None:
            page._cached_parent_obj = parent
        return page

    def tagged(self, offer_page):
        """The source page that carries the themes: the offer page itself
        (training, conference), else its parent (a meeting's network, an
        edition's trajectory)."""
        page = self.by_key.get((offer_page.translation_key, self.default))
        if page is not None and hasattr(page, "themes"):
            return page
        parent = self.by_key.get((self.parent_key[offer_page.translation_key], self.default))
        return parent if parent is not None and hasattr(parent, "themes") else None


def _themes_of(pages, active, default):
    """{source page id: [theme names in the active language]}: one query per
    kind of page (each has its own table of themes) and one for the names."""
    keys_of = defaultdict(list)
    for kind in {type(page) for page in pages}:
        field = kind._meta.get_field("themes")
        through = field.remote_field.through
        rows = through.objects.filter(
            **{f"{field.m2m_field_name()}_id__in": [p.pk for p in pages if type(p) is kind]}
        ).values_list(
            f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}__translation_key"
        )
        for page_id, key in rows:
            keys_of[page_id].append(key)
    wanted = {key for keys in keys_of.values() for key in keys}
    names = {}
    # The source name, replaced by the translation where there is one.
    for theme in Theme.objects.filter(
        translation_key__in=wanted, locale_id__in={active.pk, default.pk}
    ):
        if theme.locale_id == active.pk or theme.translation_key not in names:
            names[theme.translation_key] = theme.name
    return {
        page_id: sorted((names[key] for key in keys if key in names), key=str.casefold)
        for page_id, keys in keys_of.items()
    }


def learning_record(user):
    """The member's record in the active language."""
    registrations = _attended_registrations(user)
    active, default = Locale.get_active(), Locale.get_default()
    offer_pages = {r.offer_page.pk: r.offer_page for r in registrations}
    pages = _Pages(list(offer_pages.values()), active, default) if registrations else None
    tagged = {pk: pages.tagged(page) for pk, page in offer_pages.items()} if pages else {}
    themes = _themes_of([p for p in tagged.values() if p is not None], active, default)
    held = _held_per_edition(
        list({r.edition.pk: r.edition for r in registrations if r.edition_id}.values())
    )

    entries, per_year, per_theme = [], defaultdict(Decimal), defaultdict(Decimal)
    for registration in registrations:
        sessions = [attendance.session for attendance in registration.present]
        issued = min(registration.certificates.all(), key=lambda c: c.pk, default=None)
        page = tagged[registration.offer_page.pk]
        entry = Entry(
            registration=registration,
            title=pages.shown(registration.offer_page).booking_title,
            sessions=sessions,
            hours=hours_of(sessions),
            themes=themes.get(page.pk, []) if page is not None else [],
            certificate=issued if issued is not None and not issued.is_revoked else None,
            may_download=rule_met(
                registration,
                issued=issued,
                attended=sessions,
                held=held.get(registration.edition_id, []),
            ),
        )
        entries.append(entry)
        for session in sessions:
            per_year[timezone.localtime(session.starts_at).year] += hours_of([session])
        for theme in entry.themes:
            per_theme[theme] += entry.hours
    entries.sort(key=lambda e: (e.first.starts_at, e.registration.pk), reverse=True)
    return Record(
        entries=entries,
        hours_per_year=sorted(per_year.items(), reverse=True),
        hours_per_theme=sorted(per_theme.items(), key=lambda item: item[0].casefold()),
        total_hours=sum((entry.hours for entry in entries), Decimal("0.00")),
    )
