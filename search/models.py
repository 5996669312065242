"""The portal's own search index: one entry per live public page, with its
text analysed per language (see analysis.py), and the synonyms editors keep."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class SearchEntry(models.Model):
    """What the database backend searches. Each database keeps its own
    full-text index over the analysed tokens (migration 0003): an FTS5 table
    kept by triggers on SQLite, a generated tsvector column with a GIN index
    on PostgreSQL. A migration that makes SQLite rebuild this table drops those
    triggers: recreate them in the same migration."""

    key = models.CharField(max_length=100, unique=True)
    # Entries go with their page or document (the foreign keys cascade).
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    document = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    language = models.CharField(max_length=5)
    kind = models.CharField(max_length=100)
    title = models.CharField(max_length=255)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    date = models.DateTimeField(null=True, blank=True)
    facets = models.JSONField(default=dict, blank=True)
    # Analysed tokens, space-separated: what the full-text index is built from.
    tokens = models.TextField(blank=True)
    title_tokens = models.TextField(blank=True)
    # Every facet value as "facet=value", one per line: read for the facet
    # counts of thousands of matches without decoding JSON.
    facet_keys = models.TextField(blank=True)

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


class UnansweredQuery(models.Model):
    """A search that found nothing, counted: editors answer it with a synonym or a page."""

    query_string = models.CharField(_("search"), max_length=200)
    language = models.CharField(_("language"), max_length=5)
    hits = models.PositiveIntegerField(_("times searched"), default=0)
    last_searched = models.DateTimeField(_("last searched"), null=True)

    class Meta:
        verbose_name = _("search without results")
        verbose_name_plural = _("searches without results")
        constraints = [
            models.UniqueConstraint(
                fields=["query_string", "language"], name="unique_unanswered_query"
            )
        ]

    def __str__(self):
        return self.query_string
