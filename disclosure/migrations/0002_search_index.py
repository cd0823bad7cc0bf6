"""GIN index on the bigram tsvector, PostgreSQL only (SQLite searches with LIKE)."""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS action_search_bigrams ON disclosure_administrativeaction "
    "USING gin (to_tsvector('simple'::regconfig, COALESCE(search_text, '')))"
)
DROP = "DROP INDEX IF EXISTS action_search_bigrams"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
