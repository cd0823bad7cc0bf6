"""A stored bigram tsvector with its own GIN index, on PostgreSQL only.

The expression index of 0002 made PostgreSQL re-run to_tsvector() on every row it checked
(~35 µs a row, 2.5 s for a common phrase), and its default statistics guessed every
uncommon bigram at 0.5 % of rows, so rare and absent words walked the whole date index
(> 20 s at a million rows). A stored column is ~10x cheaper to check and, with statistics
1000, estimated right for single words; the selector picks the plan for phrases
(bench/README.md, "Why, and what to change"). The model does not declare the column:
SQLite has no tsvector, and PostgreSQL fills it on every insert and update, bulk_create too.
Rewrites the table: about 2-3 minutes per million rows on the 2-core machine.
"""

from django.db import migrations

TABLE = "disclosure_administrativeaction"
FORWARD = [
    f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, COALESCE(search_text, ''))) STORED",
    f"CREATE INDEX IF NOT EXISTS action_search_vector ON {TABLE} USING gin (search_vector)",
    f"ALTER TABLE {TABLE} ALTER COLUMN search_vector SET STATISTICS 1000",
    "DROP INDEX IF EXISTS action_search_bigrams",
]
BACKWARD = [
    f"CREATE INDEX IF NOT EXISTS action_search_bigrams ON {TABLE} "
    "USING gin (to_tsvector('simple'::regconfig, COALESCE(search_text, '')))",
    "DROP INDEX IF EXISTS action_search_vector",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARD:
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0003_importjob_labels")]
    operations = [migrations.RunPython(forward, backward)]
