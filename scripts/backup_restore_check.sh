#!/usr/bin/env bash
# The backup drill (issue 7, item 19): back up a PostgreSQL database the way production does
# (pg_dump -Fc), restore it into a fresh database, and prove the copy is the same and works.
#
#   scripts/backup_restore_check.sh SOURCE_DB [COPY_DB]
#
# 1. pg_dump -Fc of SOURCE_DB; pg_restore into COPY_DB (default SOURCE_DB_restore), created anew.
# 2. The same tables on both sides; per table the row count and an md5 over the rows in text
#    form, ordered, so any lost, added or changed row is a mismatch; the schema dumps compared.
# 3. manage.py verify_audit against the copy (the audit chain survived the round trip).
# 4. A smoke test against the copy: manage.py check, and the public list, the open-data API and
#    the staff sign-in page answered by the Django test client (a local in-memory cache, so the
#    copy answers and not a shared cache).
# 5. The time taken. Exits non-zero on any mismatch or failure; the copy is dropped when all
#    is well and kept for inspection otherwise.
#
# Connection: PGHOST, PGPORT and PGUSER (default 127.0.0.1, 5432, postgres). The Django commands
# run with the caller's environment (SECRET_KEY, the field-encryption and audit keys, DEBUG) and
# DATABASE_URL pointing at the copy: run it with the same settings that wrote the source.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
    echo "usage: $0 SOURCE_DB [COPY_DB]" >&2
    exit 2
fi
SOURCE_DB=$1
COPY_DB=${2:-${SOURCE_DB}_restore}
if [[ "$SOURCE_DB" == "$COPY_DB" ]]; then
    echo "!! the copy must be another database than the source" >&2
    exit 2
fi
for name in "$SOURCE_DB" "$COPY_DB"; do
    if [[ ! "$name" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]]; then
        echo "!! database names are letters, digits and _ only: $name" >&2
        exit 2
    fi
done

export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON=${PYTHON:-"$ROOT/.venv/bin/python"}
WORK="$(mktemp -d -t backup-drill-XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
START=$SECONDS
MISMATCHES=0

psql_on() {  # psql_on DB SQL: one value per line, no decoration
    psql -X -v ON_ERROR_STOP=1 -q -tA -d "$1" -c "$2"
}

echo "backup drill: $SOURCE_DB -> $COPY_DB on $PGHOST:$PGPORT"

# 1. Dump and restore.
pg_dump -Fc --no-owner -d "$SOURCE_DB" -f "$WORK/backup.dump"
echo "dump: $(du -h "$WORK/backup.dump" | cut -f1)"
psql_on postgres "DROP DATABASE IF EXISTS $COPY_DB WITH (FORCE)"
psql_on postgres "CREATE DATABASE $COPY_DB ENCODING 'UTF8' TEMPLATE template0"
pg_restore --no-owner --exit-on-error -d "$COPY_DB" "$WORK/backup.dump"
echo "restored into $COPY_DB"

# 2. Tables, row counts and checksums.
TABLES_SQL="SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables
            WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
            ORDER BY 1"
psql_on "$SOURCE_DB" "$TABLES_SQL" > "$WORK/tables.source"
psql_on "$COPY_DB" "$TABLES_SQL" > "$WORK/tables.copy"
if ! diff -u "$WORK/tables.source" "$WORK/tables.copy"; then
    echo "!! the copy does not have the same tables" >&2
    MISMATCHES=$((MISMATCHES + 1))
fi
TABLES=0
while read -r table; do
    [[ -z "$table" ]] && continue
    TABLES=$((TABLES + 1))
    sql="SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, E'\n' ORDER BY t::text)), '-') FROM $table t"
    source=$(psql_on "$SOURCE_DB" "$sql")
    copy=$(psql_on "$COPY_DB" "$sql" 2>&1 || echo "missing")
    if [[ "$source" != "$copy" ]]; then
        echo "!! $table: source $source, copy $copy" >&2
        MISMATCHES=$((MISMATCHES + 1))
    fi
