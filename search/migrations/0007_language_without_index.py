"""No index on the language of the entries: two values, each half of the
table, so it never narrows a search down; on PostgreSQL the planner used
it to test every entry of a language against the query rather than read
the GIN index (search/backends/database.py). The index is dropped by name,
since letting Django alter the field would rebuild the table on SQLite,
and with it drop the full-text triggers (migration 0003)."""

from django.db import migrations, models

TABLE = "portal_search_searchentry"
INDEX = "portal_search_searchentry_language_ab7bf944"


def drop_indexes(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}_like")


def create_indexes(apps, schema_editor):
    schema_editor.execute(f"CREATE INDEX {INDEX} ON {TABLE} (language)")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX {INDEX}_like ON {TABLE} (language varchar_pattern_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("portal_search", "0006_language_title_and_facts"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="searchentry",
                    name="language",
                    field=models.CharField(max_length=5),
                ),
            ],
            database_operations=[migrations.RunPython(drop_indexes, create_indexes)],
        ),
    ]
