"""Demo integrity files for Huaiyin: records of agencies and civil servants in every state a
user can meet, with periods, a sanction's influence period and an evidence file.

Made-up facts about the demo district's real departments and fictitious civil servants;
dates relative to today so periods show something live. Automatic records appear when the
disclosure demo misses a publication deadline (records.services.facts).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core import demo
from core.models import Agency, CivilServant, SharingMessage, User
from core.selectors import due_date_or_none
from core.services.sharing import sharing_message_send
from core.workflow import Status
from records.models import (
    Category,
    CreditRecord,
    KeyArea,
    Measure,
    Polarity,
    RecordNotice,
    Sanction,
    SanctionKind,
    Tier,
    UseScope,
)
from records.services.evidence import evidence_add
from records.services.notices import record_notices_due, record_notices_send
from records.services.records import record_create, record_move, record_takedown_sweep
from records.services.sanction_clock import sanction_sweep
from records.services.sanctions import sanction_create, sanction_lift, sanction_update

MARKET = "济南市槐荫区市场监督管理局"
ECOLOGY = "济南市生态环境局槐荫分局"
AUDIT = "济南市槐荫区审计局"

# A minimal valid PDF, so the demo has a file to download.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _demo_account(username: str, role: str, agency: Agency, description: str) -> User:
    """A demo account of a body that receives notices (R-3), with the demo password."""
    from django.contrib.auth.models import Group

    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "agency": agency,
            "first_name": description,
            "is_staff": True,
            "email": f"{username}@huaiyin.invalid",
        },
    )
    if created:
        user.set_password(demo.PASSWORD)
        user.save()
    user.groups.add(Group.objects.get(name=role))
    return user


@demo.register_seeder
def seed_records(stdout: Any) -> None:
    # Before any record is published: the superior government reads its agencies' notices (R-3).
    _demo_account("shangji", "reviewer", Agency.objects.get(name=demo.GOVERNMENT), "上级机关（区人民政府）")
    if CreditRecord.objects.filter(fact__isnull=True).exists():
        stdout.write("credit records: already seeded")
        return
    today = timezone.localdate()
    agencies = {a.name: a for a in Agency.objects.filter(name__in=[MARKET, ECOLOGY, AUDIT])}
    market, ecology = agencies[MARKET], agencies[ECOLOGY]
    clerk, reviewer = User.objects.get(username="luru"), User.objects.get(username="shenhe")
    clerk_b, reviewer_b = User.objects.get(username="luru_huanjing"), User.objects.get(username="shenhe_huanjing")
    office = User.objects.get(username="xinyongban")
    wang = CivilServant.objects.get(name="王建国", agency=market)
    li = CivilServant.objects.get(name="李秀英", agency=market)
    liu = CivilServant.objects.get(name="刘洋", agency=ecology)

    def days_ago(n: int) -> dt.date:
        return today - dt.timedelta(days=n)

    def enter(actor: User, **data: Any) -> CreditRecord:
        return record_create(actor=actor, data=data)

    def publish(actor: User, by: User, **data: Any) -> CreditRecord:
        record = enter(actor, **data)
        record_move(record, move="submit", actor=actor)
        return record_move(record, move="publish", actor=by)

    # An agency's file: public dishonesty of each tier, trustworthy conduct, a neutral entry.
    contract = enter(
        clerk,
        subject_agency=market,
        category=Category.CONTRACT_FULFILMENT,
        polarity=Polarity.DISHONEST,
        tier=Tier.GENERAL,
        key_areas=[KeyArea.INVESTMENT_PROMOTION],
        providing_agency=agencies.get(AUDIT),
        decision_date=days_ago(40),
        document_number=f"济槐审〔{days_ago(40).year}〕12号",
        summary="未按招商引资协议约定期限兑现企业落户奖励资金，经督促仍未整改到位。",
    )
    evidence_add(record=contract, actor=clerk, upload=SimpleUploadedFile("审计决定书.pdf", DEMO_PDF, "application/pdf"))
    record_move(contract, move="submit", actor=clerk)
    record_move(contract, move="publish", actor=reviewer)
    publish(
        clerk_b,
        reviewer_b,
        subject_agency=ecology,
        category=Category.GOAL_COMPLETION,
        polarity=Polarity.DISHONEST,
        tier=Tier.SERIOUS,
        key_areas=[KeyArea.AIR_POLLUTION],
        decision_date=days_ago(90),
        document_number=f"济环督〔{days_ago(90).year}〕5号",
        summary="年度大气污染防治目标未完成，且环保督察反馈问题整改不到位。",
    )
    publish(
        clerk,
        reviewer,
        subject_agency=market,
        category=Category.INFORMATION_DISCLOSURE,
        polarity=Polarity.DISHONEST,
        tier=Tier.MINOR,
        publicity_months=3,
        use_scope=UseScope.PUBLIC,
        key_areas=[KeyArea.APPROVAL],
        decision_date=days_ago(20),
        document_number=f"济槐信办〔{days_ago(20).year}〕3号",
        summary="政务公开专栏部分栏目更新不及时，已限期整改。",
    )
    publish(
        clerk,
        reviewer,
        subject_agency=market,
        category=Category.CREDIT_SYSTEM_WORK,
        polarity=Polarity.TRUSTWORTHY,
        decision_date=days_ago(60),
        document_number=f"济槐信办〔{days_ago(60).year}〕1号",
        summary="社会信用体系建设工作年度考核优秀。",
    )
    # Publicity over: the sweep below expires it into the takedown log.
    publish(
        clerk,
        reviewer,
        subject_agency=market,
        category=Category.LAW_BASED_ADMINISTRATION,
        polarity=Polarity.DISHONEST,
        tier=Tier.GENERAL,
        publicity_months=3,
        decision_date=days_ago(200),
        document_number=f"济槐复〔{days_ago(200).year}〕8号",
        summary="一起行政处罚决定因程序违法被行政复议机关撤销。",
    )
    revoked = publish(
        clerk,
        reviewer,
        subject_agency=market,
        category=Category.RECONSIDERATION_LITIGATION,
        polarity=Polarity.DISHONEST,
        tier=Tier.GENERAL,
        decision_date=days_ago(70),
        document_number=f"济槐诉〔{days_ago(70).year}〕2号",
        summary="行政诉讼败诉，判决撤销原行政行为。",
    )
    record_move(revoked, move="revoke", actor=office, reason="二审改判，原认定依据不复存在。")

    # Civil servants' files: internal by default; a sanction with its influence period.
    publish(
        clerk,
        reviewer,
        civil_servant=wang,
        category=Category.ANNUAL_ASSESSMENT,
        polarity=Polarity.NEUTRAL,
        decision_date=days_ago(300),
        summary="年度考核结果：优秀。",
    )
    publish(
        clerk,
        reviewer,
        civil_servant=wang,
        category=Category.TRAINING,
        polarity=Polarity.TRUSTWORTHY,
        decision_date=days_ago(35),
        summary="参加区委组织部政务诚信专题培训，考试合格。",
    )
    publish(
        clerk,
        reviewer,
        civil_servant=li,
        category=Category.DISCIPLINARY_SANCTION,
        polarity=Polarity.DISHONEST,
        tier=Tier.GENERAL,
        sanction_kind=SanctionKind.WARNING,
        sanction_effective_on=days_ago(50),
        decision_date=days_ago(50),
        document_number=f"济槐纪〔{days_ago(50).year}〕9号",
        summary="违反工作纪律，给予政务警告处分。",
    )
    publish(
        clerk_b,
        reviewer_b,
        civil_servant=liu,
        category=Category.ACCOUNTABILITY,
        polarity=Polarity.DISHONEST,
        tier=Tier.MINOR,
        decision_date=days_ago(15),
        summary="执法记录仪使用不规范，予以诫勉谈话。",
    )

    # The review queue: submitted, returned with a reason, a draft.
    waiting = enter(
        clerk,
        civil_servant=li,
        category=Category.PERSONAL_MATTERS,
        polarity=Polarity.NEUTRAL,
        decision_date=days_ago(5),
        summary="个人有关事项报告抽查核实，如实报告。",
    )
    record_move(waiting, move="submit", actor=clerk)
    returned = enter(
        clerk,
        subject_agency=market,
        category=Category.DEBT_AND_BUDGET,
        polarity=Polarity.DISHONEST,
        tier=Tier.GENERAL,
        decision_date=days_ago(8),
        summary="预算执行进度滞后。",
    )
    record_move(returned, move="submit", actor=clerk)
    record_move(returned, move="return", actor=reviewer, reason="请补充审计报告文号及整改要求。")
    enter(
        clerk,
        civil_servant=wang,
        category=Category.PERSONAL_FILE,
        polarity=Polarity.NEUTRAL,
        decision_date=days_ago(2),
        summary="个人诚信档案信息填写登记。",
    )
    record_takedown_sweep(today=today)
    stdout.write(
        f"credit records: {CreditRecord.objects.count()} "
        f"({CreditRecord.objects.filter(status=Status.PUBLISHED).count()} published)"
    )


@demo.register_seeder
def seed_sanctions(stdout: Any) -> None:
    """Sanctions of every kind and state (due soon, overdue, completed, in force, lifted), an
    agency listed as a dishonest judgment debtor under its restrictions, and the notices the
    published dishonesty records sent (to the superior government, the overseers, the person)."""
    if Sanction.objects.exists():
        stdout.write("sanctions: already seeded")
        return
    today = timezone.localdate()
    market = Agency.objects.get(name=MARKET)
    clerk, reviewer = User.objects.get(username="luru"), User.objects.get(username="shenhe")
    clerk_b = User.objects.get(username="luru_huanjing")
    published = CreditRecord.objects.published().filter(fact__isnull=True)
    contract = published.get(category=Category.CONTRACT_FULFILMENT, subject_agency=market)
    goals = published.get(category=Category.GOAL_COMPLETION)
    disclosure_record = published.get(category=Category.INFORMATION_DISCLOSURE, subject_agency=market)
    warning = published.get(category=Category.DISCIPLINARY_SANCTION)

    def add(actor: User, record: CreditRecord, kind: str, **data: Any) -> Sanction:
        return sanction_create(actor=actor, data={"record": record, "kind": kind, **data})

    soon = due_date_or_none(today, 2) or today + dt.timedelta(days=2)
    # Due soon: the clock reminds the agency's clerks and reviewers.
    add(
        clerk,
        contract,
        Sanction.Kind.RECTIFICATION,
        document_number=f"济槐信办整改〔{today.year}〕4号",
        due_on=soon,
    )
    # Completed on time, with the written explanation received.
    add(
        clerk,
        contract,
        Sanction.Kind.EXPLANATION,
        due_on=contract.decision_date + dt.timedelta(days=14),
        completed_on=contract.decision_date + dt.timedelta(days=10),
        completion_note="已提交书面情况说明，说明未兑现原因及整改计划。",
    )
    # Overdue: the credit office is alerted once.
    add(clerk_b, goals, Sanction.Kind.EXPLANATION, due_on=today - dt.timedelta(days=5))
    # A rectification completed with its evidence.
    done = add(
        clerk,
        disclosure_record,
        Sanction.Kind.RECTIFICATION,
        due_on=today - dt.timedelta(days=3),
    )
    sanction_update(
        sanction=done,
        actor=clerk,
        data={
            "completed_on": today - dt.timedelta(days=4),
            "completion_note": "政务公开专栏已全部更新并建立周更机制。",
        },
        version=done.version,
        upload=SimpleUploadedFile("整改完成报告.pdf", DEMO_PDF, "application/pdf"),
    )
    # A public criticism (a public notice, about an agency) and award ineligibility for a year.
    add(
        clerk_b,
        goals,
        Sanction.Kind.PUBLIC_CRITICISM,
        document_number=f"济槐政通〔{today.year}〕2号",
        notice_text="济南市生态环境局槐荫分局年度大气污染防治目标未完成，予以通报批评，责令限期整改。",
    )
    add(clerk_b, goals, Sanction.Kind.AWARD_INELIGIBILITY, active_until=goals.decision_date + dt.timedelta(days=365))
    add(clerk, warning, Sanction.Kind.AWARD_INELIGIBILITY, active_until=warning.decision_date + dt.timedelta(days=365))

    # 失信被执行人: the market authority listed by the court, under all four restrictions; an
    # earlier listing lifted when the judgment was performed.
    judgment = record_create(
        actor=clerk,
        data={
            "subject_agency": market,
            "category": Category.JUDGMENT,
            "polarity": Polarity.DISHONEST,
            "tier": Tier.SERIOUS,
            "key_areas": [KeyArea.PROPERTY_RIGHTS],
            "decision_date": today - dt.timedelta(days=25),
            "document_number": f"（{today.year}）鲁0104执1234号",
            "summary": "未履行生效判决确定的租赁合同价款支付义务，被人民法院纳入失信被执行人名单。",
        },
    )
    record_move(judgment, move="submit", actor=clerk)
    record_move(judgment, move="publish", actor=reviewer)
    add(clerk, judgment, Sanction.Kind.JUDGMENT_DEBTOR, document_number=f"（{today.year}）鲁0104执1234号")
    earlier = add(
        clerk,
        judgment,
        Sanction.Kind.JUDGMENT_DEBTOR,
        measures=[Measure.FINANCING],
        active_from=judgment.decision_date,
    )
    sanction_lift(sanction=earlier, actor=reviewer, reason="法院出具结案证明，该项限制先行解除。")
    sent = _send_notices()
    sanction_sweep(today=today)  # the reminder of the one due soon, the alert of the overdue one
    stdout.write(f"sanctions: {Sanction.objects.count()}; notices sent: {sent} (in all {RecordNotice.objects.count()})")


@demo.register_seeder
def seed_public_lists(stdout: Any) -> None:
    """What the red and black lists (R-23) need beyond the files above: a civil servant's good
    example a clerk made public (shown masked, 王**), and a second judgment-debtor listing with
    two restrictions for a fixed period, so the joint-punishment page shows an end date."""
    ecology = Agency.objects.get(name=ECOLOGY)
    if CreditRecord.objects.filter(fact__isnull=True, category=Category.JUDGMENT, subject_agency=ecology).exists():
        stdout.write("public lists: already seeded")
        return
    today = timezone.localdate()
    market = Agency.objects.get(name=MARKET)
    clerk, reviewer = User.objects.get(username="luru"), User.objects.get(username="shenhe")
    clerk_b, reviewer_b = User.objects.get(username="luru_huanjing"), User.objects.get(username="shenhe_huanjing")

    def publish(actor: User, by: User, **data: Any) -> CreditRecord:
        record = record_create(actor=actor, data=data)
        record_move(record, move="submit", actor=actor)
        return record_move(record, move="publish", actor=by)

    publish(
        clerk,
        reviewer,
        civil_servant=CivilServant.objects.get(name="王建国", agency=market),
        category=Category.CLEAN_GOVERNANCE,
        polarity=Polarity.TRUSTWORTHY,
        use_scope=UseScope.PUBLIC,
        key_areas=[KeyArea.APPROVAL],
        decision_date=today - dt.timedelta(days=45),
        document_number=f"槐纪通〔{today.year}〕6号",
        summary="在行政审批工作中拒收服务对象所送礼金并主动报告，受到区纪委监委通报表扬。",
    )
    judgment = publish(
        clerk_b,
        reviewer_b,
        subject_agency=ecology,
        category=Category.JUDGMENT,
        polarity=Polarity.DISHONEST,
        tier=Tier.GENERAL,
        key_areas=[KeyArea.PROCUREMENT],
        decision_date=today - dt.timedelta(days=12),
        document_number=f"（{today.year}）鲁0104执2208号",
        summary="未按生效判决支付环境监测设备采购合同尾款，被人民法院纳入失信被执行人名单。",
    )
    sanction_create(
        actor=clerk_b,
        data={
            "record": judgment,
            "kind": Sanction.Kind.JUDGMENT_DEBTOR,
            "document_number": f"（{today.year}）鲁0104执2208号",
            "measures": [Measure.SUBSIDIES, Measure.PROJECT_APPROVAL],
            "active_until": today + dt.timedelta(days=180),
        },
    )
    sent = _send_notices()
    stdout.write(f"public lists: a public good example of a civil servant, a second debtor listing; notices {sent}")


def _send_notices() -> int:
    """The notices of published dishonesty records not yet sent (as the beat sweep would)."""
    return sum(len(record_notices_send(record_id=pk)) for pk in record_notices_due())


@contextlib.contextmanager
def _stand_in_platform(status: list[int]) -> Iterator[str]:
    """A city platform on 127.0.0.1 for the seeder's few deliveries; answers ``status[0]``."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            reply = "市平台维护中".encode() if status[0] != 200 else b""
            self.send_response(status[0])
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/demo"
    finally:
        server.shutdown()
        server.server_close()


