"""Indexes for the registrations listing of the admin: the newest first, whole
or by status, read a page of 20 from the index at 100,000 registrations."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0002_editor_permissions"),
        ("trajecten", "0021_invoice_permissions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="registration",
            index=models.Index(fields=["created_at"], name="trajecten_r_created_487123_idx"),
        ),
        migrations.AddIndex(
            model_name="registration",
            index=models.Index(
                fields=["status", "created_at"], name="trajecten_r_status_2d96f6_idx"
            ),
        ),
    ]
