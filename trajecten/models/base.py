"""What the pages of the offer share: intro, tags, contact, and how pages
that carry sessions keep them on the source (Dutch) page."""

from django import forms
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.forms.pages import CopyForm
from wagtail.admin.panels import (
    FieldPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.models import Locale, Page
from wagtail_localize.fields import BaseTranslatableField

from home.taxonomy import GuidingPrinciple, Theme, in_language_of, in_source_language

from .sessions import Session
from .settings import RuleOverrides


def source_page(page):
    """The page's source (Dutch) version: where its sessions and registrations live."""
    default = Locale.get_default()
    if page.locale_id == default.pk:
        return page
    return page.get_translation_or_none(default) or page


def sessions_date(sessions):
    """The date an offer page goes by in the search (its results and their
    order): its next session, else the last one it held; cancelled sessions
    only when it has no other."""
    for candidates in (sessions.scheduled(), sessions):
        upcoming = candidates.upcoming().order_by("starts_at").first()
        if upcoming is not None:
            return upcoming.starts_at
        last = candidates.order_by("-starts_at").first()
        if last is not None:
            return last.starts_at
    return None


def source_path(page):
    """Tree path of the page's source version, under which its sessions live."""
    return source_page(page).path


class KeptOnSourcePage(BaseTranslatableField):
    """A field that wagtail-localize neither translates nor copies.

    wagtail-localize copies every child relation of a page to its
    translations; sessions must not be copied (one event, one capacity), so
    pages with sessions list the relation with this marker instead.
    """


class SessionsPageForm(WagtailAdminPageForm):
    """The editor of a page with sessions: a session that has registrations,
    or attendance (a module's session, whose registrations are the
    edition's), cannot be deleted (cancel it instead), so that nothing a
    member did is lost. A session saved with the page can be copied from its
    panel (CopySessionPanel)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sessions = self.formsets.get("sessions")
        if sessions is not None and self.instance.pk:
            # The formset's initial forms are the sessions of the page's
            # latest revision, where the copy is looked up by its uid.
            for form in sessions.initial_forms:
                form.saved_with_page = True

    def clean(self):
        cleaned = super().clean()
        sessions = self.formsets.get("sessions")
        if sessions is not None:
            deleted = [form.instance.pk for form in sessions.deleted_forms if form.instance.pk]
            kept = Q(registrations__isnull=False) | Q(attendances__isnull=False)
            if Session.objects.filter(kept, pk__in=deleted).exists():
                self.add_error(
                    None,
                    _(
                        "A session with registrations cannot be deleted. Set its status to cancelled "
                        "instead: the participants keep their history."
                    ),
                )
        return cleaned


def latest_sessions(page):
    """The sessions of `page` as the page editor shows them: those of its
    latest revision (a draft's too), else those published."""
    if not isinstance(page, SessionsMixin):
        return []
    return list(page.get_latest_revision_as_object().sessions.all())


# 52 weeks: a copy for next year keeps its weekdays.
DAYS_TO_NEXT_YEAR = 364
# Ten years: further is a typing error.
MOST_DAYS_MOVED = 3653


class SessionsCopyForm(CopyForm):
    """Wagtail's "Copy" of a page, with the choice to take the sessions of
    the page (and of the subpages copied with it) along, moved by a number
    of days: as new sessions, never with their registrations
    (trajecten/copying.py). Without the choice the copy has no sessions
    (`exclude_fields_in_copy`). Only on the Dutch page, where sessions live."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.page.locale_id != Locale.get_default().pk:
            return
        pages = list(self.page.get_descendants(inclusive=True).specific())
        count = sum(len(latest_sessions(page)) for page in pages)
        if not count:
            return
        help_text = ngettext(
            "%(count)d session: the copy gets it as a new session, scheduled and without "
            "registrations.",
            "%(count)d sessions: the copy gets them as new sessions, scheduled and without "
            "registrations.",
            count,
        ) % {"count": count}
        if len(pages) > 1:
            subpages = _("Those of the subpages come along when you copy them too.")
            help_text = f"{help_text} {subpages}"
        self.fields["take_sessions"] = forms.BooleanField(
            label=_("Take the sessions along"), required=False, help_text=help_text
        )
        self.fields["shift_days"] = forms.IntegerField(
            label=_("Move their dates by (days)"),
            initial=DAYS_TO_NEXT_YEAR,
            min_value=0,
            max_value=MOST_DAYS_MOVED,
            required=False,
            help_text=_(
                "364 days is 52 weeks: each session falls on the same weekday a year later, "
                "at the same hour."
            ),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("take_sessions") and cleaned.get("shift_days") is None:
            self.add_error("shift_days", _("Give a number of days: 0 keeps the dates."))
        if cleaned.get("take_sessions") and cleaned.get("alias"):
            self.add_error(
                "take_sessions",
                _("An alias shows the sessions of its page: it cannot take copies of them."),
            )
        return cleaned


class SessionsAlong(forms.Form):
    """The choice SessionsCopyForm adds, read again once the page is copied:
    Wagtail's `after_copy_page` hook receives the request, not the form."""

    take_sessions = forms.BooleanField(required=False)
    shift_days = forms.IntegerField(required=False, min_value=0, max_value=MOST_DAYS_MOVED)
    alias = forms.BooleanField(required=False)

    @classmethod
    def days(cls, page, data):
        """The days to move the sessions of the copy of `page` by, or None
        when they stay behind."""
        form = cls(data)
        asked = (
            issubclass(getattr(page.specific_class, "copy_form_class", object), SessionsCopyForm)
            and page.locale_id == Locale.get_default().pk
            and form.is_valid()
            and form.cleaned_data["take_sessions"]
            and not form.cleaned_data["alias"]
        )
        return form.cleaned_data["shift_days"] if asked else None


class SessionsMixin(models.Model):
    """A page whose sessions are edited inline on its Dutch version."""

    override_translatable_fields = [KeptOnSourcePage("sessions")]
    # A copy of the page takes its sessions only when the editor asks (SessionsCopyForm).
    exclude_fields_in_copy = ["sessions"]
    base_form_class = SessionsPageForm
    copy_form_class = SessionsCopyForm

    class Meta:
        abstract = True

    @classmethod
    def sessions_panels(cls, heading=None):
        return [
            HelpPanel(
                content=_(
                    "Sessions are edited on the Dutch page and shown on its translations; "
                    "a session is one event, whatever the language."
                )
            ),
            InlinePanel("sessions", heading=heading or _("Sessions"), label=_("Session")),
        ]

    def get_sessions(self):
        return Session.objects.for_page(self).with_seats()

    def search_date(self):
        """The date of the page in the search: that of its sessions."""
        return sessions_date(self.get_sessions())

    @property
    def booking_title(self):
        """The full name of what a member books on this page (see EditionPage)."""
        return self.title


def title_under(parent, title):
    """A page's title beside its parent's, for a page whose own title names it
    only under its parent: "Leernetwerk zonder wettig verblijf — Dringende medische hulp"."""
    return f"{parent.title} — {title}"


class OfferPageMixin(RuleOverrides):
    """Fields of every page in the offer catalogue, and the rules of its registrations."""

    intro = models.TextField(_("introduction"), help_text=_("One or two sentences shown in lists."))
    themes = ParentalManyToManyField(
        Theme,
        verbose_name=_("themes"),
        blank=True,
        related_name="+",
        limit_choices_to=in_source_language,
    )
    principles = ParentalManyToManyField(
        GuidingPrinciple,
        verbose_name=_("guiding principles"),
        blank=True,
        related_name="+",
        limit_choices_to=in_source_language,
    )
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)

    class Meta:
        abstract = True

    tag_panels = [
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("principles", widget=forms.CheckboxSelectMultiple),
    ]
    # The questions asked after each session besides the two scales and the
    # two open questions every evaluation has (trajecten/evaluations/).
    evaluation_panels = [
        HelpPanel(
            content=_(
                "After each session its participants are asked how satisfied they are and how "
                "useful it is for their work (1 to 5), what they take with them and what could "
                "be better. Add your own questions here; translate them with the page."
            )
        ),
        InlinePanel("evaluation_questions", heading=_("Extra questions"), label=_("Question")),
    ]
    contact_panels = [
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_email"), FieldPanel("contact_phone")],
            heading=_("Contact"),
        )
    ]

    # What the search index reads of an offer page (see search/indexing.py).
    def search_extra_text(self):
        """Venues and towns of the sessions, titles of the modules or meetings below."""
        places = [f"{session.venue_name} {session.town}" for session in self.get_sessions()]
        below = Page.objects.descendant_of(self).live().values_list("title", flat=True)
        return " ".join([*places, *below])

    def search_facets(self):
        provinces = {
            str(session.get_province_display())
            for session in self.get_sessions()
            if session.province
        }
        return {
            "themes": [theme.name for theme in self.localized_themes()],
            "principles": [principle.name for principle in self.localized_principles()],
            "provinces": sorted(provinces),
        }

    def search_date(self):
        """The date that matters: the next session, else the last one held."""
        return sessions_date(self.get_sessions())

    def localized_themes(self):
        """The page's themes in the language of the page (they are stored in
        Dutch), in one query."""
        return in_language_of(self, Theme, self.themes.all())

    def localized_principles(self):
        return in_language_of(self, GuidingPrinciple, self.principles.all())


def with_sessions(pages):
    """Give each page (modules, meetings) its `.session_list`, in one query:
    the sessions live on the Dutch pages, found by translation key."""
    pages = list(pages)
    sessions = (
        Session.objects.filter(page__translation_key__in=[page.translation_key for page in pages])
        .select_related("page")
        .with_seats()
    )
    by_key = {}
    for session in sessions:
        by_key.setdefault(session.page.translation_key, []).append(session)
    for page in pages:
        page.session_list = by_key.get(page.translation_key, [])
    return pages


def editor_tabs(content_panels, *tabs):
    """The page editor in tabs, so that an editor finds the sessions, prices
    and terms without scrolling through everything: Content first, then the
    page's own tabs, then Wagtail's Promote and Settings."""
    return TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            *tabs,
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
