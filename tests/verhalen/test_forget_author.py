"""A member who deletes their account: their published stories stay, in
every language, without their name, also in wagtail-localize's translation
memory; what was never published goes."""

import pytest
from wagtail.models import WorkflowState
from wagtail_localize.models import String, StringSegment, StringTranslation, TranslationSource
from wagtail_localize.operations import translate_object

from tests.factories.accounts import MemberFactory
from tests.factories.pages import locale, translate_page
from tests.factories.stories import make_story_index
from verhalen.models import StoryPage
from verhalen.services import StoryDraft, forget_author, submit_story

pytestmark = pytest.mark.django_db


def submit(member, title):
    draft = StoryDraft(
        title=title,
        teaser="Een gesprek zonder formulieren.",
        text="Ik liet het formulier even liggen.",
        themes=[],
        principles=[],
        anonymous=False,
        province="",
    )
    return submit_story(user=member, draft=draft, language="nl")[0]


def test_a_translated_published_story_loses_its_byline_everywhere(
    home_pages, editor, django_capture_on_commit_callbacks
):
    index = make_story_index(home_pages[0])
    translate_page(index, "fr", title="Récits", slug="recits")
    member = MemberFactory(first_name="Sofie", last_name="Claes")
    story = submit(member, "Eerst luisteren")
    WorkflowState.objects.for_instance(story).get().current_task_state.approve(user=editor)
    draft = submit(member, "Nog niet af")
    story.refresh_from_db()
    source, _ = TranslationSource.get_or_create_from_instance(story)
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=locale("fr"),
            context=segment.context,
            data=segment.string.data,
        )
    with django_capture_on_commit_callbacks(execute=True):
        translate_object(story, [locale("fr")])
        # A new translation is a draft, which the editor publishes.
        story.get_translation(locale("fr")).get_latest_revision().publish()
    french = story.get_translation(locale("fr"))
    assert french.author_name == "Sofie Claes"

    counts = forget_author(user=member)

    assert counts == {"stories_deleted": 1, "stories_anonymised": 1, "images_deleted": 0}
    assert not StoryPage.objects.filter(pk=draft.pk).exists()
    for page in [story, french]:
        page.refresh_from_db()
        assert page.live and page.anonymous
        assert (page.author_id, page.author_name, page.owner_id) == (None, "", None)
        assert all("Sofie" not in str(r.content) for r in page.revisions.all())
    assert "Sofie" not in TranslationSource.objects.get(pk=source.pk).content_json
    assert not String.objects.filter(data="Sofie Claes").exists()
