"""StreamField blocks of the offer: the programme of a day or a conference."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class ProgrammeItemBlock(blocks.StructBlock):
    time = blocks.CharBlock(label=_("Time"), max_length=30, help_text=_("For example 9.30 – 12.30"))
    title = blocks.CharBlock(label=_("What happens"), max_length=200)
    description = blocks.TextBlock(label=_("Details"), required=False)

    class Meta:
        icon = "time"
        template = "components/blocks/programme_item.html"
        label = _("Programme item")
        description = _("One moment of the day: a time and what happens then.")
        preview_value = {"time": "9.00", "title": "Onthaal met koffie", "description": ""}


class ProgrammeBlock(blocks.StreamBlock):
    item = ProgrammeItemBlock()

    class Meta:
        icon = "list-ol"
