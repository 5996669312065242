"""The letters to the author of a story, in the member's language and in
the portal's words: the story is published, or the editors ask for
changes. Composed by the task worker (portal/notifications.py). Wagtail's
own workflow mails go to admin users only: portal/accounts/wagtail_mail.py."""

from django.urls import reverse
from django.utils import translation

from portal.accounts.models import User
from portal.addresses import absolute_url
from portal.notifications import Letter, MailKind, composes

from .models import StoryPage


def _letter(author, context):
    language = author.profile.preferred_language
    with translation.override(language):
        my_stories = absolute_url(reverse("member_stories"))
    context = {**context, "member": author, "my_stories_url": my_stories}
    return Letter(author.email, language, context)


@composes(MailKind.STORY_PUBLISHED)
def story_published(kind, *, story):
    story = StoryPage.objects.filter(pk=story).select_related("author__profile").first()
    if story is None or story.author is None:
        return []
    return [_letter(story.author, {"title": story.title, "url": story.get_full_url()})]


@composes(MailKind.STORY_CHANGES_ASKED)
def changes_asked(kind, *, story, comment):
    story = StoryPage.objects.filter(pk=story).first()
    author = (
        User.objects.select_related("profile").filter(pk=story.author_id).first() if story else None
    )
    if author is None:
        return []
    title = story.get_latest_revision_as_object().title
    return [_letter(author, {"title": title, "comment": comment})]
