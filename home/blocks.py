"""StreamField blocks shared by every page type of the portal."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "document-link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section heading")), ("h3", _("Subheading"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "components/blocks/heading.html"
        label = _("Heading")
        description = _("A heading that starts a new section of the page.")
        preview_value = {"text": "Wat je leert", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        template = "components/blocks/paragraph.html"
        label = _("Text")
        description = _("Paragraphs with links, lists and emphasis.")
        preview_value = (
            "<p>Deze basisopleiding biedt een holistische kijk op de psychosociale "
            "impact van migratie en vlucht.</p>"
        )


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "components/blocks/captioned_image.html"
        label = _("Image with caption")
        description = _("A picture with its description for screen readers and a caption.")


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), required=False)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("Or an external address"), required=False)
    button_label = blocks.CharBlock(label=_("Button label"), max_length=60)

    class Meta:
        icon = "pick"
        template = "components/blocks/call_to_action.html"
        label = _("Call to action")
        description = _("A highlighted box that invites the reader to take a step.")
        preview_value = {
            "title": "Schrijf je in",
            "text": "Er zijn nog plaatsen vrij in de sessie van Gent.",
            "button_label": "Inschrijven",
            "url": "https://example.org",
        }

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "page": blocks.BlockValidationError(_("Choose a page or give an address."))
                }
            )
        return value


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Who said it"), required=False, max_length=150)

    class Meta:
        icon = "openquote"
        template = "components/blocks/quote.html"
        label = _("Quote")
        description = _("Words of a person, set apart from the text.")
        preview_value = {
            "text": "Een leernetwerk werkt volgens het principe van give and take.",
            "attribution": "Een deelnemer",
        }


class AccordionItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=250)
    answer = blocks.RichTextBlock(label=_("Answer"), features=RICH_TEXT_FEATURES)


class AccordionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=120)
    items = blocks.ListBlock(AccordionItemBlock(), label=_("Questions"))

    class Meta:
        icon = "list-ul"
        template = "components/blocks/accordion.html"
        label = _("Frequently asked questions")
        description = _("Questions that open to show their answer.")
        preview_value = {
            "title": "Veelgestelde vragen",
            "items": [
                {
                    "question": "Kan ik kosteloos annuleren?",
                    "answer": "<p>Tot één week voor de aanvangsdatum.</p>",
                }
            ],
        }


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    label = blocks.CharBlock(
        label=_("Link text"),
        required=False,
        max_length=150,
        help_text=_("Defaults to the document title."),
    )

    class Meta:
        icon = "doc-full"
        template = "components/blocks/document_link.html"
        label = _("Document")
        description = _("A link to download a document, with its type and size.")


class ContactCardBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Name"), max_length=150)
    role = blocks.CharBlock(label=_("Role"), required=False, max_length=150)
    organisation = blocks.CharBlock(label=_("Organisation"), required=False, max_length=150)
    email = blocks.EmailBlock(label=_("E-mail"), required=False)
    phone = blocks.CharBlock(label=_("Phone"), required=False, max_length=30)

    class Meta:
        icon = "user"
        template = "components/blocks/contact_card.html"
        label = _("Contact card")
        description = _("Who to ask, with their e-mail address and phone number.")
        preview_value = {
            "name": "Lieve Driesen",
            "role": "Vragen over de inhoud",
            "organisation": "VVSG",
            "email": "info@example.org",
        }


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = CaptionedImageBlock()
    call_to_action = CallToActionBlock()
    quote = QuoteBlock()
    accordion = AccordionBlock()
    document = DocumentLinkBlock()
    contact = ContactCardBlock()
