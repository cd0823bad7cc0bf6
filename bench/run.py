"""The benchmark of issue 3 item 8 (a script, not a test). See bench/README.md.

    .venv/bin/python bench/run.py                 # everything, 1,000,000 rows (fill skipped if present)
    .venv/bin/python bench/run.py --rows 20000    # quick smoke run (refills the table: see the
                                                  # README for a separate DATABASE_URL)
    .venv/bin/python bench/run.py --stages sql    # only the direct search-latency measurement

Stages: fill (COPY 1M published actions, indexes dropped and rebuilt), sql (search latency in
the ORM, every term of the mix), http (gunicorn + wrk, cached and uncached), import
(import_file of a 100,000-row CSV vs COPY of the same rows). Results are printed and written
to bench/results/<timestamp>.json.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import io
import json
import math
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from multiprocessing import Pool
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import bench.settings  # noqa: E402,F401  (sets the environment defaults)

VAR = Path(os.environ["VAR_DIR"])
TABLE = "disclosure_administrativeaction"
DROPPED = VAR / "dropped_indexes.json"
RESULTS = BENCH / "results"


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S', time.gmtime())}] {msg}", flush=True)


# --- database -----------------------------------------------------------------------------


def ensure_database() -> None:
    import psycopg2
    from django.conf import settings

    db = settings.DATABASES["default"]
    conn = psycopg2.connect(
        dbname="postgres", user=db["USER"], host=db["HOST"], port=db["PORT"] or 5432, password=db["PASSWORD"] or None
    )
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
        if cur.fetchone() is None:
            log(f"creating database {db['NAME']}")
            cur.execute(f'CREATE DATABASE "{db["NAME"]}"')
    conn.close()


def setup_django() -> None:
    import django

    ensure_database()
    django.setup()
    from django.core.management import call_command

    from core.models import Agency

    call_command("migrate", "--noinput", verbosity=0)
    restore_dropped_indexes()
    if not Agency.objects.exists():
        log("seed_demo (agencies, accounts, demo actions)")
        call_command("seed_demo", stdout=io.StringIO())
    if not (VAR / "static" / "staticfiles.json").exists():
        log("collectstatic into bench/.var/static (DEBUG off uses the manifest storage)")
        call_command("collectstatic", "--noinput", verbosity=0)


def cursor() -> Any:
    from django.db import connection

    return connection.cursor()


def scalar(sql: str, params: Any = None) -> Any:
    with cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchone()[0]


# --- stage 1: fill --------------------------------------------------------------------------


def table_indexes() -> list[dict[str, str]]:
    """Every index but the primary key: name, definition, and the constraint it backs if any."""
    with cursor() as cur:
        cur.execute(
            """
            SELECT i.relname, pg_get_indexdef(i.oid), c.conname, pg_get_constraintdef(c.oid)
            FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
            LEFT JOIN pg_constraint c ON c.conindid = i.oid AND c.conrelid = x.indrelid
            WHERE x.indrelid = %s::regclass AND NOT x.indisprimary ORDER BY i.relname
            """,
            [TABLE],
        )
        return [{"name": n, "indexdef": d, "constraint": c or "", "condef": cd or ""} for n, d, c, cd in cur.fetchall()]


def drop_indexes() -> list[dict[str, str]]:
    indexes = table_indexes()
    DROPPED.parent.mkdir(parents=True, exist_ok=True)
    DROPPED.write_text(json.dumps(indexes, ensure_ascii=False, indent=1))  # restored if we die mid-way
    with cursor() as cur:
        for ix in indexes:
            if ix["constraint"]:
                cur.execute(f'ALTER TABLE {TABLE} DROP CONSTRAINT "{ix["constraint"]}"')
            else:
                cur.execute(f'DROP INDEX "{ix["name"]}"')
    return indexes


def create_indexes(indexes: list[dict[str, str]]) -> dict[str, float]:
    timings = {}
    existing = {ix["name"] for ix in table_indexes()}
    with cursor() as cur:
        cur.execute("SET maintenance_work_mem = '1GB'")
        # The GIN search index last: it is the slow one.
        for ix in sorted(indexes, key=lambda ix: " gin " in ix["indexdef"]):
            if ix["name"] in existing:
                continue
            start = time.perf_counter()
            if ix["constraint"]:
                cur.execute(f'ALTER TABLE {TABLE} ADD CONSTRAINT "{ix["constraint"]}" {ix["condef"]}')
            else:
                cur.execute(ix["indexdef"])
            timings[ix["name"]] = time.perf_counter() - start
            log(f"  index {ix['name']}: {timings[ix['name']]:.1f} s")
        cur.execute("RESET maintenance_work_mem")
    return timings


def restore_dropped_indexes() -> None:
    if DROPPED.exists():
        log("restoring indexes dropped by an interrupted fill")
        create_indexes(json.loads(DROPPED.read_text()))
        DROPPED.unlink()


class _ChunkReader(io.TextIOBase):
    """A file-like object over an iterator of text chunks, for copy_expert."""

    def __init__(self, chunks: Any, on_chunk: Any = None) -> None:
        self._chunks = iter(chunks)
        self._buf = ""
        self._on_chunk = on_chunk

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> str:
        size = -1 if size is None else size
        while size < 0 or len(self._buf) < size:
            try:
                chunk = next(self._chunks)
            except StopIteration:
                break
            self._buf += chunk
            if self._on_chunk:
                self._on_chunk()
        if size < 0:
            out, self._buf = self._buf, ""
        else:
            out, self._buf = self._buf[:size], self._buf[size:]
        return out

    readline = read  # type: ignore[assignment]


BENCH_ROWS_SQL = f"SELECT count(*) FROM {TABLE} WHERE document_number LIKE '%%〕B_______号'"


def stage_fill(rows: int, refill: bool) -> dict[str, Any]:
    from django.db import connection
    from django.utils import timezone

    from bench import generate
    from core.models import Agency

    have = scalar(BENCH_ROWS_SQL)
    if have == rows and not refill:
        log(f"fill: the table already holds {have:,} generated rows: skipped (use --refill to redo)")
        return {"skipped": True, "rows": have}
    result: dict[str, Any] = {"rows": rows}
    if have:
        log(f"fill: removing {have:,} generated rows of an earlier run")
        with cursor() as cur:
            cur.execute(f"DELETE FROM {TABLE} WHERE document_number LIKE '%%〕B_______号'")
    log("fill: dropping indexes (COPY with the GIN index is ~120x slower; rebuilt afterwards)")
    indexes = drop_indexes()
    today, now = timezone.localdate(), timezone.now()
    agency_ids = dict(Agency.objects.values_list("name", "id"))
    step = 5000
    chunks = [(s, min(s + step, rows), rows, today, now, agency_ids) for s in range(0, rows, step)]
    done = [0]
    start = time.perf_counter()

    def progress() -> None:
        done[0] += 1
        if done[0] % 20 == 0:
            n = min(done[0] * step, rows)
            log(f"  {n:,} rows, {n / (time.perf_counter() - start):,.0f} rows/s")

    connection.close()  # do not share the connection with forked workers
    with Pool(2) as pool:
        reader = _ChunkReader(pool.imap(generate.copy_chunk, chunks), progress)
        with cursor() as cur:
            cur.copy_expert(f"COPY {TABLE} ({', '.join(generate.COPY_COLUMNS)}) FROM STDIN", reader, size=1 << 20)
    result["copy_seconds"] = time.perf_counter() - start
    log(
        f"fill: {rows:,} rows generated and copied in {result['copy_seconds']:.0f} s "
        f"({rows / result['copy_seconds']:,.0f} rows/s, generation-bound)"
    )
    log("fill: rebuilding indexes")
    start = time.perf_counter()
    result["index_seconds"] = create_indexes(indexes)
    DROPPED.unlink(missing_ok=True)
    result["reindex_total_seconds"] = time.perf_counter() - start
    start = time.perf_counter()
    with cursor() as cur:
        cur.execute(f"VACUUM ANALYZE {TABLE}")
    result["analyze_seconds"] = time.perf_counter() - start
    log(
        f"fill: indexes rebuilt in {result['reindex_total_seconds']:.0f} s, VACUUM ANALYZE {result['analyze_seconds']:.0f} s"
    )
    return result


# --- the search mix --------------------------------------------------------------------------


def search_terms() -> list[dict[str, str]]:
    from bench import generate as g

    terms = []
    for term, _p in g.PLANTED_2:
        terms.append({"term": term, "chars": "2", "class": "rare"})
    terms += [{"term": t, "chars": "2", "class": "absent"} for t in g.ABSENT_2]
    terms += [{"term": t, "chars": "2", "class": "common"} for t in g.COMMON_2]
    for term, _p in g.PLANTED_4:
        terms.append({"term": term, "chars": "4", "class": "rare"})
    terms += [{"term": t, "chars": "4", "class": "absent"} for t in g.ABSENT_4]
    terms += [{"term": t, "chars": "4", "class": "common"} for t in g.COMMON_4]
    return terms


def search_path(term: str) -> str:
    return "/disclosures/?" + urllib.parse.urlencode({"q": term})


def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile (of 20 runs, p99 is the slowest)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered), math.ceil(p / 100 * len(ordered))) - 1)]


MATCH_COUNTS = VAR / "match_counts.json"


def _match_count(qs: Any, term: str) -> int | None:
    """How many rows match, counted through the GIN index (bitmap scan forced: no walk).

    Counting a common phrase rechecks every candidate row (half a minute for 600,000), so
    counts are kept in bench/.var/match_counts.json, keyed by the table's row count.
    """
    from django.db import OperationalError, transaction

    rows = scalar(f"SELECT reltuples::bigint FROM pg_class WHERE oid = '{TABLE}'::regclass")
    known = json.loads(MATCH_COUNTS.read_text()) if MATCH_COUNTS.exists() else {}
    key = f"{rows}:{term}"
    if key not in known:
        try:
            with transaction.atomic(), cursor() as cur:
                cur.execute("SET LOCAL statement_timeout = '120s'")
                cur.execute("SET LOCAL enable_seqscan = off")
                cur.execute("SET LOCAL enable_indexscan = off")
                known[key] = qs.order_by().count()
        except OperationalError:
            return None
        MATCH_COUNTS.write_text(json.dumps(known, ensure_ascii=False, indent=1))
    return known[key]


def stage_sql(repeat: int, timeout_s: int) -> list[dict[str, Any]]:
    """The search path of the list page (filter + keyset page), timed in the ORM, per term.

    A term whose first run takes more than a second is not repeated (its p50 = p99 = that
    run); a run cut by the statement timeout is reported as the timeout.
    """
    from django.db import OperationalError, connection

    from disclosure import selectors
    from disclosure.filters import PublicActionFilter

    def fresh() -> None:
        connection.close()
        with cursor() as cur:
            cur.execute(f"SET statement_timeout = '{timeout_s}s'")

    out = []
    fresh()
    for t in search_terms():
        qs = PublicActionFilter({"q": t["term"]}, queryset=selectors.public_actions()).qs
        matches = _match_count(qs, t["term"])
        plan = qs.order_by("-published_at", "-id")[:21].explain()
        scan = next(
            (line.strip().lstrip("-> ") for line in plan.splitlines() if f"on {TABLE}" in line or "Scan using" in line),
            plan.splitlines()[0],
        )
        timings: list[float] = []
        timed_out = False
        page = None
        for i in range(repeat + 1):
            start = time.perf_counter()
            try:
                page = selectors.keyset_page(qs, None)
            except OperationalError:  # statement timeout
                timings, timed_out = [timeout_s * 1000.0], True
                fresh()
                break
            elapsed = (time.perf_counter() - start) * 1000
            if i == 0 and elapsed > 1000:
                timings = [elapsed]
                break
            if i:
                timings.append(elapsed)
        nxt: list[float] = []
        if page is not None and page.next_cursor and len(timings) > 1:
            for i in range(min(repeat, 10) + 1):
                start = time.perf_counter()
                selectors.keyset_page(qs, page.next_cursor)
                if i:
                    nxt.append((time.perf_counter() - start) * 1000)
        row = {
            **t,
            "matches": matches,
            "p50_ms": statistics.median(timings),
            "p99_ms": pct(timings, 99),
            "max_ms": max(timings),
            "runs": len(timings),
            "timed_out": timed_out,
            "page2_p99_ms": pct(nxt, 99) if nxt else None,
            "plan": scan,
        }
        out.append(row)
        log(
            f"sql {t['class']:6} {t['term']:6} matches {matches if matches is not None else '?':>8}  p50 {row['p50_ms']:9.1f} ms  "
            f"p99 {row['p99_ms']:9.1f} ms ({len(timings)} runs{', TIMEOUT' if timed_out else ''})"
            + (f"  page2 p99 {row['page2_p99_ms']:.1f} ms" if nxt else "")
            + f"  | {scan[:100]}"
        )
    # The list without a search, first page and a deep page (keyset: should cost the same).
    public = selectors.public_actions()
    rows_now = scalar(f"SELECT reltuples::bigint FROM pg_class WHERE oid = '{TABLE}'::regclass")
    for depth in (0, min(200_000, max(rows_now // 2, 1))):
        cursor_at = None
        if depth:
            at = public.order_by("-published_at", "-id")[depth - 1 : depth].get()
            cursor_at = selectors._encode(at)
        timings = []
        for i in range(min(repeat, 10) + 1):
            start = time.perf_counter()
            selectors.keyset_page(public, cursor_at)
            if i:
                timings.append((time.perf_counter() - start) * 1000)
        row = {
            "term": f"(list, {depth:,} rows deep)",
            "chars": "",
            "class": "list",
            "matches": None,
            "p50_ms": statistics.median(timings),
            "p99_ms": pct(timings, 99),
            "max_ms": max(timings),
            "runs": len(timings),
            "timed_out": False,
            "page2_p99_ms": None,
            "plan": "",
        }
        out.append(row)
        log(f"sql list page {depth:>9,} rows deep: p50 {row['p50_ms']:.1f} ms  p99 {row['p99_ms']:.1f} ms")
    connection.close()
    return out


# --- stage 2: HTTP -------------------------------------------------------------------------


def wrk_available() -> str:
    path = shutil.which("wrk")
    if not path:
        sys.exit("wrk is not installed: apt-get install -y wrk   (Debian package 'wrk', 4.1)")
    return path


def lua_rotate(paths: list[str], name: str) -> Path:
    script = VAR / f"{name}.lua"
    body = ",\n".join(json.dumps(p) for p in paths)
    script.write_text(
        "local paths = {\n" + body + "\n}\n"
        "local n = #paths\n"
        "local i = 0\n"
        "function setup(thread) thread:set('offset', math.random(1, n)) end\n"
        "function init(args) i = tonumber(offset) or 0 end\n"
        "function request()\n"
        "  i = i + 1\n"
        "  return wrk.format('GET', paths[(i % n) + 1])\n"
        "end\n"
    )
    return script


_UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    m = re.match(r"([\d.]+)(us|ms|s|m)$", text)
    if not m:
        return float("nan")
    return float(m.group(1)) * _UNIT[m.group(2)]


def run_wrk(url: str, duration: int, connections: int, threads: int, script: Path | None = None) -> dict[str, Any]:
    cmd = [wrk_available(), f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s"]
    if script:
        cmd += ["-s", str(script)]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    found = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if found is None:
        raise RuntimeError(f"unexpected wrk output:\n{out}")
    rps = float(found.group(1))
    lat = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", out, re.M))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    total = re.search(r"(\d+) requests in", out)
    return {
        "rps": rps,
        "p50_ms": _ms(lat.get("50", "")),
        "p99_ms": _ms(lat.get("99", "")),
        "requests": int(total.group(1)) if total else 0,
        "non_2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": errors.group(1) if errors else "",
    }


APP_NAME = "bench-gunicorn"  # PGAPPNAME of the server's connections, to end its leftover queries


def _end_server_queries() -> None:
    """Terminate queries the stopped server left running (a 30 s search outlives its worker)."""
    import psycopg2
    from django.conf import settings

    db = settings.DATABASES["default"]
    conn = psycopg2.connect(dbname=db["NAME"], user=db["USER"], host=db["HOST"], port=db["PORT"] or 5432)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s", [APP_NAME])
    conn.close()


def _settle(wait_s: float = 5.0) -> None:
    """Wait for the server's queries to finish (at most wait_s), then cancel the rest."""
    import psycopg2
    from django.conf import settings

    db = settings.DATABASES["default"]
    conn = psycopg2.connect(dbname=db["NAME"], user=db["USER"], host=db["HOST"], port=db["PORT"] or 5432)
    conn.autocommit = True
    deadline = time.monotonic() + wait_s
    with conn.cursor() as cur:
        while True:
            cur.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s AND state = 'active'", [APP_NAME]
            )
            if cur.fetchone()[0] == 0:
                break
            if time.monotonic() > deadline:
                cur.execute(
                    "SELECT pg_cancel_backend(pid) FROM pg_stat_activity "
                    "WHERE application_name = %s AND state = 'active'",
                    [APP_NAME],
                )
                time.sleep(0.5)
                break
            time.sleep(0.1)
    conn.close()


