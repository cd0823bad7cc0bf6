"""Benchmark of the integrity-file pages at city scale (issue 9, item 12). See bench/README.md.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/integrity_files .venv/bin/python bench/files.py
    ... bench/files.py --stages fill      # only the data (once: 2,000 agencies, 100,000 civil servants,
                                          # 1,000,000 records, through COPY)
    ... bench/files.py --stages activity  # the records' notices, evidence and sanctions (once,
                                          # inside PostgreSQL; after fill)
    ... bench/files.py --stages http      # only the pages (gunicorn + wrk, uncached)

The pages are the staff file pages of the admin (`admin:records_file_servant`, `…_file_agency`),
read by a credit-office account, so every file is visible and nothing is cached. Each target
gets a fresh gunicorn; the bare ceiling view is measured before and after, ratios use the mean.
The staff floor (`/bench/staff-floor/`, bench/urls.py) is an empty back-office page drawn as the
file pages are: what any staff page costs before it reads a thing of its own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
# The file pages are staff pages: the bench signs in with a session, without the second factor.
os.environ.setdefault("OTP_REQUIRED", "false")

import bench.settings  # noqa: E402,F401  (sets the environment defaults)
from bench.run import (  # noqa: E402
    RESULTS,
    VAR,
    _ChunkReader,
    _settle,
    cursor,
    ensure_database,
    gunicorn,
    loadavg,
    log,
    run_wrk,
    scalar,
)

AGENCIES = 2_000
SERVANTS = 100_000
RECORDS = 1_000_000
# 90% of the records are in civil servants' files (9 each), 10% in agencies' (50 each).
PER_SERVANT = 9
PER_AGENCY = (RECORDS - SERVANTS * PER_SERVANT) // AGENCIES
MARK = "（基准）"  # every generated agency's name ends with it
DISTRICTS = [
    "历下区",
    "市中区",
    "槐荫区",
    "天桥区",
    "历城区",
    "长清区",
    "章丘区",
    "济阳区",
    "莱芜区",
    "钢城区",
    "平阴县",
    "商河县",
]
DEPARTMENTS = [
    "发展和改革局",
    "教育和体育局",
    "科学技术局",
    "工业和信息化局",
    "民政局",
    "司法局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源局",
    "生态环境分局",
    "住房和城乡建设局",
    "城市管理局",
    "交通运输局",
    "水务局",
    "农业农村局",
    "商务局",
    "文化和旅游局",
    "卫生健康局",
    "退役军人事务局",
    "应急管理局",
    "审计局",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
    "信访局",
    "行政审批服务局",
    "投资促进局",
    "大数据局",
    "机关事务服务中心",
    "档案馆",
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
GIVEN = "建国志强秀英桂芳海燕文博雨涵子轩浩然欣怡明辉晓东丽娟春梅国庆永刚红霞玉兰俊杰思远嘉怡宇航"
POSITIONS = ["科员", "一级科员", "四级主任科员", "三级主任科员", "二级主任科员", "一级主任科员", "副科长", "科长"]
SERVANT_CATEGORIES = [
    ("annual_assessment", "trustworthy", "{year}年度考核结果为优秀。"),
    ("annual_assessment", "neutral", "{year}年度考核结果为称职。"),
    ("training", "trustworthy", "参加{year}年度政务诚信专题教育培训，考核合格。"),
    ("personal_file", "neutral", "已按要求完成{year}年度个人档案填写登记。"),
    ("personal_matters", "neutral", "{year}年度个人有关事项报告查核一致。"),
    ("clean_governance", "trustworthy", "{year}年度廉政档案无违纪记录。"),
    ("accountability", "dishonest", "因履职不力被{year}年度问责通报。"),
    ("disciplinary_sanction", "dishonest", "因违反工作纪律受到政务处分。"),
]
AGENCY_CATEGORIES = [
    ("law_based_administration", "trustworthy", "{year}年度法治政府建设考核优秀。"),
    ("information_disclosure", "trustworthy", "{year}年度政务公开工作考核优秀。"),
    ("credit_system_work", "neutral", "{year}年度社会信用体系建设工作按期完成。"),
    ("goal_completion", "trustworthy", "{year}年度重点工作目标全部完成。"),
    ("contract_fulfilment", "dishonest", "未按合同约定期限支付{year}年度项目款项。"),
    ("audit", "dishonest", "{year}年度审计发现专项资金未按规定使用。"),
    ("reconsideration_litigation", "neutral", "{year}年度行政复议案件按期办结。"),
]
RECORD_COLUMNS = (
    "agency_id",
    "status",
    "created_at",
    "submitted_at",
    "published_at",
    "return_reason",
    "revoke_reason",
    "subject_agency_id",
    "civil_servant_id",
    "category",
    "polarity",
    "tier",
    "key_areas",
    "providing_agency_id",
    "decision_date",
    "document_number",
    "summary",
    "use_scope",
    "sanction_kind",
    "sanction_effective_on",
    "public_until",
    "min_public_until",
    "influence_until",
    "version",
)


def _copy(table: str, columns: tuple[str, ...], rows: Any) -> None:
    def lines() -> Any:
        batch: list[str] = []
        for row in rows:
            batch.append("\t".join(r"\N" if v is None else str(v) for v in row) + "\n")
            if len(batch) >= 5000:
                yield "".join(batch)
                batch = []
        if batch:
            yield "".join(batch)

    with cursor() as cur:
        cur.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", _ChunkReader(lines()), size=1 << 20)


def stage_fill() -> dict[str, Any]:
    """Generated rows through COPY, once: skipped when the agencies are there."""
    from django.db import transaction
    from django.utils import timezone

    from core import crypto
    from core.demo import demo_id_number, demo_uscc
    from core.models import Agency, CivilServant
    from records.models import CreditRecord
    from records.services import periods

    have = Agency.objects.filter(name__endswith=MARK).count()
    if have == AGENCIES and CreditRecord.objects.count() >= RECORDS:
        log(f"fill: {have:,} agencies and {CreditRecord.objects.count():,} records already there: skipped")
        return {"skipped": True}
    if have:
        sys.exit("fill: an earlier fill was interrupted; drop the database and run again")
    rng = random.Random(9)
    started = time.perf_counter()
    now = timezone.now()
    today = timezone.localdate()
    with transaction.atomic():
        agencies = (
            (
                f"{DISTRICTS[n % 12]}{DEPARTMENTS[n // 12 % 30]}第{n // 360 + 1}分部{MARK}",
                "department",
                demo_uscc(500000 + n),
                "t",
            )
            for n in range(AGENCIES)
        )
        _copy("core_agency", ("name", "kind", "uscc", "is_active"), agencies)
        agency_ids = list(Agency.objects.filter(name__endswith=MARK).order_by("id").values_list("id", flat=True))
        log(f"fill: {len(agency_ids):,} agencies ({time.perf_counter() - started:.0f} s)")

        def servants() -> Any:
            for n in range(SERVANTS):
                birth = dt.date(1965, 1, 1) + dt.timedelta(days=n % 12000)
                number = demo_id_number(birth, 900 + n // 12000)
                name = SURNAMES[n % len(SURNAMES)] + GIVEN[(n * 7) % len(GIVEN)] + GIVEN[(n * 13 + 1) % len(GIVEN)]
                agency = agency_ids[n % AGENCIES]
                yield name, agency, POSITIONS[n % len(POSITIONS)], crypto.encrypt(number), crypto.lookup_hash(number)

        _copy(
            "core_civilservant",
            ("name", "agency_id", "position", "id_number_encrypted", "id_number_hash"),
            servants(),
        )
        servant_rows = list(
            CivilServant.objects.filter(agency_id__in=agency_ids).order_by("id").values_list("id", "agency_id")
        )
        log(f"fill: {len(servant_rows):,} civil servants ({time.perf_counter() - started:.0f} s)")

        def record(agency_id: int, subject_agency: int | None, servant: int | None, k: int) -> tuple[Any, ...]:
            choices = SERVANT_CATEGORIES if servant else AGENCY_CATEGORIES
            category, polarity, text = choices[rng.randrange(len(choices))]
            year = 2018 + k % 8
            decided = dt.date(year, 1 + k % 12, 1 + k % 28)
            if decided > today:
                decided = decided.replace(year=year - 8)
            tier = sanction = ""
            effective = public_until = min_public = influence = None
            scope = "internal" if servant else "public"
            if polarity == "dishonest":
                tier = "general" if k % 3 else "serious"
                min_public = periods.min_public_until(decided, tier)
                if scope == "public":
                    public_until = periods.public_until(decided, tier, None)
                if category == "disciplinary_sanction":
                    sanction, effective = "demerit", decided
                    influence = periods.influence_until(sanction, decided)
            status = "published" if k % 10 else ("draft", "submitted", "returned", "revoked")[k // 10 % 4]
            published = now if status in ("published", "revoked") else None
            return (
                agency_id,
                status,
                now,
                now if status != "draft" else None,
                published,
                "请补充文号。" if status == "returned" else "",
                "认定有误，予以撤销。" if status == "revoked" else "",
                subject_agency,
                servant,
                category,
                polarity,
                tier,
                '["other"]',
                agency_id,
                decided,
                f"基准〔{year}〕{k:07d}号",
                text.format(year=year),
                scope,
                sanction,
                effective,
                public_until,
                min_public,
                influence,
                1,
            )

        def records() -> Any:
            k = 0
            for servant, agency in servant_rows:
                for _ in range(PER_SERVANT):
                    k += 1
                    yield record(agency, None, servant, k)
            for agency in agency_ids:
                for _ in range(PER_AGENCY):
                    k += 1
                    yield record(agency, agency, None, k)
            log(f"fill: {k:,} records generated ({time.perf_counter() - started:.0f} s)")

        _copy("records_creditrecord", RECORD_COLUMNS, records())
    with cursor() as cur:
        for table in ("core_agency", "core_civilservant", "records_creditrecord"):
            cur.execute(f"VACUUM ANALYZE {table}")
    seconds = time.perf_counter() - started
    log(f"fill: done in {seconds:.0f} s")
    return {"seconds": seconds, "agencies": AGENCIES, "civil_servants": SERVANTS, "records": RECORDS}


# What the workflow leaves beside a generated record (their document numbers start with 基准) (issue 9 item 12, rerun of 2026-12-04): without them
# the pages' notice, evidence and sanction queries ran against almost empty tables, and a
# missing index (notices are found by the prefix of their key) went unseen.
ACTIVITY_SQL = (
    # The workflow's notices: "submitted" to a reviewer, then "published" (or "returned") to the clerk.
    """INSERT INTO core_notification (kind, subject, body, url, key, created_at, recipient_id,
                                      mail_attempts, mail_pending, mailed_at)
       SELECT 'workflow', '信用记录已提交审核', '', '/admin/records/creditrecord/' || r.id || '/change/',
              'records.creditrecord-' || r.id || '-submit-' || r.id, r.submitted_at, %(reviewer)s, 0, false,
              r.submitted_at
         FROM records_creditrecord r WHERE r.submitted_at IS NOT NULL AND r.document_number LIKE '基准%%'""",
    """INSERT INTO core_notification (kind, subject, body, url, key, created_at, recipient_id,
                                      mail_attempts, mail_pending, mailed_at)
       SELECT 'workflow', CASE WHEN r.status = 'returned' THEN '信用记录已退回' ELSE '信用记录已公布' END, '',
              '/admin/records/creditrecord/' || r.id || '/change/',
              'records.creditrecord-' || r.id || '-' || r.status || '-' || r.id, COALESCE(r.published_at, r.created_at), %(clerk)s, 0,
              false, NULL
         FROM records_creditrecord r
        WHERE r.status IN ('published', 'returned', 'revoked') AND r.document_number LIKE '基准%%'""",
    # An evidence file on every fifth record (rows only: the pages list names, never read files).
    """INSERT INTO records_evidence (stored_name, original_name, content_type, size, sha256, uploaded_at,
                                     record_id, uploaded_by_id)
       SELECT 'bench/' || r.id || '.pdf', '决定书' || r.id || '.pdf', 'application/pdf', 48213,
              md5(r.id::text) || md5(r.id::text), r.created_at, r.id, %(clerk)s
         FROM records_creditrecord r WHERE r.id %% 5 = 0 AND r.document_number LIKE '基准%%'""",
    # Sanctions on every third published dishonesty record of an agency: explanations and
    # rectifications with due dates, and a judgment-debtor listing for one agency in twenty.
    """INSERT INTO records_sanction (kind, document_number, active_from, active_until, due_on, measures,
                                     notice_text, completion_note, lift_reason, version, created_at,
                                     updated_at, agency_id, created_by_id, record_id)
       SELECT CASE WHEN r.subject_agency_id %% 20 = 0 AND r.tier = 'serious' THEN 'judgment_debtor'
                   WHEN r.id %% 2 = 0 THEN 'explanation' ELSE 'rectification' END,
              '', r.decision_date, NULL,
              CASE WHEN r.subject_agency_id %% 20 = 0 AND r.tier = 'serious' THEN NULL
                   ELSE r.decision_date + 30 END,
              CASE WHEN r.subject_agency_id %% 20 = 0 AND r.tier = 'serious'
                   THEN '["subsidies", "financing", "project_approval", "appropriations"]'::jsonb
                   ELSE '[]'::jsonb END,
              '', '', '', 1, r.created_at, r.created_at, r.agency_id, %(clerk)s, r.id
         FROM records_creditrecord r
        WHERE r.subject_agency_id IS NOT NULL AND r.polarity = 'dishonest' AND r.status = 'published'
          AND r.id %% 3 = 0 AND r.document_number LIKE '基准%%'""",
)


def stage_activity() -> dict[str, Any]:
    """Notices, evidence and sanctions for the generated records, once (skipped when there)."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    if scalar("SELECT count(*) FROM records_evidence WHERE stored_name LIKE 'bench/%'"):
        log("activity: already there: skipped")
        return {"skipped": True}
    users = get_user_model().objects
    params = {"reviewer": users.get(username="shenhe").pk, "clerk": users.get(username="luru").pk}
    started = time.perf_counter()
    with transaction.atomic(), cursor() as cur:
        for sql in ACTIVITY_SQL:
            cur.execute(sql, params)
    with cursor() as cur:
        for table in ("core_notification", "records_evidence", "records_sanction"):
            cur.execute(f"VACUUM ANALYZE {table}")
    rows = {
        t: scalar(f"SELECT count(*) FROM {t}") for t in ("core_notification", "records_evidence", "records_sanction")
    }
    log(f"activity: {rows} in {time.perf_counter() - started:.0f} s")
    return {"seconds": time.perf_counter() - started, "rows": rows}


