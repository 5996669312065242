"""Pictures of stories not published yet were Wagtail images under public
media: each moves into the private storage under a random name (as a story
picture now waits there) and the draft forgets the image. An image an editor
chose from the library, or one that another page uses, stays."""

from django.db import migrations, transaction


def keep_draft_pictures_private(apps, schema_editor):
    import willow

    from verhalen.models import random_picture_name

    StoryPage = apps.get_model("verhalen", "StoryPage")
    StoryPicture = apps.get_model("verhalen", "StoryPicture")
    Revision = apps.get_model("wagtailcore", "Revision")
    ReferenceIndex = apps.get_model("wagtailcore", "ReferenceIndex")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Image = apps.get_model("wagtailimages", "Image")
    Rendition = apps.get_model("wagtailimages", "Rendition")
    private = StoryPicture._meta.get_field("file").storage
    page_type = ContentType.objects.filter(app_label="wagtailcore", model="page").first()
    image_type = ContentType.objects.filter(app_label="wagtailimages", model="image").first()

    drafts = StoryPage.objects.filter(live=False, author__isnull=False)
    for story in drafts.exclude(pk__in=StoryPicture.objects.values("story_id")):
        # A picture sent with a change is in the latest revision only, not on the page row.
        latest = Revision.objects.filter(pk=story.latest_revision_id).first()
        image_id = (latest.content.get("image") if latest else None) or story.image_id
        if not image_id:
            continue
        image = Image.objects.filter(pk=image_id, uploaded_by_user_id=story.author_id).first()
        if image is None or StoryPage.objects.filter(image=image).exclude(pk=story.pk).exists():
            continue
        try:
            with image.file.open("rb") as content:
                content_type = willow.Image.open(content).mime_type
                content.seek(0)
                name = private.save(random_picture_name(None, ""), content)
        except Exception:  # noqa: BLE001 - a missing or unreadable file stays as it is
            continue
        StoryPicture.objects.create(
            story_id=story.pk,
            file=name,
            content_type=content_type,
            original_name=image.file.name.rsplit("/", 1)[-1][-255:],
        )
        for revision in Revision.objects.filter(
            base_content_type=page_type, object_id=str(story.pk)
        ):
            if revision.content.get("image") == image.pk:
                revision.content["image"] = None
                revision.save(update_fields=["content"])
        StoryPage.objects.filter(pk=story.pk, image=image).update(image=None)
        ReferenceIndex.objects.filter(to_content_type=image_type, to_object_id=str(image.pk)).delete()
        public = [image.file] + [rendition.file for rendition in Rendition.objects.filter(image=image)]
        Rendition.objects.filter(image=image).delete()
        image.delete()
        # Once the move is committed: a failed migration keeps them.
        for file in public:
            transaction.on_commit(lambda file=file: file.storage.delete(file.name))


class Migration(migrations.Migration):
    dependencies = [
        ("verhalen", "0002_story_picture"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(keep_draft_pictures_private, migrations.RunPython.noop)]
