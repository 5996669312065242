"""A member's private picture: its file goes with its record, and a story's
publication turns it into a Wagtail image. The author hears, in the portal's
words, that the story is published or that the editors ask for changes."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.models import WorkflowState
from wagtail.signals import page_published, workflow_rejected

from portal.notifications import MailKind, notify

from .models import StoryPage, StoryPicture
from .services import delete_picture_file, publish_member_picture


@receiver(post_delete, sender=StoryPicture)
def picture_deleted(sender, instance, **kwargs):
    # After the commit: a deletion rolled back keeps its file. Also reached
    # when a story is deleted (a cascade), by an editor or with the account.
    name = instance.file.name
    if name:
        transaction.on_commit(lambda: delete_picture_file(name))


@receiver(page_published, sender=StoryPage)
def story_published(sender, instance, revision, **kwargs):
    publish_member_picture(story=instance, revision=revision)
    if instance.live and _first_publication_of_the_original(instance):
        notify(MailKind.STORY_PUBLISHED, story=instance.pk)


@receiver(workflow_rejected, sender=WorkflowState)
def story_sent_back(sender, instance, **kwargs):
    story = getattr(instance.content_object, "specific", None)
    if isinstance(story, StoryPage):
        task_state = instance.current_task_state
        comment = task_state.specific.get_comment() if task_state else ""
        if story.author_id is not None:
            notify(MailKind.STORY_CHANGES_ASKED, story=story.pk, comment=comment)


def _first_publication_of_the_original(story):
    """The author hears once, when the story they wrote first goes live (not
    when its translation does: that one came after it, with a higher id)."""
    return (
        story.author_id is not None
        and story.first_published_at == story.last_published_at
        and not story.get_translations().filter(pk__lt=story.pk).exists()
    )
