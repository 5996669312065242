"""The tokens of every entry analysed again, the way search/analysis.py now
reads a text: compounds also written as one word ("Kafka-brigade" is found
by "kafkabrigade"), no "'s" or lone letter as a token ("OCMW's" is "OCMW"),
numbers written in words as their digits ("cinq" is "5").

The entries keep their text, so this needs no page: an existing index finds
the same as a new one as soon as it is migrated. The dates the results show
come from the pages, though (a report's meeting day rather than its
publication): `manage.py rebuild_search_index` reads them again (`make run`
does, through load_demo_content). Going back leaves the tokens as they are:
the older code reads them, only less well.
"""

from django.db import migrations

from search.analysis import analyze

BATCH = 500


def analyse_again(apps, schema_editor):
    # The same tokens as backends/database.py entry_fields writes.
    SearchEntry = apps.get_model("portal_search", "SearchEntry")
    entries = SearchEntry.objects.only("id", "language", "kind", "title", "body").order_by("id")
    batch = []
    for entry in entries.iterator(chunk_size=BATCH):
        entry.tokens = " ".join(analyze(f"{entry.title} {entry.body}", entry.language))
        entry.title_tokens = " ".join(analyze(f"{entry.title} {entry.kind}", entry.language))
        batch.append(entry)
        if len(batch) == BATCH:
            SearchEntry.objects.bulk_update(batch, ["tokens", "title_tokens"])
            batch = []
    SearchEntry.objects.bulk_update(batch, ["tokens", "title_tokens"])


class Migration(migrations.Migration):
    dependencies = [
        ("portal_search", "0008_narrow_rows_on_postgresql"),
    ]

    operations = [migrations.RunPython(analyse_again, migrations.RunPython.noop)]