def bench_session() -> str:
    """A signed-in credit-office session (the seeded demo's account), for wrk's Cookie header."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username="xinyongban"))
    return client.cookies["sessionid"].value


def lua_paths(paths: list[str], name: str, cookie: str) -> Path:
    script = VAR / f"{name}.lua"
    body = ",\n".join(json.dumps(p) for p in paths)
    script.write_text(
        "local paths = {\n" + body + "\n}\n"
        "local n = #paths\n"
        "local i = 0\n"
        f'wrk.headers["Cookie"] = "sessionid={cookie}"\n'
        "function setup(thread) thread:set('offset', math.random(1, n)) end\n"
        "function init(args) i = tonumber(offset) or 0 end\n"
        "function request()\n"
        "  i = i + 1\n"
        "  return wrk.format('GET', paths[(i % n) + 1])\n"
        "end\n"
    )
    return script


def stage_http(args: argparse.Namespace) -> dict[str, Any]:
    from django.db import connection
    from django.urls import reverse

    from core.models import Agency, CivilServant

    cookie = bench_session()
    agency_ids = list(Agency.objects.filter(name__endswith=MARK).order_by("?").values_list("id", flat=True)[:500])
    servant_ids = list(
        CivilServant.objects.filter(agency_id__in=agency_ids).order_by("?").values_list("id", flat=True)[:2000]
    )
    connection.close()
    servants = [reverse("admin:records_file_servant", args=[i]) for i in servant_ids]
    agencies = [reverse("admin:records_file_agency", args=[i]) for i in agency_ids]
    jobs = [
        ("ceiling", lua_paths(["/bench/ceiling/"], "ceiling", cookie), "/bench/ceiling/"),
        ("staff_floor", lua_paths(["/bench/staff-floor/"], "staff_floor", cookie), "/bench/staff-floor/"),
        ("servant_file", lua_paths(servants, "servant_file", cookie), "<2,000 random civil servants>"),
        ("agency_file", lua_paths(agencies, "agency_file", cookie), "<500 random agencies>"),
        ("ceiling_end", lua_paths(["/bench/ceiling/"], "ceiling", cookie), "/bench/ceiling/"),
    ]
    env = {"PUBLIC_PAGE_CACHE_SECONDS": "0"}
    results: dict[str, Any] = {}
    for name, script, label in jobs:
        load = loadavg()
        with gunicorn(args.port, args.workers, "sync", 1, env) as base:
            run_wrk(base + "/", 2, args.workers, 1, script)
            _settle()
            res = run_wrk(base + "/", args.duration, args.connections, args.threads, script)
        res.update(path=label, seconds=args.duration, loadavg_before=load)
        results[name] = res
        log(
            f"  {name:14} {res['rps']:8.0f} req/s  p50 {res['p50_ms']:8.1f} ms  p99 {res['p99_ms']:8.1f} ms"
            f"  (load {load:.1f})" + (f"  NON-2XX {res['non_2xx']}" if res["non_2xx"] else "")
        )
    ceiling = (results["ceiling"]["rps"] + results["ceiling_end"]["rps"]) / 2
    for res in results.values():
        res["ratio"] = res["rps"] / ceiling
    results["_ceiling_mean"] = ceiling
    return results


def stage_queries() -> dict[str, Any]:
    """In-process: queries and time per page (the Django work alone), 20 pages each."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from core.models import Agency, CivilServant

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username="xinyongban"))
    agency_ids = list(Agency.objects.filter(name__endswith=MARK).order_by("?").values_list("id", flat=True)[:20])
    servant_ids = list(CivilServant.objects.filter(agency_id__in=agency_ids).values_list("id", flat=True)[:20])
    out: dict[str, Any] = {}
    for name, url_name, ids in (
        ("servant_file", "admin:records_file_servant", servant_ids),
        ("agency_file", "admin:records_file_agency", agency_ids),
    ):
        times, queries = [], []
        for pk in ids:
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                response = client.get(reverse(url_name, args=[pk]))
                times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.status_code
            queries.append(len(ctx.captured_queries))
        times.sort()
        out[name] = {"p50_ms": times[len(times) // 2], "max_ms": times[-1], "queries": sorted(set(queries))}
        log(
            f"  {name}: p50 {out[name]['p50_ms']:.1f} ms, max {out[name]['max_ms']:.1f} ms, queries {out[name]['queries']}"
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--stages", default="fill,activity,queries,http", help="comma-separated: fill, activity, queries, http"
    )
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--port", type=int, default=8793)
    args = parser.parse_args()
    stages = set(args.stages.split(","))
    started = dt.datetime.now(dt.UTC)
    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command

    from core.models import Agency

    call_command("migrate", "--noinput", verbosity=0)
    if not Agency.objects.exists():
        log("seed_demo (agencies, accounts)")
        call_command("seed_demo", verbosity=0)
    if not (VAR / "static" / "staticfiles.json").exists():
        call_command("collectstatic", "--noinput", verbosity=0)
    results: dict[str, Any] = {"started": started.isoformat(), "argv": sys.argv, "args": vars(args)}
    if "fill" in stages:
        results["fill"] = stage_fill()
    results["rows"] = {
        t: scalar(f"SELECT count(*) FROM {t}") for t in ("core_agency", "core_civilservant", "records_creditrecord")
    }
    if "activity" in stages:
        results["activity"] = stage_activity()
    if "queries" in stages:
        results["queries"] = stage_queries()
    if "http" in stages:
        results["http"] = stage_http(args)
    results["seconds"] = (dt.datetime.now(dt.UTC) - started).total_seconds()
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"{started:%Y%m%dT%H%M%SZ}-files.json"
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str))
    log(f"results in {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
