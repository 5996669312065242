"""What the stories hold about a member, handed up to portal.accounts for the
download of their data and the deletion of their account (the interface is
described in portal/accounts/privacy.py): the stories they wrote and the
pictures they sent with them."""

from wagtail.images import get_image_model

from portal.accounts.privacy import iso

from .models import StoryPage, StoryPicture
from .services import forget_author


def export(*, user, addresses):
    return {"stories": _stories(user), "images": _images(user)}


def _stories(user):
    stories = []
    for story in StoryPage.objects.filter(author=user).select_related("locale").order_by("pk"):
        # A story in moderation is newer in its latest revision than on the page.
        latest = story.get_latest_revision_as_object()
        stories.append(
            {
                "id": story.pk,
                "language": story.locale.language_code,
                "published": story.live,
                "url": story.get_full_url() if story.live else None,
                "title": latest.title,
                "teaser": latest.teaser,
                "text": latest.body.get_prep_value(),
                "anonymous": latest.anonymous,
                "province": latest.author_province,
                "author_name": latest.author_name,
                "author_organisation": latest.author_organisation,
                "themes": [theme.name for theme in latest.themes.all()],
                "guiding_principles": [item.name for item in latest.principles.all()],
                "first_published_at": iso(story.first_published_at),
                "last_change": iso(story.latest_revision_created_at),
            }
        )
    return stories


def _images(user):
    # A member's picture becomes an image of theirs when the story is published
    # (an editor's own uploads are listed too: they are theirs as much).
    images = [
        {"title": image.title, "file_name": image.filename, "uploaded_at": iso(image.created_at)}
        for image in get_image_model().objects.filter(uploaded_by_user=user).order_by("pk")
    ]
    # Pictures of stories not published yet, kept privately (not yet images).
    pictures = StoryPicture.objects.filter(story__author=user).select_related("story")
    return images + [
        {
            "title": picture.story.get_latest_revision_as_object().title,
            "file_name": picture.original_name,
            "uploaded_at": iso(picture.uploaded_at),
        }
        for picture in pictures.order_by("pk")
    ]


def erase(*, user, addresses):
    """Published stories stay without a byline, the rest goes (see
    verhalen.services.forget_author)."""
    return forget_author(user=user)


def deletion_notice(*, user, now):
    # What happens to the stories is the same for every member: the page says it.
    return ""
