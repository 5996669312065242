"""Members share stories: a submission becomes a draft story page owned by
the member and goes into Wagtail's moderation workflow; editors approve or
ask for changes there. The member's picture stays private until the story
is published. Every write is here, in one transaction."""

import logging
import secrets
import unicodedata
import uuid
from contextlib import contextmanager
from dataclasses import dataclass

import willow
from django.core.files import File
from django.db import transaction
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from wagtail.coreutils import string_to_ascii
from wagtail.images import get_image_model
from wagtail.images.utils import get_allowed_image_extensions
from wagtail.models import Locale, ReferenceIndex, WorkflowState
from wagtail_localize.models import String, TranslationSource

from home.taxonomy import GuidingPrinciple, Theme

from .models import StoryIndexPage, StoryPage, StoryPicture
from .sanitise import clean_member_html, plain_text

logger = logging.getLogger(__name__)


class StoryError(Exception):
    def __init__(self, message, *, code, field=None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field


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
    remove_image: bool = False


# Addresses stay readable: a long title gives the start of its words.
SLUG_LENGTH = 80


def base_slug(title):
    """The address of a story from its title, in ASCII (WAGTAIL_ALLOW_UNICODE_SLUGS
    is off): other scripts transliterated by anyascii, as Wagtail does elsewhere
    (string_to_ascii). Emoji and other symbols are left out: anyascii spells
    them as names (":slight_smile:"), which make no sensible address. Empty
    when nothing of the title is left."""
    letters = "".join(c for c in title if not unicodedata.category(c).startswith("S"))
    slug = slugify(string_to_ascii(letters))
    if len(slug) > SLUG_LENGTH:
        slug = slug[:SLUG_LENGTH]
        slug = slug.rsplit("-", 1)[0] if "-" in slug else slug
    return slug.strip("-_")


def fallback_slug(language):
    """For a title without letters or digits (punctuation, emoji): "verhaal-…" /
    "recit-…" and a few random characters."""
    with translation.override(language):
        # Translators: the start of the address of a story whose title has no letters; lowercase ASCII.
        word = slugify(pgettext("address of a story", "story")) or "story"
    return f"{word}-{secrets.token_hex(3)}"


def unique_child_slug(parent, slug):
    """`slug`, or `slug-2`, `slug-3`… as Wagtail numbers a slug already taken
    under the same parent. The caller holds the parent's row lock."""
    taken = set(parent.get_children().filter(slug__startswith=slug).values_list("slug", flat=True))
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        candidate = f"{slug}-{number}"
    return candidate


def story_slug(title, *, parent, language):
    return unique_child_slug(parent, base_slug(title) or fallback_slug(language))


def _source_items(model, items):
    """Pages are tagged with the Dutch themes and principles, whichever language the member chose."""
    keys = [item.translation_key for item in items]
    return list(model.objects.filter(translation_key__in=keys, locale=Locale.get_default()))


def _picture_type(upload):
    """The picture's type read from its content, as Wagtail's image field reads
    it (Willow), never from the name or the browser's word."""
    allowed = get_allowed_image_extensions()
    refused = StoryError(
        _("This file is not a picture in a format we can show (%(formats)s).")
        % {"formats": ", ".join(extension.upper() for extension in allowed)},
        code="image_refused",
        field="image",
    )
    upload.seek(0)
    try:
        image = willow.Image.open(upload)
    except Exception as error:  # noqa: BLE001 - Willow raises whatever its decoder raises
        raise refused from error
    finally:
        upload.seek(0)
    if ("jpg" if image.format_name == "jpeg" else image.format_name) not in allowed:
        raise refused
    return image.mime_type


@dataclass
class StoredPicture:
    name: str
    content_type: str
    original_name: str


def _write_picture(upload):
    """Write the member's picture to the private storage under a random name,
    before the transaction that records it (see _recording). A file that
    cannot be written (disk full, read-only) is removed again and the member
    told, next to the field."""
    content_type = _picture_type(upload)
    field = StoryPicture._meta.get_field("file")
    name = field.generate_filename(None, upload.name or "")
    try:
        name = field.storage.save(name, upload, max_length=field.max_length)
    except OSError as error:
        logger.exception("A story picture could not be stored")
        delete_picture_file(name)
        raise StoryError(
            _(
                "Your picture could not be stored just now. Try again later, or send your story without it."
            ),
            code="image_not_stored",
            field="image",
        ) from error
    return StoredPicture(name, content_type, (upload.name or "")[-255:])


def delete_picture_file(name):
    storage = StoryPicture._meta.get_field("file").storage
    try:
        storage.delete(name)
    except Exception:  # noqa: BLE001 - any backend's error (OSError on disk, botocore's on S3)
        logger.exception("A story picture could not be removed: %s", name)


@contextmanager
def _recording(stored):
    """The transaction that records a picture written before it: if it fails,
    nothing points to the file, which goes too. (Django runs nothing on a
    rollback; an outer transaction that rolls back later is not seen here.)"""
    try:
        with transaction.atomic():
            yield
    except BaseException:
        if stored is not None:
            delete_picture_file(stored.name)
        raise


def _attach_picture(story, stored):
    """The story's picture becomes `stored`, in place of any earlier one, whose
    file goes once this commits (signals.py). A new picture also replaces a
    published one and awaits the editors' decision again."""
    StoryPicture.objects.filter(story_id=story.pk).delete()
    StoryPicture.objects.create(
        story_id=story.pk,
        file=stored.name,
        content_type=stored.content_type,
        original_name=stored.original_name,
    )


def _checked_text(draft):
    """(title, teaser) as stored; a title or teaser with nothing visible in it is refused."""
    title = plain_text(draft.title)
    if not title:
        raise StoryError(_("Give your story a title."), code="title_missing", field="title")
    teaser = plain_text(draft.teaser, multiline=True)
    if not teaser:
        raise StoryError(
            _("Write two or three sentences about your story."),
            code="teaser_missing",
            field="teaser",
        )
    return title, teaser


def _fill(story, draft, *, title, teaser):
    story.title = title
    story.teaser = teaser
    story.body = [("paragraph", clean_member_html(draft.text))]
    story.anonymous = draft.anonymous
    story.author_province = draft.province if draft.anonymous else ""
    story.themes = _source_items(Theme, draft.themes)
    story.principles = _source_items(GuidingPrinciple, draft.principles)
    if draft.image is not None or draft.remove_image:
        # A new picture, or none: the one the story had goes, and the editors
        # decide on the new one afresh.
        story.image = None
        story.member_picture_declined = False


def submit_story(*, user, draft, language):
    index = StoryIndexPage.objects.filter(locale__language_code=language).first()
    if index is None:
        raise StoryError(_("Stories cannot be shared in this language yet."), code="no_index")
    title, teaser = _checked_text(draft)
    profile = user.profile
    stored = _write_picture(draft.image) if draft.image is not None else None
    with _recording(stored):
        # Stories added at once under one index would take the same place in
        # the page tree, or the same address: one at a time.
        index = StoryIndexPage.objects.select_for_update().get(pk=index.pk)
        story = StoryPage(
            live=False,
            owner=user,
            author=user,
            author_name=user.get_full_name(),
            author_organisation=profile.organisation_name,
            locale=index.locale,
            title=title,
            slug=story_slug(title, parent=index, language=language),
        )
        _fill(story, draft, title=title, teaser=teaser)
        index.add_child(instance=story)
        if stored is not None:
            _attach_picture(story, stored)
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
    title, teaser = _checked_text(draft)
    stored = _write_picture(draft.image) if draft.image is not None else None
    with _recording(stored):
        latest = story.get_latest_revision_as_object()
        _fill(latest, draft, title=title, teaser=teaser)
        if stored is not None:
            _attach_picture(story, stored)
        elif draft.remove_image:
            StoryPicture.objects.filter(story_id=story.pk).delete()
        latest.save_revision(user=user, log_action=True)
        state = workflow_state(story)
        if state is None:
            story.get_workflow().start(story, user)
        elif state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            state.resume(user)
    return story


def _public_image(picture, story):
    """A Wagtail image made of the member's picture, under a random file name."""
    extension = picture.content_type.split("/")[-1].replace("jpeg", "jpg")
    image = get_image_model()(title=story.title[:255], uploaded_by_user=story.author)
    with picture.file.open("rb") as content:
        image.file.save(f"{uuid.uuid4().hex}.{extension}", File(content), save=False)
    image._set_image_file_metadata()  # size and hash, as Wagtail's own upload form sets them
    image.save()
    return image


def publish_member_picture(*, story, revision):
    """A story goes live (Wagtail's page_published): the member's picture
    becomes a Wagtail image that the story and its published revision use,
    unless the editors published it without it or chose another picture.
    Either way the private file goes."""
    if not story.live:
        return  # publication scheduled: this runs again when it goes live
    with transaction.atomic():
        picture = StoryPicture.objects.select_for_update().filter(story_id=story.pk).first()
        if picture is None:
            return
        if story.image_id is None and not story.member_picture_declined:
            try:
                image = _public_image(picture, story)
            except OSError:
                # The story is published without it; the picture stays private
                # and is used when the story is published again.
                logger.exception("The picture of story %s could not be published", story.pk)
                return
            # The page and the revision it shows: an editor's next change starts from it.
            StoryPage.objects.filter(pk=story.pk).update(image=image)
            story.image = image
            revision.content["image"] = image.pk
            revision.save(update_fields=["content"])
        picture.delete()


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
    Pictures the member uploaded and that nothing uses any more go too, and
    every picture still waiting privately for a publication (its file once
    this commits). Returns counts."""
    keys = set(StoryPage.objects.filter(author=user).values_list("translation_key", flat=True))
    kept = deleted = 0
    with transaction.atomic():
        images = StoryPicture.objects.filter(story__translation_key__in=keys).delete()[0]
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
        for image in get_image_model().objects.filter(uploaded_by_user=user):
            in_use = (
                StoryPage.objects.filter(image=image).exists()
                or ReferenceIndex.get_references_to(image).exists()
            )
            if not in_use:
                image.delete()
                images += 1
    return {"stories_deleted": deleted, "stories_anonymised": kept, "images_deleted": images}
