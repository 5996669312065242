"""The portal's mails to the author of a story, in the member's language and
in the portal's words: the story is published, or the editors ask for
changes. (Wagtail's own workflow mails go to admin users only:
portal/accounts/wagtail_mail.py.) Sent in the transaction of the change:
the outbox delivers them once it commits."""

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from portal.addresses import absolute_url

SUBJECTS = {
    "published": lambda: _("Your story is published"),
    "changes_asked": lambda: _("The editors ask you to change your story"),
}


def _send(*, member, kind, context):
    language = member.profile.preferred_language
    with translation.override(language):
        context = {
            **context,
            "member": member,
            "my_stories_url": absolute_url(reverse("member_stories")),
        }
        text = render_to_string(f"verhalen/mail/{kind}.txt", context)
        # The same frame as the registration mails.
        html = render_to_string("trajecten/mail/layout.html", {**context, "body": text})
        message = EmailMultiAlternatives(SUBJECTS[kind](), text, to=[member.email])
    message.attach_alternative(html, "text/html")
    message.send()


def story_published(story):
    """Once, when the story the member wrote first goes live (not when its
    translation does: that one came after it, with a higher id)."""
    if story.author is None or story.first_published_at != story.last_published_at:
        return
    if story.get_translations().filter(pk__lt=story.pk).exists():
        return
    _send(
        member=story.author,
        kind="published",
        context={"title": story.title, "url": story.get_full_url()},
    )


def changes_asked(story, comment):
    if story.author is None:
        return
    _send(
        member=story.author,
        kind="changes_asked",
        context={"title": story.get_latest_revision_as_object().title, "comment": comment},
    )
