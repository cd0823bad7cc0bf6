"""Benchmark of issue 11 item 8: the nightly evaluation of a whole city (2,000 agencies,
1,000,000 credit records and 100,000 integrity facts) on PostgreSQL, seconds and queries, and
the PDF credit report's time per report. See bench/README.md.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/integrity_evaluation .venv/bin/python bench/evaluation.py

The rows are made once, inside PostgreSQL (INSERT … SELECT generate_series: no Python loop,
no network), and kept: a second run finds them and only measures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integrity.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from core.models import Agency  # noqa: E402
from records.models import CreditRecord, IssuedReport  # noqa: E402
from records.pdf import report_pdf  # noqa: E402
from records.reports import agency_report_content  # noqa: E402
from records.services.evaluation import evaluation_run  # noqa: E402
from records.services.reports import report_issue  # noqa: E402

PREFIX = "压测机构"


def fill(agencies: int, records: int, facts: int) -> None:
    existing = Agency.objects.filter(name__startswith=PREFIX).count()
    if existing >= agencies and CreditRecord.objects.count() >= records:
        print(f"data present: {existing} bench agencies, {CreditRecord.objects.count()} records")
        return
    t = time.perf_counter()
    with connection.cursor() as c:
        # USCCs: 18 characters, unique; the check character is not validated at the SQL level.
        c.execute(
            """INSERT INTO core_agency (name, kind, uscc, is_active)
               SELECT %s || i, CASE WHEN i %% 10 = 0 THEN 'subdistrict' ELSE 'department' END,
                      '11BENCH' || lpad(i::text, 11, '0'), true
               FROM generate_series(1, %s) i""",
            [PREFIX, agencies],
        )
        c.execute("SELECT min(id), max(id) FROM core_agency WHERE name LIKE %s", [PREFIX + "%"])
        lo, hi = c.fetchone()
        n = hi - lo + 1
        c.execute(
            """INSERT INTO records_creditrecord (agency_id, subject_agency_id, category, polarity, tier, key_areas,
                   decision_date, document_number, summary, use_scope, status, version, sanction_kind,
                   published_at, return_reason, revoke_reason, created_at)
               SELECT a, a, 'audit',
                      CASE WHEN i %% 5 = 0 THEN 'trustworthy' WHEN i %% 7 = 0 THEN 'neutral' ELSE 'dishonest' END,
                      CASE WHEN i %% 5 = 0 OR i %% 7 = 0 THEN ''
                           ELSE (ARRAY['minor','general','serious'])[1 + i %% 3] END,
                      '[]'::jsonb, current_date - (i %% 700), '', '压测记录', 'internal',
                      CASE WHEN i %% 11 = 0 THEN 'revoked' ELSE 'published' END, 1, '', now(), '', '', now()
               FROM (SELECT i, %s + (i %% %s) AS a FROM generate_series(1, %s) i) s""",
            [lo, n, records],
        )
        c.execute(
            """INSERT INTO records_integrityfact (agency_id, kind, object_type, object_id, occurred_on, details, recorded_at)
               SELECT %s + (i %% %s), CASE WHEN i %% 3 = 0 THEN 'late_objection_answer' ELSE 'late_publication' END,
                      'bench.thing', i::text, current_date - (i %% 700), '{}'::jsonb, now()
               FROM generate_series(1, %s) i""",
            [lo, n, facts],
        )
        c.execute("ANALYZE core_agency; ANALYZE records_creditrecord; ANALYZE records_integrityfact")
    print(f"filled in {time.perf_counter() - t:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--agencies", type=int, default=2000)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--facts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reports", type=int, default=20)
    args = parser.parse_args()
    assert connection.vendor == "postgresql", "set DATABASE_URL to a PostgreSQL database"
    call_command("migrate", verbosity=0)
    fill(args.agencies, args.records, args.facts)
    today = timezone.localdate()
    seconds, queries = [], []
    for i in range(args.runs):
        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter()
            written = evaluation_run(as_of=today - dt.timedelta(days=i), trigger="bench")
            seconds.append(time.perf_counter() - t)
        queries.append(len(ctx.captured_queries))
        print(f"run {i + 1}: {seconds[-1]:.2f} s, {queries[-1]} queries, {written} snapshots")
    # Not the first: its records are all trustworthy (i % 5 == 0 for every i of it).
    agency = Agency.objects.filter(name=f"{PREFIX}2").first()
    assert agency is not None
    # The report lists up to 200 public dishonesty records: make that many of this agency's public.
    dishonest = CreditRecord.objects.filter(subject_agency=agency, polarity="dishonest", status="published")
    CreditRecord.objects.filter(pk__in=list(dishonest.values_list("pk", flat=True)[:200])).update(use_scope="public")
    content_s, pdf_s, sizes = [], [], []
    for _ in range(args.reports):
        t = time.perf_counter()
        content = agency_report_content(agency)
        report = report_issue(content=content)
        content_s.append(time.perf_counter() - t)
        t = time.perf_counter()
        sizes.append(len(report_pdf(report)))
        pdf_s.append(time.perf_counter() - t)
    IssuedReport.objects.filter(pk__in=IssuedReport.objects.order_by("-id")[: args.reports].values("id")).delete()
    result = {
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "agencies": Agency.objects.active().count(),
        "credit_records": CreditRecord.objects.count(),
        "records_of_first_agency": CreditRecord.objects.filter(subject_agency=agency).count(),
        "evaluation_seconds": [round(s, 3) for s in seconds],
        "evaluation_queries": queries,
        "report_content_ms_median": round(statistics.median(content_s) * 1000, 1),
        "report_pdf_ms_median": round(statistics.median(pdf_s) * 1000, 1),
        "report_pdf_ms_p90": round(sorted(pdf_s)[int(0.9 * len(pdf_s)) - 1] * 1000, 1),
        "report_pdf_bytes": statistics.median(sizes),
        "report_rows": sum(len(s["rows"]) for s in content["sections"]),
        "load_average": os.getloadavg(),
    }
    out = BENCH / "results" / f"evaluation-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(json.dumps(result, indent=2, ensure_ascii=False))
    print(f"written: {out}")


if __name__ == "__main__":
    main()
