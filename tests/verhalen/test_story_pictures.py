"""A member's story picture stays private until the story is published: it
is kept in the private storage under a random name, shown only to its author
and to the editors who may edit the story, and becomes a Wagtail image with
a random name once the story is published. A deleted story or account takes
the private file with it."""

import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.storage import FileSystemStorage
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.images import get_image_model
from wagtail.models import WorkflowState

from portal.accounts.privacy import delete_account, member_data
from tests.factories.accounts import MemberFactory
from tests.factories.stories import picture_bytes, picture_upload, submit
from verhalen.models import StoryPage, StoryPicture

pytestmark = pytest.mark.django_db

STORY = {
    "title": "Een regel die niemand begreep",
    "teaser": "Hoe we een overbodige stap schrapten.",
    "text": "Elke aanvrager moest een attest laten tekenen.",
    "consent": "on",
}


def files_holding(root, content):
    """The files under `root` whose bytes are `content`."""
    root = Path(root)
    if not root.exists():
        return []
    return [path for path in root.rglob("*") if path.is_file() and path.read_bytes() == content]


def post_story(client, content, name="foto van mijn team.png", **extra):
    upload = picture_upload(name, content)
    return client.post("/nl/mijn-account/verhalen/nieuw/", {**STORY, "image": upload, **extra})


def approve(story, editor):
    WorkflowState.objects.for_instance(story).get().current_task_state.approve(user=editor)
    story.refresh_from_db()
    return story


def picture_url(picture):
    with translation.override("nl"):
        return reverse("story_picture", kwargs={"key": picture.key})


@pytest.fixture
def sent(client, story_index, member):
    """A member sent a story with a picture through the form."""
    content = picture_bytes()
    client.force_login(member)
    assert post_story(client, content).status_code == 302
    story = StoryPage.objects.get()
    return story, StoryPicture.objects.get(story=story), content


def test_before_publication_the_picture_is_private_under_a_random_name(sent):
    story, picture, content = sent

    assert not get_image_model().objects.exists()
    assert files_holding(settings.MEDIA_ROOT, content) == []
    (stored,) = files_holding(settings.PRIVATE_MEDIA_ROOT, content)
    assert uuid.UUID(hex=stored.name)  # random, nothing of "foto van mijn team"
    assert picture.original_name == "foto van mijn team.png"
    assert picture.content_type == "image/png"
    # No revision of the draft points to an image.
    assert story.image_id is None
    assert all(revision.content.get("image") is None for revision in story.revisions.all())


def test_the_author_sees_the_picture_and_no_other_member_does(client, sent):
    story, picture, content = sent
    url = picture_url(picture)

    response = client.get(url)
    other = Client()
    other.force_login(MemberFactory())

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert other.get(url).status_code == 404
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    assert Client().get(f"/nl/mijn-account/story-pictures/{uuid.uuid4()}/").status_code in (
        302,
        404,
    )
    assert url in client.get("/nl/mijn-account/verhalen/").content.decode()
    assert url in client.get(f"/nl/mijn-account/verhalen/{story.pk}/").content.decode()


