"""The portal's own search index: one entry per live public page, with its
text analysed per language (see analysis.py), and the synonyms editors keep."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class SearchEntry(models.Model):
    page = models.OneToOneField("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=5, db_index=True)
    kind = models.CharField(max_length=100)
    title = models.CharField(max_length=255)
    body = models.TextField(blank=True)
    # Analysed tokens, space-separated and space-padded (" opleid ocmw "), so a
    # token matches as a whole word in SQLite and PostgreSQL alike.
    tokens = models.TextField(blank=True)
    title_tokens = models.TextField(blank=True)
    facets = models.JSONField(default=dict, blank=True)
    date = models.DateTimeField(null=True, blank=True)
    url_path = models.CharField(max_length=255)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")

    def __str__(self):
        return self.title


class SynonymGroup(models.Model):
    """Words that mean the same in the search, in one or both languages."""

    terms = models.CharField(
        _("terms"),
        max_length=500,
        help_text=_(
            'Separate the terms with commas, e.g. "leefloon, revenu d\'intégration sociale, RIS".'
        ),
    )

    panels = [FieldPanel("terms")]

    class Meta:
        verbose_name = _("synonyms")
        verbose_name_plural = _("synonyms")

    def __str__(self):
        return self.terms
