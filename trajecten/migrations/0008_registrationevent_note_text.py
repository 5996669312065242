"""The note of a registration's history holds a whole e-mail address ("seat
offered to …"): text without a length limit instead of 255 characters."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("trajecten", "0007_assignmentfile_key"),
    ]

    operations = [
        migrations.AlterField(
            model_name="registrationevent",
            name="note",
            field=models.TextField(blank=True, verbose_name="note"),
        ),
    ]