@demo.register_seeder
def seed_sharing(stdout: Any) -> None:
    """The sharing outbox in its three states, sent through the real sender: most records'
    messages were accepted by the (stand-in) city platform, the sanction of 李秀英 failed for
    good (the credit office has the notice and can replay it), the newest two wait. The demo
    then runs with sharing off, so what is published from now on waits too."""
    if SharingMessage.objects.exclude(state=SharingMessage.State.PENDING).exists():
        stdout.write("sharing outbox: already seeded")
        return
    from django.test import override_settings

    messages = list(SharingMessage.objects.filter(subject_type="records.creditrecord").order_by("pk"))
    failing = set(CreditRecord.objects.filter(category=Category.DISCIPLINARY_SANCTION).values_list("pk", flat=True)[:1])
    dead = [m for m in messages if int(m.subject_id) in failing]
    sent = [m for m in messages[:-2] if m not in dead]
    status = [200]
    with (
        _stand_in_platform(status) as url,
        override_settings(CITY_PLATFORM_URL=url, CITY_PLATFORM_KEY="demo-key", SHARING_MAX_ATTEMPTS=1),
    ):
        for message in sent:
            sharing_message_send(message_id=message.pk)
        status[0] = 503
        for message in dead:
            sharing_message_send(message_id=message.pk)
    counts = {s: SharingMessage.objects.filter(state=s).count() for s in SharingMessage.State}
    stdout.write("sharing outbox: " + ", ".join(f"{n} {s.value}" for s, n in counts.items()))
