"""Stories, story indexes and meeting reports; members' story drafts and pictures."""

import io
import secrets
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as PILImage

from verhalen.models import (
    MeetingReportPage,
    ReportAttendee,
    ReportIndexPage,
    StoryIndexPage,
    StoryPage,
)
from verhalen.services import StoryDraft, submit_story


def make_story_index(home, **fields):
    fields.setdefault("title", "Verhalen")
    fields.setdefault("slug", "verhalen")
    return home.add_child(instance=StoryIndexPage(**fields))


def make_story(index, *, days_ago=0, themes=(), principles=(), workstreams=(), **fields):
    fields.setdefault("title", "Eerst luisteren")
    fields.setdefault("slug", fields["title"].lower().replace(" ", "-"))
    fields.setdefault("teaser", "Een gesprek zonder formulieren.")
    fields.setdefault("author_name", "Els Van den Broeck")
    fields.setdefault("author_organisation", "OCMW Aalst")
    fields.setdefault("body", [("paragraph", "<p>Ik liet het formulier even liggen.</p>")])
    story = StoryPage(**fields)
    story.themes = list(themes)
    story.principles = list(principles)
    story.workstreams = list(workstreams)
    index.add_child(instance=story)
    published = timezone.now() - timedelta(days=days_ago)
    StoryPage.objects.filter(pk=story.pk).update(
        first_published_at=published, last_published_at=published
    )
    story.refresh_from_db()
    return story


def make_report(home, **fields):
    index = home.add_child(instance=ReportIndexPage(title="Verslagen", slug="verslagen"))
    fields.setdefault("title", "Uitwisseling AMIF")
    fields.setdefault("slug", "amif")
    fields.setdefault("date", date(2019, 5, 16))
    fields.setdefault("place", "Luik")
    report = index.add_child(instance=MeetingReportPage(**fields))
    ReportAttendee.objects.create(report=report, name="Lisa Asselman", organisation="POD MI-IS")
    return report


def picture_bytes(fmt="PNG"):
    """A small picture whose bytes no other test makes (a random colour)."""
    buffer = io.BytesIO()
    PILImage.new("RGB", (24, 16), tuple(secrets.token_bytes(3))).save(buffer, fmt)
    return buffer.getvalue()


def picture_upload(name="foto van mijn team.png", content=None):
    return SimpleUploadedFile(name, content or picture_bytes(), content_type="image/png")


def draft(title="Eerst luisteren", **fields):
    fields.setdefault("teaser", "Een gesprek zonder formulieren.")
    fields.setdefault("text", "Ik liet het formulier even liggen.")
    fields.setdefault("themes", [])
    fields.setdefault("principles", [])
    fields.setdefault("anonymous", False)
    fields.setdefault("province", "")
    return StoryDraft(title=title, **fields)


def submit(member, title="Eerst luisteren", *, language="nl", **fields):
    """A member's story as the form sends it: a draft in moderation."""
    return submit_story(user=member, draft=draft(title, **fields), language=language)[0]