done < "$WORK/tables.source"
echo "tables compared: $TABLES (row counts and per-table md5 of the ordered rows)"

# pg_dump 15 writes no random tokens, but later versions add \restrict lines: drop them, and comments.
schema_of() {
    pg_dump -s --no-owner -d "$1" | grep -v -e '^--' -e '^\\restrict' -e '^\\unrestrict' -e '^$'
}
# The source's schema is compared after one restore of its own: PostgreSQL writes an `IN (…)` check
# constraint or partial-index predicate back differently once it has been re-parsed
# (`= ANY ((ARRAY['a'::varchar, …])::text[])` becomes `= ANY (ARRAY[('a'::varchar)::text, …])`), the
# same expression. A schema-only restore of the source goes through that same step, so what differs
# from it is what the backup lost or changed.
SCHEMA_DB="${COPY_DB}_schema"
psql_on postgres "DROP DATABASE IF EXISTS $SCHEMA_DB WITH (FORCE)"
psql_on postgres "CREATE DATABASE $SCHEMA_DB ENCODING 'UTF8' TEMPLATE template0"
pg_dump -s -Fc --no-owner -d "$SOURCE_DB" | pg_restore --no-owner --exit-on-error -d "$SCHEMA_DB"
SOURCE_SCHEMA="$(schema_of "$SCHEMA_DB")"
psql_on postgres "DROP DATABASE IF EXISTS $SCHEMA_DB WITH (FORCE)"
if ! diff -u <(printf '%s\n' "$SOURCE_SCHEMA") <(schema_of "$COPY_DB") > "$WORK/schema.diff"; then
    echo "!! the copy's schema differs:" >&2
    head -n 40 "$WORK/schema.diff" >&2
    MISMATCHES=$((MISMATCHES + 1))
else
    echo "schema: identical"
fi

# 3 and 4. The audit chain and a smoke test, against the copy.
COPY_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$COPY_DB"
django() {
    (cd "$ROOT" && DATABASE_URL="$COPY_URL" CACHE_URL="locmemcache://" "$PYTHON" manage.py "$@")
}
if ! django verify_audit; then
    echo "!! verify_audit failed on the copy" >&2
    MISMATCHES=$((MISMATCHES + 1))
fi
if ! django check --fail-level ERROR; then
    echo "!! manage.py check failed on the copy" >&2
    MISMATCHES=$((MISMATCHES + 1))
fi
SMOKE='
import sys
from django.test import Client
from disclosure.models import AdministrativeAction
client = Client(HTTP_HOST="localhost")
failures = []
for path in ("/disclosures/", "/api/v1/disclosures/", "/admin/login/", "/healthz"):
    response = client.get(path, secure=True)
    if response.status_code != 200:
        failures.append(f"{path}: {response.status_code}")
public = AdministrativeAction.objects.public()
newest = public.order_by("-published_at", "-id").first()
if newest is not None:
    body = client.get("/api/v1/disclosures/", secure=True).json()
    if not body.get("results"):
        failures.append("the open-data API lists nothing, but the copy has public items")
    if client.get(f"/disclosures/{newest.pk}/", secure=True).status_code != 200:
        failures.append(f"the newest public item {newest.pk} does not open")
print(f"smoke: {public.count()} public items; {len(failures)} failures")
for failure in failures:
    print("!! " + failure)
sys.exit(1 if failures else 0)
'
if ! django shell -c "$SMOKE"; then
    echo "!! the smoke test failed on the copy" >&2
    MISMATCHES=$((MISMATCHES + 1))
fi

SECONDS_TAKEN=$((SECONDS - START))
echo "backup drill: $TABLES tables compared, $MISMATCHES mismatches, ${SECONDS_TAKEN}s"
if [[ $MISMATCHES -ne 0 ]]; then
    echo "!! backup drill FAILED; the copy $COPY_DB is kept for inspection" >&2
    exit 1
fi
psql_on postgres "DROP DATABASE IF EXISTS $COPY_DB WITH (FORCE)"
echo "backup drill passed; $COPY_DB dropped"
