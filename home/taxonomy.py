"""What the offer and the stories are tagged with: themes, the five guiding
principles of the 2018 social-work conference, and the provinces.

They live in `home` because both `trajecten` and `verhalen` use them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin

from .languages import active_language


class Province(models.TextChoices):
    ANTWERP = "antwerp", _("Antwerp")
    LIMBURG = "limburg", _("Limburg")
    EAST_FLANDERS = "east_flanders", _("East Flanders")
    FLEMISH_BRABANT = "flemish_brabant", _("Flemish Brabant")
    WEST_FLANDERS = "west_flanders", _("West Flanders")
    BRUSSELS = "brussels", _("Brussels-Capital Region")
    WALLOON_BRABANT = "walloon_brabant", _("Walloon Brabant")
    HAINAUT = "hainaut", _("Hainaut")
    LIEGE = "liege", _("Liège")
    LUXEMBOURG = "luxembourg", _("Luxembourg")
    NAMUR = "namur", _("Namur")


# bpost gives each province its own ranges of postal codes (Brabant's split
# in 1995 kept its ranges: 1300-1499 for Walloon Brabant, the rest Flemish).
POSTAL_CODE_RANGES = [
    (1000, 1299, Province.BRUSSELS),
    (1300, 1499, Province.WALLOON_BRABANT),
    (1500, 1999, Province.FLEMISH_BRABANT),
    (2000, 2999, Province.ANTWERP),
    (3000, 3499, Province.FLEMISH_BRABANT),
    (3500, 3999, Province.LIMBURG),
    (4000, 4999, Province.LIEGE),
    (5000, 5999, Province.NAMUR),
    (6000, 6599, Province.HAINAUT),
    (6600, 6999, Province.LUXEMBOURG),
    (7000, 7999, Province.HAINAUT),
    (8000, 8999, Province.WEST_FLANDERS),
    (9000, 9999, Province.EAST_FLANDERS),
]


def province_of_postal_code(postal_code):
    """The province of a Belgian postal code ("9000" → East Flanders), or
    None for anything that is not one."""
    code = (postal_code or "").strip()
    if not (len(code) == 4 and code.isdecimal()):
        return None
    number = int(code)
    for first, last, province in POSTAL_CODE_RANGES:
        if first <= number <= last:
            return province
    return None


def translation_keys(items):
    """The translation keys of `items`, for a `translation_key__in` lookup:
    a subquery, not a query of its own."""
    if isinstance(items, models.QuerySet):
        return items.values("translation_key")
    # A page being previewed holds its tags in memory (modelcluster).
    return [item.translation_key for item in items]


def in_source_language():
    """For `limit_choices_to`: pages are tagged with the Dutch (source)
    themes and principles; their translations follow."""
    return {"locale__language_code": settings.LANGUAGE_CODE}


def in_language_of(page, model, items):
    """The translations of `items` (themes, principles, pages a page is tagged
    with, kept in the source language) in the language of `page`, in one query."""
    return model.objects.filter(
        translation_key__in=translation_keys(items), locale_id=page.locale_id
    )


class TaxonomyQuerySet(models.QuerySet):
    def in_active_locale(self):
        return self.filter(locale__language_code=active_language())


class Theme(TranslatableMixin, models.Model):
    """A subject of the offer and the stories (migration, poverty, ...)."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"), max_length=100, help_text=_("Used in the address of filtered lists.")
    )

    objects = TaxonomyQuerySet.as_manager()

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["locale", "slug"], name="unique_theme_slug_per_locale"),
        ]

    def __str__(self):
        return self.name


class GuidingPrinciple(TranslatableMixin, models.Model):
    """One of the five guiding principles for strong social work (2018)."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"), max_length=100, help_text=_("Used in the address of filtered lists.")
    )
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = TaxonomyQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("guiding principle")
        verbose_name_plural = _("guiding principles")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "slug"], name="unique_principle_slug_per_locale"
            ),
        ]

    def __str__(self):
        return self.name
