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
from core.services.sharing import sharing_message_send
from core.workflow import Status
from records.models import Category, CreditRecord, KeyArea, Polarity, SanctionKind, Tier, UseScope
from records.services.evidence import evidence_add
from records.services.records import record_create, record_move, record_takedown_sweep

MARKET = "济南市槐荫区市场监督管理局"
ECOLOGY = "济南市生态环境局槐荫分局"
AUDIT = "济南市槐荫区审计局"

# A minimal valid PDF, so the demo has a file to download.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@demo.register_seeder
def seed_records(stdout: Any) -> None:
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
