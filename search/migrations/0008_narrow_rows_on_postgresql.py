"""On PostgreSQL, an entry's long columns (the text, its tokens and text
vector, the title) are kept out of the table's rows, in its TOAST table,
and the columns a search reads for every match (the language, the facet
keys, the title's vector) in them. A frequent word matches tens of
thousands of entries, and counting their facets visits each of their rows:
rows of 900 bytes made that 40–90 ms at 100,000 pages a language, rows of
about 400 bytes 25 ms. Rows written from now on are stored so; a rebuild of
the index (manage.py rebuild_search_index) writes them all again.

SQLite keeps these columns apart already (the facts table, migration 0006).
"""

from django.db import migrations

TABLE = "portal_search_searchentry"
NARROW = f"""ALTER TABLE {TABLE} SET (toast_tuple_target = 128),
    ALTER COLUMN language SET STORAGE MAIN,
    ALTER COLUMN facet_keys SET STORAGE MAIN,
    ALTER COLUMN title_vector SET STORAGE MAIN"""
WIDE = f"""ALTER TABLE {TABLE} RESET (toast_tuple_target),
    ALTER COLUMN language SET STORAGE EXTENDED,
    ALTER COLUMN facet_keys SET STORAGE EXTENDED,
    ALTER COLUMN title_vector SET STORAGE EXTENDED"""


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("portal_search", "0007_language_without_index"),
    ]

    operations = [migrations.RunPython(on_postgresql(NARROW), on_postgresql(WIDE))]
