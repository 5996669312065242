"""The database's own full-text index over the analysed tokens.

The tokens are already stemmed and folded in Python (search/analysis.py), so
each database only has to split them on spaces and find them fast:
- SQLite: an FTS5 table with the entry table as its external content, kept
  in step by triggers;
- PostgreSQL: a generated tsvector column ('simple' configuration: no further
  stemming), title tokens weighted above the body, with a GIN index.
"""

from django.db import migrations

TABLE = "portal_search_searchentry"
FTS = "portal_search_fts"

SQLITE = [
    f"""CREATE VIRTUAL TABLE {FTS} USING fts5(
        title_tokens, tokens, content='{TABLE}', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0')""",
    f"""CREATE TRIGGER {FTS}_insert AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO {FTS}(rowid, title_tokens, tokens)
        VALUES (new.id, new.title_tokens, new.tokens);
    END""",
    f"""CREATE TRIGGER {FTS}_delete AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, title_tokens, tokens)
        VALUES ('delete', old.id, old.title_tokens, old.tokens);
    END""",
    f"""CREATE TRIGGER {FTS}_update AFTER UPDATE ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, title_tokens, tokens)
        VALUES ('delete', old.id, old.title_tokens, old.tokens);
        INSERT INTO {FTS}(rowid, title_tokens, tokens)
        VALUES (new.id, new.title_tokens, new.tokens);
    END""",
]
SQLITE_REVERSE = [
    f"DROP TRIGGER {FTS}_update",
    f"DROP TRIGGER {FTS}_delete",
    f"DROP TRIGGER {FTS}_insert",
    f"DROP TABLE {FTS}",
]

POSTGRESQL = [
    f"""ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title_tokens), 'A') || to_tsvector('simple', tokens)
    ) STORED""",
    f"CREATE INDEX portal_search_vector_gin ON {TABLE} USING GIN (search_vector)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX portal_search_vector_gin",
    f"ALTER TABLE {TABLE} DROP COLUMN search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0002_search_entry_for_pages_and_documents")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        )
    ]
