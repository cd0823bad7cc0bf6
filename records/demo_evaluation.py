"""Demo of the evaluation, issued reports and an API client (issue 11, items 3-5).

Two years of evaluations: past dishonesty and trustworthy records of a few departments and
sub-district offices, then a run as of every quarter's end since 1 January last year and
one as of today, so the table shows trends. Run last (registered by disclosure's demo module,
after every app's records and facts exist), so it counts the whole demo district.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from core.models import Agency, User
from records.models import ApiClient, Category, EvaluationSnapshot, IssuedReport, Polarity, Tier, UseScope
from records.reports import agency_report_content
from records.services.api_clients import api_client_issue
from records.services.evaluation import evaluation_run
from records.services.records import record_create, record_move
from records.services.reports import report_issue

# (agency name, months before today, polarity, tier, category, summary)
HISTORY = [
    (
        "济南市槐荫区住房和城乡建设局",
        16,
        Polarity.DISHONEST,
        Tier.SERIOUS,
        Category.CONTRACT_FULFILMENT,
        "拖欠PPP项目社会资本方可用性付费超过一年，经催告仍未支付。",
    ),
    (
        "济南市槐荫区住房和城乡建设局",
        13,
        Polarity.DISHONEST,
        Tier.GENERAL,
        Category.LAW_BASED_ADMINISTRATION,
        "征收补偿决定程序违法，被法院判决撤销。",
    ),
    (
        "济南市槐荫区财政局",
        14,
        Polarity.TRUSTWORTHY,
        "",
        Category.DEBT_AND_BUDGET,
        "政府债务风险防控工作获省级通报表扬。",
    ),
    (
        "济南市槐荫区统计局",
        11,
        Polarity.DISHONEST,
        Tier.GENERAL,
        Category.AUDIT,
        "统计执法检查发现重点企业数据审核不严，责令整改。",
    ),
    (
        "济南市槐荫区教育和体育局",
        9,
        Polarity.DISHONEST,
        Tier.MINOR,
        Category.INFORMATION_DISCLOSURE,
        "政府信息公开年度报告未按期发布。",
    ),
    ("济南市槐荫区民政局", 7, Polarity.TRUSTWORTHY, "", Category.CREDIT_SYSTEM_WORK, "社会信用体系建设示范单位。"),
    (
        "济南市槐荫区住房和城乡建设局",
        5,
        Polarity.DISHONEST,
        Tier.GENERAL,
        Category.CONTRACT_FULFILMENT,
        "老旧小区改造工程合同约定付款节点逾期三个月。",
    ),
    (
        "振兴街街道办事处",
        15,
        Polarity.DISHONEST,
        Tier.GENERAL,
        Category.GOAL_COMPLETION,
        "街道公开承诺的便民服务事项未按期完成。",
    ),
    (
        "振兴街街道办事处",
        4,
        Polarity.DISHONEST,
        Tier.MINOR,
        Category.INFORMATION_DISCLOSURE,
        "街道政务公开栏信息更新不及时。",
    ),
    (
        "中大槐树街道办事处",
        10,
        Polarity.TRUSTWORTHY,
        "",
        Category.GOAL_COMPLETION,
        "大气污染防治网格化管理目标全部完成。",
    ),
    (
        "道德街街道办事处",
        8,
        Polarity.DISHONEST,
        Tier.SERIOUS,
        Category.JUDGMENT,
        "被人民法院列为失信被执行人（拖欠工程款）。",
    ),
    (
        "西市场街道办事处",
        3,
        Polarity.DISHONEST,
        Tier.GENERAL,
        Category.RECONSIDERATION_LITIGATION,
        "行政复议决定确认拆除行为违法。",
    ),
]


def _months_ago(today: dt.date, months: int) -> dt.date:
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return dt.date(year, month + 1, min(today.day, 28))


def _quarter_ends(first: dt.date, last: dt.date) -> list[dt.date]:
    ends: list[dt.date] = []
    year, q = first.year, 1
    while True:
        end = dt.date(year, 3 * q, 31 if q in (1, 4) else 30)
        if end >= last:
            return ends
        ends.append(end)
        q, year = (1, year + 1) if q == 4 else (q + 1, year)


def seed_evaluation(stdout: Any) -> None:
    if EvaluationSnapshot.objects.exists():
        stdout.write("evaluation: already seeded")
        return
    today = timezone.localdate()
    office = User.objects.get(username="xinyongban")
    office_2 = User.objects.get(username="xinyongban_fuhe")
    by_name = {a.name: a for a in Agency.objects.filter(name__in={h[0] for h in HISTORY})}
    for name, months, polarity, tier, category, summary in HISTORY:
        agency = by_name.get(name)
        if agency is None:
            continue
        record = record_create(
            actor=office,
            data={
                "subject_agency": agency,
                "category": category,
                "polarity": polarity,
                "tier": tier,
                "decision_date": _months_ago(today, months),
                "summary": summary,
                "use_scope": UseScope.PUBLIC if tier != Tier.MINOR else UseScope.INTERNAL,
            },
        )
        record_move(record, move="submit", actor=office)
        record_move(record, move="publish", actor=office_2)
    ends = _quarter_ends(dt.date(today.year - 1, 1, 1), today)
    for day in ends:
        evaluation_run(as_of=day, actor=office, trigger="demo")
    evaluation_run(as_of=today, actor=office, trigger="demo")
    stdout.write(f"evaluation: {len(ends) + 1} runs, {EvaluationSnapshot.objects.count()} snapshots")


def seed_reports(stdout: Any, *, company_content: Any = None) -> None:
    if ApiClient.objects.exists():
        stdout.write("API clients and issued reports: already seeded")
        return
    office = User.objects.get(username="xinyongban")
    market = Agency.objects.get(name="济南市槐荫区市场监督管理局")
    trading = Agency.objects.filter(name__contains="行政审批服务局").first() or market
    client, token = api_client_issue(
        actor=office,
        name="区公共资源交易中心投标人资格审查系统",
        department=trading,
        purpose="政府采购和招标投标中的信用审查",
        scope_reports=["agency", "company"],
    )
    api_client_issue(
        actor=office,
        name="区财政局专项资金审核系统",
        department=Agency.objects.get(name="济南市槐荫区财政局"),
        purpose="财政专项资金拨付前的信用核查",
        scope_reports=["agency"],
        scope_subjects=[market.uscc],
    )
    report_issue(content=agency_report_content(market), requested_by=office)
    report_issue(content=agency_report_content(market), api_client=client, channel="api")
    if company_content is not None:
        report_issue(content=company_content, api_client=client, channel="api")
    stdout.write(
        f"API clients: 2, issued reports: {IssuedReport.objects.count()}. Try the API (token shown once):\n"
        f"  curl -H 'Authorization: Bearer {token}' "
        f"http://127.0.0.1:8000/api/v1/agencies/{market.uscc}/credit-report/\n"
        f"  then open http://127.0.0.1:8000/verify/<verification_code>/"
    )
