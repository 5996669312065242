"""Filters of the offer catalogue: plain GET parameters that combine, where
a value that does not exist is ignored and the other filters still apply."""

from functools import reduce
from operator import or_

from django import forms
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from home import proxy_cache
from home.languages import source_language
from home.page_cache import remembered
from home.taxonomy import GuidingPrinciple, Province, Theme

from .models.sessions import Session, SessionFormat, SessionStatus


class OfferFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    province = forms.ChoiceField(
        label=_("Province"), required=False, choices=[("", _("All provinces")), *Province.choices]
    )
    format = forms.ChoiceField(
        label=_("Format"), required=False, choices=[("", _("All formats")), *SessionFormat.choices]
    )
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    principle = forms.ChoiceField(label=_("Guiding principle"), required=False)
    free = forms.BooleanField(label=_("Only with free seats"), required=False)
    when = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[("upcoming", _("Upcoming")), ("past", _("Past"))],
    )

    def __init__(self, data, *, kinds):
        super().__init__(data)
        self.kinds = kinds
        self.fields["kind"].choices = [("", _("All kinds"))] + [
            (key, model._meta.verbose_name) for key, model in kinds.items()
        ]
        self.fields["theme"].choices = [("", _("All themes")), *tag_choices(Theme)]
        self.fields["principle"].choices = [
            ("", _("All guiding principles")),
            *tag_choices(GuidingPrinciple),
        ]

    def valid_filters(self):
        """The filters whose value exists; the others are left out."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


def tag_choices(model):
    """(slug, name) of every theme or principle of the active language: the
    same on every visit to the catalogue until an editor changes them."""
    return remembered(
        "tag-choices",
        lambda: list(model.objects.in_active_locale().values_list("slug", "name")),
        model._meta.label,
        get_language(),
    )


def tagged_with(models, field_name, taxonomy_model, slug):
    """Pages of any of `models` tagged (in their source language) with the
    item of the active language that has this slug."""
    item = taxonomy_model.objects.in_active_locale().filter(slug=slug).first()
    if item is None:
        return Q(pk__in=[])
    conditions = []
    for model in models:
        through = model._meta.get_field(field_name).remote_field.through
        source_fk = model._meta.get_field(field_name).m2m_field_name()
        target_fk = model._meta.get_field(field_name).m2m_reverse_field_name()
        conditions.append(
            Q(
                Exists(
                    through.objects.filter(
                        **{
                            f"{source_fk}_id": OuterRef("pk"),
                            f"{target_fk}__translation_key": item.translation_key,
                        }
                    )
                )
            )
        )
    return reduce(or_, conditions)


def filter_offer(pages, filters, kinds, now=None):
    """Narrow a queryset of offer pages (of one language) down by `filters`,
    annotated with `next_start` (or `last_start` for past ones) for display."""
    now = now or timezone.now()
    if "kind" in filters:
        pages = pages.type(kinds[filters["kind"]])
    if "theme" in filters:
        pages = pages.filter(tagged_with(kinds.values(), "themes", Theme, filters["theme"]))
    if "principle" in filters:
        pages = pages.filter(
            tagged_with(kinds.values(), "principles", GuidingPrinciple, filters["principle"])
        )

    # Sessions live on the source (Dutch) page or below it (modules, meetings).
    source = Page.objects.filter(
        translation_key=OuterRef("translation_key"), locale__language_code=source_language()
    )
    pages = pages.annotate(source_path=Subquery(source.values("path")[:1]))
    own_sessions = Session.objects.filter(page__path__startswith=OuterRef("source_path"))
    matching = own_sessions
    if "province" in filters:
        matching = matching.filter(province=filters["province"])
    if "format" in filters:
        matching = matching.filter(format=filters["format"])
    if filters.get("free"):
        proxy_cache.shows(proxy_cache.SEATS)
        matching = matching.with_free_seat().filter(
            status=SessionStatus.SCHEDULED, starts_at__gt=now
        )

    upcoming = own_sessions.filter(ends_at__gte=now)
    if filters.get("when") == "past":
        pages = pages.filter(Exists(matching.filter(ends_at__lt=now))).exclude(Exists(upcoming))
        last = own_sessions.order_by("-starts_at").values("starts_at")[:1]
        return pages.annotate(last_start=Subquery(last)).order_by(
            F("last_start").desc(nulls_last=True), "title"
        )
    pages = pages.filter(Exists(matching.filter(ends_at__gte=now)))
    first = upcoming.order_by("starts_at").values("starts_at")[:1]
    return pages.annotate(next_start=Subquery(first)).order_by(
        F("next_start").asc(nulls_last=True), "title"
    )
