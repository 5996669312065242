"""The part of a story's edit form that shows editors the picture its author
sent, while it waits, privately, for the story's publication."""

from wagtail.admin.panels import FieldPanel


class MemberPicturePanel(FieldPanel):
    """The member's picture, above the choice to publish the story without it.
    Shown only while there is such a picture: a checkbox left out of the form
    leaves the choice at "publish it"."""

    class BoundPanel(FieldPanel.BoundPanel):
        template_name = "verhalen/admin/member_picture_panel.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            pending = getattr(self.instance, "pending_picture", None)
            self.picture = pending() if pending else None

        def is_shown(self):
            return self.picture is not None and super().is_shown()

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["picture"] = self.picture
            return context
