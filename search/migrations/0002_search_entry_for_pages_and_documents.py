# The index is derived data (rebuild_search_index fills it), so the entry
# table is made anew rather than altered.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("portal_search", "0001_search_index"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [
        migrations.DeleteModel(name="SearchEntry"),
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=100, unique=True)),
                ("language", models.CharField(db_index=True, max_length=5)),
                ("kind", models.CharField(max_length=100)),
                ("title", models.CharField(max_length=255)),
                ("body", models.TextField(blank=True)),
                ("url", models.CharField(max_length=500)),
                ("date", models.DateTimeField(blank=True, null=True)),
                ("facets", models.JSONField(blank=True, default=dict)),
                ("tokens", models.TextField(blank=True)),
                ("title_tokens", models.TextField(blank=True)),
                ("facet_keys", models.TextField(blank=True)),
                ("document", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="wagtaildocs.document")),
                ("page", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.WAGTAIL_PAGE_MODEL)),
            ],
            options={"verbose_name": "search entry", "verbose_name_plural": "search entries"},
        ),
    ]
