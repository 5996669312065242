"""The demo stories, the AMIF report and the G50 forms, in both languages."""

import pytest

from trajecten.models import CallFormPage
from verhalen.models import MeetingReportPage, StoryPage

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("demo_site"),
    pytest.mark.xdist_group("demo-stories"),
]


def test_demo_stories_report_and_call_forms(client):
    for language in ["nl", "fr"]:
        stories = StoryPage.objects.live().filter(locale__language_code=language)
        assert stories.count() == 3
        assert all(story.principles.exists() for story in stories)
        assert any(story.workstreams.exists() for story in stories)
        # Feeds and listings show when each story was published.
        assert all(story.first_published_at for story in stories)
        assert CallFormPage.objects.live().filter(locale__language_code=language).count() == 2
    report = MeetingReportPage.objects.get(locale__language_code="nl")
    assert report.bilingual and report.attendees.count() == 11
    assert str(report.date) == "2019-05-16"
    french_report = report.get_translation(report.get_translations().first().locale)
    html = client.get(french_report.url).content.decode()
    assert "Accueil et introduction" in html and "Onthaal en inleiding" in html
