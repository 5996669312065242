"""Assignment files get a random key for their URL: added empty, filled row
by row (a default would give every existing row the same one), then unique."""

import uuid

from django.db import migrations, models


def fill_keys(apps, schema_editor):
    AssignmentFile = apps.get_model("trajecten", "AssignmentFile")
    for item in AssignmentFile.objects.filter(key__isnull=True).only("pk").iterator():
        AssignmentFile.objects.filter(pk=item.pk).update(key=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("trajecten", "0006_registration_anonymised_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="assignmentfile",
            name="key",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="assignmentfile",
            name="key",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
