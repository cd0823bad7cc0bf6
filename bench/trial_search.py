"""Trial of search fixes, bench-only: nothing in the project changes.

    .venv/bin/python bench/trial_search.py [--build] [--drop] [--repeat 10]

Measures, for every term of the search mix, the first page of "matching public actions,
newest first" (the query of disclosure.selectors.search + keyset_page) under:

  expr         the app today: GIN on to_tsvector('simple', search_text) (an expression
               index), the planner's choice of plan;
  expr+guard   the same index, plan picked by the application (probe below);
  stored       a stored generated tsvector column with its own GIN index (the trial
               table bench_trial, a full copy of the table), the planner's choice;
  stored+guard the stored column, plan picked by the application.

The guard: count the matches through the GIN index with a bitmap scan, stopping at
PROBE; fewer than PROBE → fetch them all through the index and sort (bitmap plan); PROBE
or more → the term is common, walk the (published_at, id) index newest first and stop at
the page size. Planner settings are SET LOCAL inside one transaction.

--build creates bench_trial (≈ 3 GB, 2–3 min), --drop removes it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
import django

import bench.settings  # noqa: F401

django.setup()

from django.db import connection  # noqa: E402

from bench.run import TABLE, pct, search_terms  # noqa: E402
from integrity.lib.search import query_phrases  # noqa: E402

BUILD = f"""
DROP TABLE IF EXISTS bench_trial;
CREATE TABLE bench_trial (LIKE {TABLE} INCLUDING DEFAULTS INCLUDING IDENTITY);
ALTER TABLE bench_trial ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, COALESCE(search_text, ''))) STORED;
INSERT INTO bench_trial OVERRIDING SYSTEM VALUE SELECT * FROM {TABLE};
ALTER TABLE bench_trial ADD PRIMARY KEY (id);
CREATE INDEX bench_trial_published ON bench_trial (published_at DESC, id DESC);
SET maintenance_work_mem = '1GB';
CREATE INDEX bench_trial_vector ON bench_trial USING gin (search_vector);
ALTER TABLE bench_trial ALTER COLUMN search_vector SET STATISTICS 1000;
VACUUM ANALYZE bench_trial;
"""

PUBLIC = (
    "t.published_at IS NOT NULL AND t.status IN ('corrected', 'published', 'under_objection') "
    "AND t.use_scope = 'public' AND (t.public_until IS NULL OR t.public_until >= CURRENT_DATE)"
)


def tsquery(term: str) -> str:
    return " & ".join(
        "(" + " <-> ".join(f"'{t}'" + (":*" if len(t) == 1 else "") for t in p) + ")" for p in query_phrases(term)
    )


def page_sql(table: str, match: str) -> str:
    return (
        f"SELECT t.*, a.name, a.uscc FROM {table} t JOIN core_agency a ON a.id = t.agency_id "
        f"LEFT JOIN core_agency d ON d.id = t.data_source_agency_id "
        f"WHERE {PUBLIC} AND {match} ORDER BY t.published_at DESC, t.id DESC LIMIT 21"
    )


def probe_sql(table: str, match: str, probe: int) -> str:
    return f"SELECT count(*) FROM (SELECT 1 FROM {table} t WHERE {PUBLIC} AND {match} LIMIT {probe}) s"


def run(cur: Any, table: str, match: str, q: str, guard: int | None) -> tuple[float, str]:
    start = time.perf_counter()
    how = "planner"
    cur.execute("BEGIN")
    try:
        if guard:
            cur.execute("SET LOCAL enable_indexscan = off")
            cur.execute("SET LOCAL enable_seqscan = off")
            cur.execute(probe_sql(table, match, guard), [q])
            n = cur.fetchone()[0]
            if n < guard:
                how = f"bitmap ({n} < {guard})"
            else:
                cur.execute("SET LOCAL enable_indexscan = on")
                cur.execute("SET LOCAL enable_seqscan = on")
                cur.execute("SET LOCAL enable_bitmapscan = off")
                how = "walk"
        cur.execute(page_sql(table, match), [q])
        cur.fetchall()
    finally:
        cur.execute("ROLLBACK")
    return (time.perf_counter() - start) * 1000, how


def two_step(cur: Any, table: str, match: str, q: str, window: int) -> tuple[float, str]:
    """Newest `window` public rows first (a short walk of the date index: common terms end
    here); if that leaves the page short, the rest through the GIN index (bitmap), sorted."""
    start = time.perf_counter()
    cur.execute("BEGIN")
    try:
        cur.execute(
            f"SELECT t.published_at, t.id FROM {table} t WHERE {PUBLIC} "
            f"ORDER BY t.published_at DESC, t.id DESC OFFSET {window - 1} LIMIT 1"
        )
        edge = cur.fetchone()
        cur.execute("SET LOCAL enable_bitmapscan = off")
        recent = page_sql(table, f"{match} AND (t.published_at, t.id) >= (%s, %s)")
        cur.execute(recent, [q, *edge])
        rows = cur.fetchall()
        how = f"walk {window}: {len(rows)}"
        if len(rows) < 21:
            cur.execute("SET LOCAL enable_bitmapscan = on")
            cur.execute("SET LOCAL enable_indexscan = off")
            older = page_sql(table, f"{match} AND (t.published_at, t.id) < (%s, %s)")
            cur.execute(older.replace("LIMIT 21", f"LIMIT {21 - len(rows)}"), [q, *edge])
            rows += cur.fetchall()
            how += " + bitmap"
    finally:
        cur.execute("ROLLBACK")
    return (time.perf_counter() - start) * 1000, how


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", action="store_true")
    parser.add_argument("--drop", action="store_true")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--probe", type=int, default=1000)
    parser.add_argument("--timeout", type=int, default=30)
    parser.add_argument("--window", type=int, default=5000)
    parser.add_argument(
        "--expr-stats",
        type=int,
        default=0,
        help="also measure the expression index with this statistics target (set, ANALYZE, measure, reset)",
    )
    parser.add_argument("--variants", default="expr,stored,stored+2step")
    args = parser.parse_args()
    cur = connection.cursor()
    cur.execute(
        "SELECT count(*) FROM pg_attribute WHERE attrelid = %s::regclass AND attname = 'search_vector' "
        "AND NOT attisdropped",
        [TABLE],
    )
    if cur.fetchone()[0]:
        sys.exit(
            "The table already has the stored search_vector column (migration 0004): this comparison is "
            "for the schema before it (expression index). `bench/run.py --stages sql` measures the current one."
        )
    if args.build:
        start = time.perf_counter()
        for statement in filter(None, (part.strip() for part in BUILD.split(";"))):
            cur.execute(statement)
        print(f"bench_trial built in {time.perf_counter() - start:.0f} s")
    expr = "to_tsvector('simple'::regconfig, COALESCE(t.search_text, '')) @@ to_tsquery('simple'::regconfig, %s)"
    stored = "t.search_vector @@ to_tsquery('simple'::regconfig, %s)"
    variants = {
        "expr": (TABLE, expr, None),
        "expr+guard": (TABLE, expr, args.probe),
        "stored": ("bench_trial", stored, None),
        "stored+guard": ("bench_trial", stored, args.probe),
        "expr+2step": (TABLE, expr, -1),
        "stored+2step": ("bench_trial", stored, -1),
    }
    chosen = args.variants.split(",")
    results = measure(cur, args, variants, chosen)
    cur = connection.cursor()
    if args.expr_stats:
        cur.execute(f"ALTER INDEX action_search_bigrams ALTER COLUMN 1 SET STATISTICS {args.expr_stats}")
        start = time.perf_counter()
        cur.execute(f"ANALYZE {TABLE}")
        print(f"ANALYZE with statistics {args.expr_stats}: {time.perf_counter() - start:.0f} s")
        try:
            for key in ("expr", "expr+2step"):
                variants[f"{key}+stats"] = variants[key]
            more = [f"{k}+stats" for k in ("expr", "expr+2step")]
            extra = measure(cur, args, variants, more)
        finally:
            cur = connection.cursor()
            cur.execute("ALTER INDEX action_search_bigrams ALTER COLUMN 1 SET STATISTICS -1")
            cur.execute(f"ANALYZE {TABLE}")
        for term in results:
            results[term].update(extra[term])
        chosen += more
    print("| term | class | " + " | ".join(f"{v} p50 / p99 ms" for v in chosen) + " |")
    print("|---|---|" + "---:|" * len(chosen))
    for t in search_terms():
        print(
            f"| {t['term']} | {t['chars']}-char {t['class']} | "
            + " | ".join(results[t["term"]][v] for v in chosen)
            + " |"
        )
    if args.drop:
        cur.execute("DROP TABLE IF EXISTS bench_trial")
        print("bench_trial dropped")


def measure(cur: Any, args: Any, variants: dict[str, Any], chosen: list[str]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for t in search_terms():
        q = tsquery(t["term"])
        cells = out.setdefault(t["term"], {})
        for v in chosen:
            table, match, guard = variants[v]
            cur = connection.cursor()
            cur.execute(f"SET statement_timeout = '{args.timeout}s'")
            times, how = [], ""
            for i in range(args.repeat + 1):
                try:
                    if guard == -1:
                        ms, how = two_step(cur, table, match, q, args.window)
                    else:
                        ms, how = run(cur, table, match, q, guard)
                except Exception:  # noqa: BLE001 - statement timeout
                    connection.close()
                    cur = connection.cursor()
                    times = [args.timeout * 1000.0]
                    how = "TIMEOUT"
                    break
                if i == 0 and ms > 1000:
                    times = [ms]
                    break
                if i:
                    times.append(ms)
            cells[v] = f"{statistics.median(times):,.1f} / {pct(times, 99):,.1f}" + (
                f" ({how})" if guard or how == "TIMEOUT" else ""
            )
            print(f"  {t['term']} {v}: {cells[v]}", flush=True)
    return out


if __name__ == "__main__":
    main()
