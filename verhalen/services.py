"""Members share stories: a submission becomes a draft story page owned by
the member and goes into Wagtail's moderation workflow; editors approve or
ask for changes there. Every write is here, in one transaction."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model
from wagtail.models import Locale, ReferenceIndex, WorkflowState
from wagtail_localize.models import String, TranslationSource

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


# What a story keeps of its author once they delete their account: nothing.
AUTHOR_FIELDS = {"author": None, "author_name": "", "author_organisation": "", "owner": None}


def _forget_in_translation_memory(story, names):
    """wagtail-localize keeps the source of a translated story, with the
    byline among its strings: refresh it, and drop strings nothing uses."""
    for source in TranslationSource.objects.filter(
        object_id=story.translation_key, locale_id=story.locale_id
    ):
        source.update_from_db()
    String.objects.filter(data__in=[name for name in names if name], segments__isnull=True).delete()


def forget_author(*, user):
    """A member deletes their account. A story that is published (in any
    language) stays, as the anonymous story of "a social worker" (with the
    province the member gave, if any), on the page and in every revision; a
    story never published or taken offline is deleted with its translations.
    Pictures the member uploaded and that nothing uses any more go too.
    Returns counts."""
    keys = set(StoryPage.objects.filter(author=user).values_list("translation_key", flat=True))
    kept = deleted = 0
    with transaction.atomic():
        for key in keys:
            group = StoryPage.objects.filter(translation_key=key)
            if group.filter(live=True).exists():
                for story in group:
                    names = [story.author_name, story.author_organisation]
                    group.filter(pk=story.pk).update(anonymous=True, **AUTHOR_FIELDS)
                    for revision in story.revisions.all():
                        revision.content.update(
                            {k: v for k, v in AUTHOR_FIELDS.items() if k in revision.content},
                            anonymous=True,
                        )
                        revision.save(update_fields=["content"])
                    _forget_in_translation_memory(story, names)
                kept += 1
            else:
                # One by one, each freshly read: a deletion renumbers the page tree.
                for pk in list(group.values_list("pk", flat=True)):
                    StoryPage.objects.get(pk=pk).delete()
                deleted += 1
        images = 0
        for image in get_image_model().objects.filter(uploaded_by_user=user):
            in_use = (
                StoryPage.objects.filter(image=image).exists()
                or ReferenceIndex.get_references_to(image).exists()
            )
            if not in_use:
                image.delete()
                images += 1
    return {"stories_deleted": deleted, "stories_anonymised": kept, "images_deleted": images}
