"""Demo administrative actions for Huaiyin: every state a user can meet.

Made-up companies and people (with valid check characters); decisions dated relative to
today so the clock, reminders and publicity periods show something live.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from core import demo
from core.models import Agency, User
from core.services.audit import audit_record
from core.workflow import Status
from disclosure.models import (
    ActionKind,
    AdministrativeAction,
    CounterpartyType,
    IdType,
    ImportJob,
    LicenceCategory,
    LicenceState,
    Tier,
)
from disclosure.services import actions as services
from disclosure.services.sweeps import publication_sweep, takedown_sweep

MARKET = "济南市槐荫区市场监督管理局"
ECOLOGY = "济南市生态环境局槐荫分局"
APPROVAL = "济南市槐荫区行政审批服务局"

COMPANIES = [
    ("济南槐荫鑫源食品有限公司", "张明"),
    ("山东泉城建材科技有限公司", "李强"),
    ("济南匡山物流有限公司", "王芳"),
    ("济南美里湖环保工程有限公司", "刘波"),
    ("济南玉清湖餐饮管理有限公司", "陈军"),
    ("山东腊山医药连锁有限公司", "赵丽"),
]
PEOPLE = [("孙小红", dt.date(1986, 4, 2)), ("周大伟", dt.date(1979, 8, 15)), ("吴静怡", dt.date(1992, 11, 20))]


def _penalty(agency: Agency, n: int, decided: dt.date, **extra: Any) -> dict[str, Any]:
    company, rep = COMPANIES[n % len(COMPANIES)]
    base = {
        "kind": ActionKind.PENALTY,
        "counterparty_name": company,
        "counterparty_type": CounterpartyType.LEGAL_PERSON,
        "counterparty_uscc": demo.demo_uscc(900 + n % len(COMPANIES), "91"),
        "legal_representative": rep,
        "document_name": "行政处罚决定书",
        "document_number": f"济槐{'市监' if agency.name == MARKET else '环'}罚〔{decided.year}〕{n:03d}号",
        "decision_date": decided,
        "violation_type": "销售不符合食品安全标准的食品" if agency.name == MARKET else "超标排放大气污染物",
        "violation_facts": "经查，当事人存在上述违法行为，事实清楚，证据确凿。",
        "penalty_basis": "《中华人民共和国食品安全法》第一百二十四条"
        if agency.name == MARKET
        else "《中华人民共和国大气污染防治法》第九十九条",
        "penalty_categories": ["warning", "fine"],
        "penalty_content": "警告，并处罚款。",
        "fine_amount": Decimal("2.5") + n,
        "tier": Tier.GENERAL,
    }
    base.update(extra)
    return base


def _licence(n: int, decided: dt.date) -> dict[str, Any]:
    company, rep = COMPANIES[n % len(COMPANIES)]
    return {
        "kind": ActionKind.LICENSING,
        "counterparty_name": company,
        "counterparty_type": CounterpartyType.LEGAL_PERSON,
        "counterparty_uscc": demo.demo_uscc(900 + n % len(COMPANIES), "91"),
        "legal_representative": rep,
        "document_name": "食品经营许可决定书",
        "document_number": f"济槐审许〔{decided.year}〕{n:03d}号",
        "decision_date": decided,
        "licence_certificate_name": "食品经营许可证",
        "licence_number": f"JY23701040{n:05d}",
        "licence_content": "预包装食品销售；散装食品销售",
        "valid_from": decided,
        "valid_to": decided + dt.timedelta(days=5 * 365),
        "licence_state": LicenceState.NORMAL,
        "licence_category": LicenceCategory.GENERAL,
    }


def _natural_person(n: int, decided: dt.date) -> tuple[dict[str, Any], str]:
    name, birth = PEOPLE[n % len(PEOPLE)]
    return (
        {
            "kind": ActionKind.PENALTY,
            "counterparty_name": name,
            "counterparty_type": CounterpartyType.NATURAL_PERSON,
            "id_type": IdType.RESIDENT_ID,
            "document_name": "当场行政处罚决定书",
            "document_number": f"济槐环罚〔{decided.year}〕简{n:03d}号",
            "decision_date": decided,
            "violation_type": "露天焚烧垃圾",
            "violation_facts": "当事人在居民区露天焚烧垃圾。",
            "penalty_basis": "《中华人民共和国大气污染防治法》第一百一十九条",
            "penalty_categories": ["fine"],
            "penalty_content": "罚款。",
            "fine_amount": Decimal("0.05"),
            "tier": Tier.GENERAL,
        },
        demo.demo_id_number(birth, 600 + n),
    )


@demo.register_seeder
def seed_actions(stdout: Any) -> None:
    if AdministrativeAction.objects.exists():
        stdout.write("administrative actions: already seeded")
        return
    today = timezone.localdate()
    agencies = {a.name: a for a in Agency.objects.filter(name__in=[MARKET, ECOLOGY, APPROVAL])}
    clerk, reviewer = User.objects.get(username="luru"), User.objects.get(username="shenhe")
    clerk_b, reviewer_b = User.objects.get(username="luru_huanjing"), User.objects.get(username="shenhe_huanjing")

    def publish(data: dict[str, Any], c: User, r: User, id_number: str = "") -> AdministrativeAction:
        action = services.action_create(actor=c, data=data, id_number=id_number)
        services.action_submit(action=action, actor=c)
        action = services.action_publish(action=action, actor=r)
        # The demo pretends these were published two days after the decision, as the plan
        # requires, so only the deliberately late example shows as late.
        on_time = timezone.make_aware(dt.datetime.combine(action.decision_date + dt.timedelta(days=2), dt.time(10)))
        with transaction.atomic():
            AdministrativeAction.objects.filter(pk=action.pk).update(published_at=on_time)
            audit_record(action="demo.backdate_publication", obj=action, reason="demo data: published on time")
        action.refresh_from_db()
        return action

    for n in range(1, 13):  # published penalties of the market regulator, recent weeks
        publish(_penalty(agencies[MARKET], n, today - dt.timedelta(days=2 + 3 * n)), clerk, reviewer)
    for n in range(1, 6):
        publish(
            _penalty(
                agencies[ECOLOGY],
                n,
                today - dt.timedelta(days=5 + 4 * n),
                tier=Tier.SERIOUS if n == 1 else Tier.GENERAL,
            ),
            clerk_b,
            reviewer_b,
        )
    for n in range(1, 4):  # natural persons: masked on every public output
        data, number = _natural_person(n, today - dt.timedelta(days=3 + n))
        publish(data, clerk_b, reviewer_b, number)
    # Licences are entered by the approval bureau's clerk; the demo has no account there, so
    # they come in as the market regulator's (the clerk enters for their own agency).
    # The 许可机关 stays the approval bureau's, and the market regulator is the 数据来源单位: it enters
    # on the bureau's behalf, as the standard's file expresses it (issue 12).
    approval, market = agencies[APPROVAL], agencies[MARKET]
    for n in range(1, 5):
        publish(
            _licence(n, today - dt.timedelta(days=4 + n))
            | {
                "document_number": f"济槐市监许〔{today.year}〕{n:03d}号",
                "deciding_agency_name": approval.name,
                "deciding_agency_uscc": approval.uscc,
                "data_source_name": market.name,
                "data_source_uscc": market.uscc,
            },
            clerk,
            reviewer,
        )

    # In the review queue, returned, a draft, and one already overdue.
    submitted = services.action_create(actor=clerk, data=_penalty(agencies[MARKET], 40, today - dt.timedelta(days=3)))
    services.action_submit(action=submitted, actor=clerk)
    returned = services.action_create(actor=clerk, data=_penalty(agencies[MARKET], 41, today - dt.timedelta(days=4)))
    services.action_submit(action=returned, actor=clerk)
    services.action_return(action=returned, actor=reviewer, reason="处罚依据条款引用有误，请核对后重新提交。")
    services.action_create(actor=clerk, data=_penalty(agencies[MARKET], 42, today - dt.timedelta(days=1)))
    services.action_create(actor=clerk_b, data=_penalty(agencies[ECOLOGY], 43, today - dt.timedelta(days=20)))

    # Published late, then one revoked, and one whose publicity period has ended.
    late = services.action_create(actor=clerk, data=_penalty(agencies[MARKET], 44, today - dt.timedelta(days=30)))
    services.action_submit(action=late, actor=clerk)
    services.action_publish(action=late, actor=reviewer)
    revoked = publish(_penalty(agencies[MARKET], 45, today - dt.timedelta(days=40)), clerk, reviewer)
    services.action_revoke(action=revoked, actor=reviewer, reason="经行政复议，原处罚决定被撤销。")
    publish(_penalty(agencies[MARKET], 46, today - dt.timedelta(days=400)), clerk, reviewer)
    _seed_standard_imports(market, clerk, today)
    takedown_sweep(today=today)
    publication_sweep(today=today)
    stdout.write(
        f"administrative actions: {AdministrativeAction.objects.count()} "
        f"({AdministrativeAction.objects.filter(status=Status.PUBLISHED).count()} published)"
    )


def _standard_file(agency: Agency, today: dt.date, numbers: range) -> bytes:
    """A penalty file in the national standard's layout, as an agency exports it from its case
    system: no 严重程度 column, and one column the portal does not know."""
    import csv
    import io

    from disclosure import standard

    headers = [c.name for c in standard.standard_columns(ActionKind.PENALTY) if c.standard] + ["案件编号"]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=headers, restval="")
    writer.writeheader()
    for n in numbers:
        company, rep = COMPANIES[n % len(COMPANIES)]
        writer.writerow(
            {
                "行政相对人名称": company,
                "行政相对人类别": "法人及其他组织",
                "统一社会信用代码": demo.demo_uscc(900 + n % len(COMPANIES), "91"),
                "法定代表人": rep,
                "行政处罚决定书文号": f"济槐市监罚〔{today.year}〕标{n:03d}号",
                "违法行为类型": "未按规定公示食品经营许可证",
                "违法事实": "当事人未在经营场所显著位置悬挂食品经营许可证。",
                "处罚依据": "《中华人民共和国食品安全法》第一百二十六条",
                "处罚类别": "警告；罚款" if n % 2 else "吊销许可证件",
                "处罚内容": "警告，罚款5000元。" if n % 2 else "吊销食品经营许可证。",
                "罚款金额（万元）": "0.5" if n % 2 else "",
                "暂扣或吊销证照名称及编号": "" if n % 2 else f"食品经营许可证JY23701040{n:05d}",
                "处罚决定日期": f"{(today - dt.timedelta(days=2)):%Y年%m月%d日}",
                "处罚机关": agency.name,
                "处罚机关统一社会信用代码": agency.uscc,
                "数据来源单位": agency.name,
                "数据来源单位统一社会信用代码": agency.uscc,
                "案件编号": f"SC-{n:04d}",
            }
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _seed_standard_imports(agency: Agency, clerk: User, today: dt.date) -> None:
    """Two uploads of the standard's layout: one confirmed (its penalties in review with a
    derived tier), one still waiting for the clerk to read its preview and confirm."""
    from django.core.files.base import ContentFile

    from disclosure.services.imports import import_job_run

    for name, numbers, confirmed in (
        ("标准格式-已确认.csv", range(1, 3), True),
        ("标准格式-待确认.csv", range(3, 5), False),
    ):
        job = ImportJob.objects.create(
            agency=agency,
            kind=ActionKind.PENALTY,
            file=ContentFile(_standard_file(agency, today, numbers), name=name),
            original_name=name,
            created_by=clerk,
            confirmed=confirmed,
        )
        import_job_run(job_id=job.pk)


@demo.register_seeder
def seed_evaluation_and_reports(stdout: Any) -> None:
    """The evaluation, issued reports and API clients (records.demo_evaluation). Registered
    here so it runs after every app's demo records and facts; records cannot import this app's
    company reports, so the company report's content is handed to it."""
    from disclosure.reports import company_report_content
    from records.demo_evaluation import seed_evaluation, seed_reports

    seed_evaluation(stdout)
    company = next(
        (
            c
            for code in AdministrativeAction.objects.public().values_list("counterparty_uscc", flat=True)[:20]
            if code and (c := company_report_content(code)) is not None
        ),
        None,
    )
    seed_reports(stdout, company_content=company)