def test_editors_who_may_edit_the_story_see_the_picture_while_they_moderate(sent, editor):
    story, picture, content = sent
    url = picture_url(picture)
    moderator = MemberFactory(is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    admin = Client()
    admin.force_login(editor)
    by_moderator = Client()
    by_moderator.force_login(moderator)

    edit_page = admin.get(f"/admin/pages/{story.pk}/edit/").content.decode()
    preview = story.get_latest_revision_as_object()
    preview_html = preview.make_preview_request(preview_mode="").content.decode()

    assert url in edit_page
    assert "member_picture_declined" in edit_page
    assert url in preview_html
    assert b"".join(admin.get(url).streaming_content) == content
    assert by_moderator.get(url).status_code == 200


def test_an_editor_without_the_second_factor_does_not_see_the_picture(sent, editor, settings):
    _story, picture, _content = sent
    settings.EDITOR_MFA_REQUIRED = True
    admin = Client()
    admin.force_login(editor)

    assert admin.get(picture_url(picture)).status_code == 404


def test_on_publication_the_picture_becomes_an_image_with_a_random_name(client, sent, editor):
    story, picture, _content = sent
    url = picture_url(picture)

    approve(story, editor)

    image = get_image_model().objects.get()
    story.refresh_from_db()
    assert story.live and story.image == image
    assert story.live_revision.content["image"] == image.pk
    assert "foto" not in image.file.name and uuid.UUID(hex=Path(image.file.name).stem)
    assert image.title == STORY["title"] and image.uploaded_by_user == story.author
    assert (image.width, image.height) == (24, 16)
    html = Client().get(story.url).content.decode()
    assert settings.MEDIA_URL + "images/" in html  # a rendition
    assert not StoryPicture.objects.exists()
    assert client.get(url).status_code == 404


def test_publication_removes_the_private_file(
    client, story_index, member, editor, django_capture_on_commit_callbacks
):
    content = picture_bytes()
    client.force_login(member)
    post_story(client, content)
    story = StoryPage.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        approve(story, editor)

    assert files_holding(settings.PRIVATE_MEDIA_ROOT, content) == []
    assert len(files_holding(settings.MEDIA_ROOT, content)) == 1  # the library's original


def test_an_editor_publishes_the_story_without_the_picture(
    story_index, member, editor, django_capture_on_commit_callbacks
):
    content = picture_bytes()
    story = submit(member, image=picture_upload(content=content))
    latest = story.get_latest_revision_as_object()
    latest.member_picture_declined = True
    revision = latest.save_revision(user=editor)

    with django_capture_on_commit_callbacks(execute=True):
        revision.publish(user=editor)

    story.refresh_from_db()
    assert story.live and story.image is None
    assert not get_image_model().objects.exists()
    assert not StoryPicture.objects.exists()
    assert files_holding(settings.PRIVATE_MEDIA_ROOT, content) == []
    assert files_holding(settings.MEDIA_ROOT, content) == []


def test_a_new_picture_replaces_the_old_one_and_the_member_can_remove_it(
    client, sent, django_capture_on_commit_callbacks
):
    story, _picture, first = sent
    second = picture_bytes()
    edit = f"/nl/mijn-account/verhalen/{story.pk}/"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit, {**STORY, "image": picture_upload("tweede.png", second)})
    assert files_holding(settings.PRIVATE_MEDIA_ROOT, first) == []
    assert len(files_holding(settings.PRIVATE_MEDIA_ROOT, second)) == 1
    assert StoryPicture.objects.get().original_name == "tweede.png"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit, {**STORY, "remove_image": "on"})
    assert response.status_code == 302
    assert not StoryPicture.objects.exists()
    assert files_holding(settings.PRIVATE_MEDIA_ROOT, second) == []
    assert "remove_image" not in client.get(edit).content.decode()


def test_a_file_that_is_not_a_picture_is_refused_by_its_content(client, story_index, member):
    client.force_login(member)

    fake = b"<html><script>alert(1)</script></html>"
    response = post_story(client, fake, name="foto.png")
    renamed = post_story(client, picture_bytes("GIF"), name="foto.png")

    for refused in [response, renamed]:
        assert refused.status_code == 200
        assert 'id="id_image_error"' in refused.content.decode()
    assert not StoryPage.objects.exists() and not StoryPicture.objects.exists()
    assert files_holding(settings.PRIVATE_MEDIA_ROOT, fake) == []


def test_a_picture_that_cannot_be_stored_is_a_clear_error_and_leaves_nothing(
    client, story_index, member, monkeypatch
):
    content = picture_bytes()
    written = []

    def disk_full(self, name, content, max_length=None):
        # Half the file reaches the disk, then the disk is full.
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.read()[:10])
        written.append(path)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", disk_full)
    client.force_login(member)

    response = post_story(client, content)

    assert response.status_code == 200
    assert 'id="id_image_error"' in response.content.decode()
    assert not StoryPage.objects.exists() and not StoryPicture.objects.exists()
    assert written and not any(path.exists() for path in written)


