"""Where an uncached public page's time goes, in-process (no gunicorn, no wrk).

    .venv/bin/python bench/profile_pages.py                     # ms per request and queries, every page
    .venv/bin/python bench/profile_pages.py --pages list --profile   # pyinstrument tree of one page
    .venv/bin/python bench/profile_pages.py --explain           # EXPLAIN ANALYZE of each page's queries

Runs against the bench database (bench/settings.py, `DATABASE_URL` overrides) with the page
cache off (`PUBLIC_PAGE_CACHE_SECONDS=0`), through Django's test client, so the middleware,
the templates and the queries are those gunicorn serves. The ceiling view is measured too:
a page's cost in milliseconds against the ceiling's is what the req/s ratio of run.py follows.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ["PUBLIC_PAGE_CACHE_SECONDS"] = "0"

import bench.settings  # noqa: E402,F401  (sets the environment defaults)


def pages() -> dict[str, str]:
    from bench import generate as g

    def q(term: str) -> str:
        return "/disclosures/?" + urllib.parse.urlencode({"q": term})

    out = {"ceiling": "/bench/ceiling/", "list": "/disclosures/", "list_kind": "/disclosures/?kind=penalty"}
    for term in [t for t, _ in g.PLANTED_2] + g.ABSENT_2 + g.COMMON_2:
        out[f"search2:{term}"] = q(term)
    for term in [t for t, _ in g.PLANTED_4] + g.ABSENT_4 + g.COMMON_4:
        out[f"search4:{term}"] = q(term)
    out["api_list"] = "/api/v1/disclosures/"
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", default="", help="comma-separated page names or prefixes (default all)")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--profile", action="store_true", help="pyinstrument tree of the pages (after the timing)")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE every query of one request")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    chosen = pages()
    if args.pages:
        wanted = args.pages.split(",")
        chosen = {k: v for k, v in chosen.items() if any(k == w or k.startswith(w) for w in wanted)}
    rows: list[dict[str, Any]] = []
    for name, path in chosen.items():
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        with CaptureQueriesContext(connection) as ctx:
            client.get(path)
        sql_ms = sum(float(q["time"]) for q in ctx.captured_queries) * 1000
        timings = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
        row = {
            "page": name,
            "ms": statistics.median(timings),
            "queries": len(ctx.captured_queries),
            "sql_ms": sql_ms,
            "bytes": len(response.content),
        }
        rows.append(row)
        print(
            f"{name:22} {row['ms']:7.2f} ms/request  {row['queries']:2} queries  "
            f"{sql_ms:6.2f} ms in SQL (DEBUG cursor)  {row['bytes']:6} bytes",
            flush=True,
        )
        if args.explain:
            for captured in ctx.captured_queries:
                sql = captured["sql"]
                if not sql.lstrip().upper().startswith("SELECT"):
                    print("   ", sql[:160])
                    continue
                with connection.cursor() as cur:
                    cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                    plan = [r[0] for r in cur.fetchall()]
                print("   ", sql[:300])
                for line in plan:
                    print("       ", line)
        if args.profile:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0002)
            profiler.start()
            for _ in range(args.repeat):
                client.get(path)
            profiler.stop()
            print(profiler.output_text(unicode=True, color=False, show_all=os.environ.get("PROFILE_ALL") == "1"))


if __name__ == "__main__":
    main()
