"""What a search with thousands of matches needs, without reading each
match's text:

- SQLite: the full-text table indexes the language too, so that a MATCH
  keeps to one language without looking at the entries; and a narrow table
  of facts (language, date, facet keys), kept by the same triggers, is what
  the facet counts and the sort by date read. In the entry table those
  columns lie behind the long text and tokens, in overflow pages.
- PostgreSQL: a tsvector of the title alone, with its own GIN index, to
  rank by the title when a query matches too many pages to rank them all
  by their text (search/backends/database.py).
"""

from django.db import migrations

TABLE = "portal_search_searchentry"
FTS = "portal_search_fts"
FACTS = "portal_search_facts"

SQLITE = [
    f"DROP TRIGGER {FTS}_update",
    f"DROP TRIGGER {FTS}_delete",
    f"DROP TRIGGER {FTS}_insert",
    f"DROP TABLE {FTS}",
    f"""CREATE VIRTUAL TABLE {FTS} USING fts5(
        title_tokens, tokens, language, content='{TABLE}', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0')""",
    f"""CREATE TABLE {FACTS} (
        id INTEGER PRIMARY KEY, language TEXT NOT NULL, date TEXT, facet_keys TEXT NOT NULL)""",
    f"""CREATE TRIGGER {FTS}_insert AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO {FTS}(rowid, title_tokens, tokens, language)
        VALUES (new.id, new.title_tokens, new.tokens, new.language);
        INSERT INTO {FACTS}(id, language, date, facet_keys)
        VALUES (new.id, new.language, new.date, new.facet_keys);
    END""",
    f"""CREATE TRIGGER {FTS}_delete AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, title_tokens, tokens, language)
        VALUES ('delete', old.id, old.title_tokens, old.tokens, old.language);
        DELETE FROM {FACTS} WHERE id = old.id;
    END""",
    f"""CREATE TRIGGER {FTS}_update AFTER UPDATE ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, title_tokens, tokens, language)
        VALUES ('delete', old.id, old.title_tokens, old.tokens, old.language);
        INSERT INTO {FTS}(rowid, title_tokens, tokens, language)
        VALUES (new.id, new.title_tokens, new.tokens, new.language);
        UPDATE {FACTS} SET id = new.id, language = new.language, date = new.date,
            facet_keys = new.facet_keys WHERE id = old.id;
    END""",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
    f"INSERT INTO {FACTS}(id, language, date, facet_keys) SELECT id, language, date, facet_keys FROM {TABLE}",
]
SQLITE_REVERSE = [
    f"DROP TRIGGER {FTS}_update",
    f"DROP TRIGGER {FTS}_delete",
    f"DROP TRIGGER {FTS}_insert",
    f"DROP TABLE {FACTS}",
    f"DROP TABLE {FTS}",
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
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
]

POSTGRESQL = [
    f"""ALTER TABLE {TABLE} ADD COLUMN title_vector tsvector GENERATED ALWAYS AS (
        to_tsvector('simple', title_tokens)
    ) STORED""",
    f"CREATE INDEX portal_search_title_vector_gin ON {TABLE} USING GIN (title_vector)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX portal_search_title_vector_gin",
    f"ALTER TABLE {TABLE} DROP COLUMN title_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0005_editor_permissions")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        )
    ]
