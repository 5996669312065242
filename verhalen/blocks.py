"""Blocks of a practitioner story: the shared blocks plus what a colleague
learned, reading tips and training tips."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from home.blocks import RICH_TEXT_FEATURES, CaptionedImageBlock, ParagraphBlock, QuoteBlock


class LessonBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "success"
        template = "verhalen/blocks/lesson.html"
        label = _("What I learned")
        description = _("What the practice taught you, set apart from the story.")
        preview_value = "<p>Luisteren gaat voor oplossen.</p>"


class ReadingTipBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    author = blocks.CharBlock(label=_("Author"), max_length=150, required=False)
    link = blocks.URLBlock(label=_("Link"), required=False)
    why = blocks.TextBlock(label=_("Why read it"), required=False)

    class Meta:
        icon = "doc-full"
        template = "verhalen/blocks/reading_tip.html"
        label = _("Reading tip")
        description = _("A book, article or report a colleague recommends.")
        preview_value = {
            "title": "Handelingsruimte in het sociaal werk",
            "author": "",
            "why": "Een helder kader.",
        }


class TrainingTipBlock(blocks.StructBlock):
    # A page of the offer; chosen by type name, as verhalen does not import trajecten.
    training = blocks.PageChooserBlock(
        label=_("Training"),
        page_type=[
            "trajecten.TrainingPage",
            "trajecten.TrajectoryPage",
            "trajecten.LearningNetworkPage",
        ],
    )
    why = blocks.TextBlock(label=_("Why take it"), required=False)

    class Meta:
        icon = "pick"
        template = "verhalen/blocks/training_tip.html"
        label = _("Training tip")
        description = _("A training of the offer that helped, with a word on why.")


class StoryStreamBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    quote = QuoteBlock()
    image = CaptionedImageBlock()
    lesson = LessonBlock()
    reading_tip = ReadingTipBlock()
    training_tip = TrainingTipBlock()


class AgendaItemBlock(blocks.StructBlock):
    """One agenda item of a meeting report, optionally in both languages side by side."""

    title = blocks.CharBlock(label=_("Title"), max_length=200)
    body = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)
    title_other_language = blocks.CharBlock(
        label=_("Title in the other language"), max_length=200, required=False
    )
    body_other_language = blocks.RichTextBlock(
        label=_("Text in the other language"), features=RICH_TEXT_FEATURES, required=False
    )

    class Meta:
        icon = "list-ol"
        template = "verhalen/blocks/agenda_item.html"
        label = _("Agenda item")
        description = _(
            "A section of the report; fill in the other language for a bilingual report."
        )
        preview_value = {
            "title": "Onthaal en inleiding",
            "body": "<p>Rondleiding in de lokalen.</p>",
        }