@contextlib.contextmanager
def gunicorn(port: int, workers: int, worker_class: str, threads: int, env_extra: dict[str, str]) -> Any:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "PGAPPNAME": APP_NAME, **env_extra}
    cmd = [
        str(ROOT / ".venv/bin/gunicorn"),
        "integrity.wsgi:application",
        "--chdir",
        str(ROOT),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        worker_class,
        "--log-level",
        "warning",
        "--timeout",
        "120",
    ]
    if worker_class == "gthread":
        cmd += ["--threads", str(threads)]
    logfile = (VAR / f"gunicorn-{port}.log").open("a")
    proc = subprocess.Popen(cmd, env=env, stdout=logfile, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/bench/ceiling/", timeout=2).read()
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if proc.poll() is not None:
                    raise RuntimeError(f"gunicorn exited; see {logfile.name}") from None
                time.sleep(0.2)
        yield base
    finally:
        os.killpg(proc.pid, signal.SIGQUIT)  # quick shutdown: do not finish queued slow requests
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        logfile.close()
        _end_server_queries()


def check_paths(base: str, paths: list[str]) -> None:
    for path in paths:
        try:
            with urllib.request.urlopen(base + path, timeout=120) as resp:
                if resp.status != 200:
                    raise RuntimeError(f"{path}: HTTP {resp.status}")
        except urllib.error.HTTPError as exc:
            raise RuntimeError(f"{path}: HTTP {exc.code}") from exc


def loadavg() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def stage_http(args: argparse.Namespace) -> dict[str, Any]:
    """Each target gets a fresh gunicorn (so a slow target's queued requests cannot spill
    into the next one), a 2 s warm-up (connections, caches) and a measured wrk run. The
    ceiling is measured at the start and at the end of each phase; ratios use their mean."""
    from disclosure.models import AdministrativeAction

    wrk_available()
    public = AdministrativeAction.objects.public()
    ids = list(public.order_by("?").values_list("id", flat=True)[:20000])
    newest = list(public.order_by("-published_at", "-id").values_list("id", flat=True)[:100])
    terms = search_terms()
    mix2 = [t["term"] for t in terms if t["chars"] == "2"]
    mix4 = [t["term"] for t in terms if t["chars"] == "4"]
    targets: list[tuple[str, str, Path | None]] = [
        ("ceiling", "/bench/ceiling/", None),
        ("list", "/disclosures/", None),
        ("detail", "/disclosures/<20,000 random ids>/", lua_rotate([f"/disclosures/{i}/" for i in ids], "detail")),
        ("detail_hot", "/disclosures/<100 newest ids>/", lua_rotate([f"/disclosures/{i}/" for i in newest], "hot")),
        ("api_list", "/api/v1/disclosures/", None),
        ("search_2char_mix", "/disclosures/?q=" + "|".join(mix2), lua_rotate([search_path(t) for t in mix2], "mix2")),
        ("search_4char_mix", "/disclosures/?q=" + "|".join(mix4), lua_rotate([search_path(t) for t in mix4], "mix4")),
    ]
    phases: dict[str, Any] = {}
    if args.targets:
        wanted = set(args.targets.split(","))
        targets = [t for t in targets if t[0] == "ceiling" or t[0] in wanted]
    all_phases = (("cached", os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", "30")), ("uncached", "0"))
    for phase, cache_seconds in [p for p in all_phases if p[0] in args.phases.split(",")]:
        log(
            f"http [{phase}]: gunicorn {args.workers} {args.worker_class} workers, "
            f"PUBLIC_PAGE_CACHE_SECONDS={cache_seconds}, wrk -t{args.threads} -c{args.connections}"
        )
        env = {"PUBLIC_PAGE_CACHE_SECONDS": cache_seconds}
        with gunicorn(args.port, args.workers, args.worker_class, args.gthreads, env) as base:
            check_paths(base, ["/bench/ceiling/", "/disclosures/", f"/disclosures/{ids[0]}/", "/api/v1/disclosures/"])
        jobs = [*targets, ("ceiling_end", "/bench/ceiling/", None)]
        if phase == "uncached" and not args.skip_terms:
            jobs[-1:-1] = [
                (f"search_{t['chars']}char_{t['class']}:{t['term']}", search_path(t["term"]), None) for t in terms
            ]
        results: dict[str, Any] = {}
        for name, path, script in jobs:
            per_term = ":" in name
            duration = args.term_duration if per_term else args.duration
            load = loadavg()
            with gunicorn(args.port, args.workers, args.worker_class, args.gthreads, env) as base:
                url = base + (path if script is None else "/")
                # Warm-up (DB connections, templates, page cache) with one connection per worker,
                # so that a slow target leaves no queue behind; then end what is still running.
                run_wrk(url, 2, args.workers, 1, script)
                _settle()
                res = run_wrk(url, duration, args.connections, args.threads, script)
            res.update(path=path, seconds=duration, loadavg_before=load)
            results[name] = res
            log(
                f"  {name:34} {res['rps']:8.0f} req/s  p50 {res['p50_ms']:8.1f} ms  p99 {res['p99_ms']:8.1f} ms"
                + f"  (load {load:.1f})"
                + (f"  NON-2XX {res['non_2xx']}" if res["non_2xx"] else "")
                + (f"  socket errors {res['socket_errors']}" if res["socket_errors"] else "")
            )
        ceiling = (results["ceiling"]["rps"] + results["ceiling_end"]["rps"]) / 2
        for res in results.values():
            res["ratio"] = res["rps"] / ceiling
        results["_ceiling_mean"] = ceiling
        phases[phase] = results
    return phases


# --- stage 3: import -----------------------------------------------------------------------

IMPORT_AGENCY = "济南市槐荫区市场监督管理局"


def stage_import(n: int) -> dict[str, Any]:
    import random

    from django.db import connection, transaction
    from django.utils import timezone

    from bench import generate as g
    from core.models import Agency, User
    from disclosure.services.imports import columns_for, import_file

    agency = Agency.objects.get(name=IMPORT_AGENCY)
    actor = User.objects.filter(username="luru").first()
    prefix = "I"
    pattern = f"%〕{prefix}_______号"
    with cursor() as cur:
        cur.execute(f"DELETE FROM {TABLE} WHERE agency_id = %s AND document_number LIKE %s", [agency.pk, pattern])
        if cur.rowcount:
            log(f"import: removed {cur.rowcount:,} rows left by an earlier import run")
    today, now = timezone.localdate(), timezone.now()
    log(f"import: generating {n:,} penalty rows (CSV in the template, and the same rows as COPY text)")
    rows = []
    for i in range(n):
        rng = random.Random(10_000_019 * (i + 1))
        fields = g.penalty_fields(rng, i, today, doc_prefix=prefix)
        fields["agency_name"] = IMPORT_AGENCY
        fields["document_number"] = f"济槐市监罚〔{fields['decision_date'].year}〕{prefix}{i:07d}号"
        rows.append(fields)
    csv_path = VAR / f"import-{n}.csv"
    headers = list(columns_for("penalty"))
    with csv_path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=headers, restval="")
        writer.writeheader()
        for fields in rows:
            writer.writerow(g.penalty_csv_row(fields))
    copy_text = "".join(
        g.copy_line(f, agency_ids={IMPORT_AGENCY: agency.pk}, now=now, status="submitted") for f in rows
    )
    columns = ", ".join(g.COPY_COLUMNS)
    result: dict[str, Any] = {"rows": n, "csv_mb": csv_path.stat().st_size / 1e6}
    del rows

    log("import: COPY into a copy of the table (LIKE ... INCLUDING ALL: same columns, same 19 indexes, empty)")
    with cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS bench_copy_target")
        cur.execute(f"CREATE TABLE bench_copy_target (LIKE {TABLE} INCLUDING ALL)")
        start = time.perf_counter()
        cur.copy_expert(f"COPY bench_copy_target ({columns}) FROM STDIN", io.StringIO(copy_text))
        result["copy_like_seconds"] = time.perf_counter() - start
        cur.execute("DROP TABLE bench_copy_target")
    log(f"  COPY (empty LIKE copy): {result['copy_like_seconds']:.1f} s, {n / result['copy_like_seconds']:,.0f} rows/s")

    log("import: COPY into the real 1M-row table (same transaction rolled back)")
    with transaction.atomic():
        with cursor() as cur:
            start = time.perf_counter()
            cur.copy_expert(f"COPY {TABLE} ({columns}) FROM STDIN", io.StringIO(copy_text))
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the FK checks a commit would run
            result["copy_real_seconds"] = time.perf_counter() - start
        transaction.set_rollback(True)
    log(f"  COPY (real table): {result['copy_real_seconds']:.1f} s, {n / result['copy_real_seconds']:,.0f} rows/s")
    del copy_text

    queries = [0]

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries[0] += 1
        return execute(sql, params, many, context)

    log(f"import: import_file({csv_path.name}, kind=penalty) — the real import path")
    connection.close()
    with connection.execute_wrapper(count):
        start = time.perf_counter()
        res = import_file(
            csv_path, kind="penalty", agency=agency, actor=actor, submit=True, original_name=csv_path.name
        )
        result["import_seconds"] = time.perf_counter() - start
    result["import_queries"] = queries[0]
    if not res.ok:
        raise RuntimeError(f"import rejected the file: {res.errors[:5]}")
    result["imported"] = res.imported
    log(
        f"  import_file: {result['import_seconds']:.1f} s, {n / result['import_seconds']:,.0f} rows/s, "
        f"{queries[0]:,} queries"
    )
    for key in ("copy_like", "copy_real"):
        result[f"ratio_vs_{key}"] = (n / result["import_seconds"]) / (n / result[f"{key}_seconds"])
    log("import: removing the imported rows")
    with cursor() as cur:
        cur.execute(f"DELETE FROM {TABLE} WHERE agency_id = %s AND document_number LIKE %s", [agency.pk, pattern])
    log("import: VACUUM ANALYZE")
    with cursor() as cur:
        cur.execute(f"VACUUM ANALYZE {TABLE}")
    return result


# --- report --------------------------------------------------------------------------------


def report(results: dict[str, Any]) -> str:
    lines = []
    http = results.get("http")
    if http:
        lines.append("| target | cache | req/s | p50 ms | p99 ms | ratio to ceiling | target | met |")
        lines.append("|---|---|---:|---:|---:|---:|---|---|")
        goals = {"list": 0.5, "detail": 0.5, "detail_hot": 0.5, "api_list": 0.4}
        for phase, rows in http.items():
            for name, r in rows.items():
                if name.startswith("_"):
                    continue
                goal = goals.get(name, 0.25 if name.startswith("search") else None)
                met = "" if goal is None else ("yes" if r["ratio"] >= goal else "NO")
                if name.startswith("search") and r["p99_ms"] >= 100:
                    met += ", HTTP p99 ≥ 100 ms"
                if r["non_2xx"]:
                    met += f", {r['non_2xx']} non-2xx"
                lines.append(
                    f"| {name} | {phase} | {r['rps']:,.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | "
                    f"{r['ratio']:.0%} | {'' if goal is None else f'≥ {goal:.0%}'} | {met} |"
                )
        lines.append("")
        lines.append(
            "Ratios use the mean of the ceiling measured first and last in each phase: "
            + ", ".join(f"{p} {rows['_ceiling_mean']:,.0f} req/s" for p, rows in http.items())
            + "."
        )
    sql = results.get("sql")
    if sql:
        lines += [
            "",
            "| search term | chars | class | matching rows | ORM p50 ms | ORM p99 ms | runs | page 2 p99 ms | < 100 ms | plan (first scan node) |",
            "|---|---|---|---:|---:|---:|---:|---:|---|---|",
        ]
        for r in sql:
            worst = max(r["p99_ms"], r["page2_p99_ms"] or 0)
            page2 = "" if r["page2_p99_ms"] is None else f"{r['page2_p99_ms']:.1f}"
            p99 = f"≥ {r['p99_ms']:,.0f} (timeout)" if r["timed_out"] else f"{r['p99_ms']:,.1f}"
            plan = r["plan"].split("  (cost")[0].replace(f" on {TABLE}", "")
            found = "?" if r["matches"] is None else f"{r['matches']:,}"
            lines.append(
                f"| {r['term']} | {r['chars']} | {r['class']} | {found} | {r['p50_ms']:,.1f} | "
                f"{p99} | {r['runs']} | {page2} | {'yes' if worst < 100 else 'NO'} | {plan} |"
            )
    imp = results.get("import")
    if imp:
        n = imp["rows"]
        lines += [
            "",
            f"| import of a {n:,}-row penalty CSV | seconds | rows/s | import ÷ COPY | target ≥ 25% |",
            "|---|---:|---:|---:|---|",
            f"| import_file (the real path; {imp['import_queries']:,} queries) | {imp['import_seconds']:.1f} | "
            f"{n / imp['import_seconds']:,.0f} | | |",
            f"| COPY into an empty LIKE copy (same indexes) | {imp['copy_like_seconds']:.1f} | "
            f"{n / imp['copy_like_seconds']:,.0f} | {imp['ratio_vs_copy_like']:.0%} | "
            f"{'yes' if imp['ratio_vs_copy_like'] >= 0.25 else 'NO'} |",
            f"| COPY into the real table (rolled back) | {imp['copy_real_seconds']:.1f} | "
            f"{n / imp['copy_real_seconds']:,.0f} | {imp['ratio_vs_copy_real']:.0%} | "
            f"{'yes' if imp['ratio_vs_copy_real'] >= 0.25 else 'NO'} |",
        ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000, help="generated published actions (default 1,000,000)")
    parser.add_argument("--refill", action="store_true", help="regenerate even if the table holds --rows rows")
    parser.add_argument(
        "--stages",
        default="fill,sql,http,import",
        help="comma-separated: fill, sql, http, import",
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk target")
    parser.add_argument("--term-duration", type=int, default=5, help="seconds per single search term (uncached)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument("--gthreads", type=int, default=4, help="threads per worker with gthread")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per search term in the sql stage")
    parser.add_argument("--phases", default="cached,uncached", help="http phases: cached, uncached or both")
    parser.add_argument(
        "--targets",
        default="",
        help="http targets to run (comma-separated names, e.g. list,search_2char_mix; default all)",
    )
    parser.add_argument("--skip-terms", action="store_true", help="no per-term search runs (mixes only)")
    parser.add_argument("--sql-timeout", type=int, default=20, help="statement timeout (s) in the sql stage")
    parser.add_argument("--import-rows", type=int, default=100_000)
    args = parser.parse_args()
    stages = set(args.stages.split(","))
    unknown = stages - {"fill", "sql", "http", "import"}
    if unknown:
        parser.error(f"unknown stage(s): {', '.join(sorted(unknown))} (fill, sql, http, import)")
    if "http" in stages:
        wrk_available()

    started = dt.datetime.now(dt.UTC)
    setup_django()
    from django.conf import settings

    db = settings.DATABASES["default"]
    log(f"database {db['NAME']} at {db['HOST']}:{db['PORT'] or 5432}; {os.cpu_count()} CPUs")
    results: dict[str, Any] = {"started": started.isoformat(), "argv": sys.argv, "args": vars(args)}
    if "fill" in stages:
        results["fill"] = stage_fill(args.rows, args.refill)
    results["table_rows"] = scalar(f"SELECT count(*) FROM {TABLE}")
    results["table_mb"] = scalar(f"SELECT pg_total_relation_size('{TABLE}') / 1e6")
    results["gin_mb"] = scalar(
        "SELECT coalesce(sum(pg_relation_size(i.indexrelid)), 0) / 1e6 FROM pg_index i "
        "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam "
        "WHERE i.indrelid = %s::regclass AND a.amname = 'gin'",
        [TABLE],
    )
    if "sql" in stages:
        results["sql"] = stage_sql(args.repeat, args.sql_timeout)
    if "http" in stages:
        from django.db import connection

        connection.close()
        results["http"] = stage_http(args)
    if "import" in stages:
        results["import"] = stage_import(args.import_rows)
    results["seconds"] = (dt.datetime.now(dt.UTC) - started).total_seconds()
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"{started:%Y%m%dT%H%M%SZ}.json"
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str))
    print()
    print(
        f"# Benchmark {started:%Y-%m-%d %H:%M} UTC — {results['table_rows']:,} rows "
        f"({results['table_mb']:,.0f} MB with indexes, GIN {results['gin_mb']:,.0f} MB), "
        f"{args.workers} {args.worker_class} workers, wrk -t{args.threads} -c{args.connections} -d{args.duration}s"
    )
    print(report(results))
    print(f"\n(total {results['seconds'] / 60:.1f} min; raw figures in {out.relative_to(ROOT)})")


if __name__ == "__main__":
    main()