def test_a_story_that_fails_after_its_picture_was_written_leaves_no_file(
    story_index, member, monkeypatch
):
    content = picture_bytes()

    def broken(*args, **kwargs):
        raise RuntimeError("the workflow is gone")

    monkeypatch.setattr("wagtail.models.Workflow.start", broken)

    with pytest.raises(RuntimeError):
        submit(member, image=picture_upload(content=content))

    assert files_holding(settings.PRIVATE_MEDIA_ROOT, content) == []
    assert not StoryPicture.objects.exists()


def test_deleting_the_story_removes_the_private_file(sent, django_capture_on_commit_callbacks):
    story, _picture, content = sent

    with django_capture_on_commit_callbacks(execute=True):
        StoryPage.objects.get(pk=story.pk).delete()

    assert not StoryPicture.objects.exists()
    assert files_holding(settings.PRIVATE_MEDIA_ROOT, content) == []


def test_deleting_the_account_removes_the_private_file(
    sent, member, django_capture_on_commit_callbacks
):
    _story, _picture, content = sent
    data = member_data(member)

    with django_capture_on_commit_callbacks(execute=True):
        counts = delete_account(user=member)

    assert [image["file_name"] for image in data["images"]] == ["foto van mijn team.png"]
    assert counts["images_deleted"] == 1
    assert not StoryPicture.objects.exists()
    assert files_holding(settings.PRIVATE_MEDIA_ROOT, content) == []


def test_pictures_of_drafts_sent_before_move_out_of_public_media(
    story_index, member, editor, django_capture_on_commit_callbacks
):
    """The migration for stories sent before pictures were kept private."""
    from importlib import import_module

    from django.apps import apps
    from django.core.files.uploadedfile import SimpleUploadedFile

    migration = import_module("verhalen.migrations.0003_private_draft_pictures")
    content, chosen = picture_bytes(), picture_bytes()
    story = submit(member)
    # As a story was stored then: a library image uploaded by the member, in every revision.
    image = get_image_model().objects.create(
        title="Eerst luisteren",
        file=SimpleUploadedFile("foto-van-sofie.png", content),
        uploaded_by_user=member,
    )
    StoryPage.objects.filter(pk=story.pk).update(image=image)
    for revision in story.revisions.all():
        revision.content["image"] = image.pk
        revision.save()
    # A draft with a picture an editor chose from the library keeps it.
    library = get_image_model().objects.create(
        title="Uit de bibliotheek",
        file=SimpleUploadedFile("bib.png", chosen),
        uploaded_by_user=editor,
    )
    other = submit(MemberFactory(), "Ander verhaal")
    StoryPage.objects.filter(pk=other.pk).update(image=library)
    assert len(files_holding(settings.MEDIA_ROOT, content)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        migration.keep_draft_pictures_private(apps, None)

    picture = StoryPicture.objects.get()
    assert picture.story_id == story.pk and picture.content_type == "image/png"
    assert list(get_image_model().objects.all()) == [library]
    assert files_holding(settings.MEDIA_ROOT, content) == []
    assert len(files_holding(settings.PRIVATE_MEDIA_ROOT, content)) == 1
    story.refresh_from_db()
    assert story.image is None
    assert all(revision.content["image"] is None for revision in story.revisions.all())
    other.refresh_from_db()
    assert other.image == library

    approve(story, editor)
    assert get_image_model().objects.count() == 2 and story.image is not None


def test_a_picture_whose_file_is_gone_is_not_found(client, sent):
    _story, picture, _content = sent
    picture.file.storage.delete(picture.file.name)

    assert client.get(picture_url(picture)).status_code == 404
