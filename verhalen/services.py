"""Members share stories: a submission becomes a draft story page owned by
the member and goes into Wagtail's moderation workflow; editors approve or
ask for changes there. Every write is here, in one transaction."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model
from wagtail.models import Locale, WorkflowState

from home.taxonomy import GuidingPrinciple, Theme

from .models import StoryIndexPage, StoryPage
from .sanitise import clean_member_html


class StoryError(Exception):
    def __init__(self, message, *, code):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass
class StoryDraft:
    title: str
    teaser: str
    text: str
    themes: list
    principles: list
    anonymous: bool
    province: str
    image: object = None


def _source_items(model, items):
    """Pages are tagged with the Dutch themes and principles, whichever language the member chose."""
    keys = [item.translation_key for item in items]
    return list(model.objects.filter(translation_key__in=keys, locale=Locale.get_default()))


def _fill(story, draft, user):
    story.title = draft.title.strip()
    story.teaser = draft.teaser.strip()
    story.body = [("paragraph", clean_member_html(draft.text))]
    story.anonymous = draft.anonymous
    story.author_province = draft.province if draft.anonymous else ""
    story.themes = _source_items(Theme, draft.themes)
    story.principles = _source_items(GuidingPrinciple, draft.principles)
    if draft.image is not None:
        story.image = get_image_model().objects.create(
            title=draft.title[:255], file=draft.image, uploaded_by_user=user
        )


def submit_story(*, user, draft, language):
    index = StoryIndexPage.objects.filter(locale__language_code=language).first()
    if index is None:
        raise StoryError(_("Stories cannot be shared in this language yet."), code="no_index")
    profile = user.profile
    with transaction.atomic():
        story = StoryPage(
            live=False,
            owner=user,
            author=user,
            author_name=user.get_full_name(),
            author_organisation=profile.organisation_name,
            locale=index.locale,
            title=draft.title,
        )
        _fill(story, draft, user)
        index.add_child(instance=story)
        revision = story.save_revision(user=user, log_action=True)
        story.get_workflow().start(story, user)
    return story, revision


def workflow_state(story):
    return (
        WorkflowState.objects.active()
        .for_instance(story)
        .select_related("current_task_state")
        .first()
    )


def update_story(*, story, user, draft):
    """Change a story that is not published yet; a story sent back for changes goes back to the editors."""
    if story.live:
        raise StoryError(
            _("A published story can no longer be changed here. Write to the editors."), code="live"
        )
    with transaction.atomic():
        latest = story.get_latest_revision_as_object()
        _fill(latest, draft, user)
        latest.save_revision(user=user, log_action=True)
        state = workflow_state(story)
        if state is None:
            story.get_workflow().start(story, user)
        elif state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            state.resume(user)
    return story
