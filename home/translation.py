"""Translating content through wagtail-localize from code, for the demo
content: the French version is a real wagtail-localize translation (synced
with its Dutch source, editable in the admin), not a free-standing copy."""

from wagtail.models import Locale
from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource
from wagtail_localize.operations import translate_object


class MissingTranslation(Exception):
    pass


class ParallelText:
    """Collects Dutch texts with their French translation, written side by side.

    `text("Welkom", "Bienvenue")` returns the Dutch text and remembers the
    French one; `rich([...nl paragraphs], [...fr paragraphs])` does the same
    for rich text, paragraph by paragraph (wagtail-localize translates rich
    text per paragraph).
    """

    def __init__(self):
        self.french = {}

    def text(self, dutch, french=None):
        """A text and its translation; without one, the text is the same in
        both languages (a name, an organisation, a phone number)."""
        self.french[dutch] = dutch if french is None else french
        return dutch

    def rich(self, dutch_paragraphs, french_paragraphs):
        if len(dutch_paragraphs) != len(french_paragraphs):
            raise ValueError("Give as many French as Dutch paragraphs.")
        for dutch, french in zip(dutch_paragraphs, french_paragraphs, strict=True):
            self.french[dutch] = french
        return "".join(f"<p>{paragraph}</p>" for paragraph in dutch_paragraphs)


def _lookup(french, segment_text):
    """The translation of a segment; wagtail-localize writes the line breaks
    of a plain text field as <br/>."""
    if segment_text in french:
        return french[segment_text]
    with_newlines = segment_text.replace("<br/>", "\n")
    if with_newlines in french:
        return french[with_newlines].replace("\n", "<br/>")
    return None


def translate_into(instance, language_code, french):
    """Create or update the translation of `instance` with the given strings."""
    locale = Locale.objects.get(language_code=language_code)
    source, created = TranslationSource.get_or_create_from_instance(instance)
    if not created:
        source.update_from_db()
    segments = StringSegment.objects.filter(source=source).select_related("string", "context")
    for segment in segments:
        translated = _lookup(french, segment.string.data)
        if translated is None:
            raise MissingTranslation(
                f"No {language_code} text for {segment.string.data!r} in {instance!r}"
            )
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": translated, "translation_type": "manual"},
        )
    translate_object(instance, [locale])
    translated = instance.get_translation(locale)
    # wagtail-localize leaves a new page translation a draft (see
    # WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE): this one is complete
    # (every segment above has its text), so it goes live with its source.
    if getattr(instance, "live", False) and not translated.live:
        translated.get_latest_revision().publish()
        translated.refresh_from_db()
    return translated
