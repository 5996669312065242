"""A member's private picture: its file goes with its record, and a story's
publication turns it into a Wagtail image. The author hears, in the portal's
words, that the story is published or that the editors ask for changes."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.models import WorkflowState
from wagtail.signals import page_published, workflow_rejected

from . import mail
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
    if instance.live:
        mail.story_published(instance)


@receiver(workflow_rejected, sender=WorkflowState)
def story_sent_back(sender, instance, **kwargs):
    story = getattr(instance.content_object, "specific", None)
    if isinstance(story, StoryPage):
        task_state = instance.current_task_state
        mail.changes_asked(story, task_state.specific.get_comment() if task_state else "")
