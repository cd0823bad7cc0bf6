"""Demo objections of 王建国 (`gongwuyuan`, 区市场监督管理局) in every state he and the
reviewer `shenhe` can meet: open, due soon, overdue (escalated, with its integrity fact),
upheld, corrected, revoked and not admissible. Filing dates are set back from today so the
clocks show something live; each due date is the real one of the calendar.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core import demo
from core.models import CivilServant, User
from objections.models import Objection, Outcome
from objections.services.clock import answer_due, objection_sweep
from objections.services.objections import objection_answer, objection_file
from records.demo_data import DEMO_PDF, MARKET
from records.models import Category, CreditRecord, Polarity, SanctionKind, Tier, UseScope
from records.services.records import record_create, record_move


def _filed_on_for(today: dt.date, wanted: str) -> dt.date:
    """A filing day whose clock is, today, ``open`` (fresh), ``due_soon`` or ``overdue``."""
    for back in range(1, 60):
        day = today - dt.timedelta(days=back)
        due, remind = answer_due(day)
        if due is None or remind is None:
            continue
        if wanted == "open" and remind > today:
            return day
        if wanted == "due_soon" and remind <= today <= due:
            return day
        if wanted == "overdue" and due < today - dt.timedelta(days=2):
            return day
    return today - dt.timedelta(days=1)


def _backdate(objection: Objection, filed_on: dt.date) -> None:
    due, remind = answer_due(filed_on)
    filed_at = timezone.make_aware(dt.datetime.combine(filed_on, dt.time(9, 30)))
    Objection.objects.filter(pk=objection.pk).update(filed_at=filed_at, filed_on=filed_on, due_on=due, remind_on=remind)
    objection.refresh_from_db()


def _backdate_answered(objection: Objection, today: dt.date) -> None:
    """Set an objection answered today back to one answered on time: filed some weeks ago,
    answered five days later. Setting only the filing day back would leave today's answer
    after the due date when seeded at a weekend: a late answer, and a dishonesty fact, in the demo."""
    _backdate(objection, _filed_on_for(today, "overdue"))
    answered_on = objection.filed_on + dt.timedelta(days=5)
    Objection.objects.filter(pk=objection.pk).update(
        answered_on=answered_on,
        answered_at=timezone.make_aware(dt.datetime.combine(answered_on, dt.time(15, 0))),
    )
    objection.refresh_from_db()


@demo.register_seeder
def seed_objections(stdout: Any) -> None:
    if Objection.objects.exists():
        stdout.write("objections: already seeded")
        return
    today = timezone.localdate()
    clerk, reviewer = User.objects.get(username="luru"), User.objects.get(username="shenhe")
    wang = CivilServant.objects.get(name="王建国", agency__name=MARKET)
    filer = wang.user
    assert filer is not None, "seed_demo links gongwuyuan to 王建国 first"

    def record(days_ago: int, **data: Any) -> CreditRecord:
        entered = record_create(
            actor=clerk, data={"civil_servant": wang, "decision_date": today - dt.timedelta(days=days_ago), **data}
        )
        record_move(entered, move="submit", actor=clerk)
        return record_move(entered, move="publish", actor=reviewer)

    def filed(target: CreditRecord, reasons: str, state: str = "", files: int = 0) -> Objection:
        uploads = [SimpleUploadedFile("年度考核登记表.pdf", DEMO_PDF, "application/pdf") for _ in range(files)]
        objection = objection_file(actor=filer, record_id=target.pk, reasons=reasons, uploads=uploads)
        if state:
            _backdate(objection, _filed_on_for(today, state))
        return objection

    def answered(objection: Objection, outcome: str, reply: str, **correction: str) -> None:
        objection_answer(objection=objection, actor=reviewer, outcome=outcome, reply=reply, correction=correction)
        _backdate_answered(objection, today)

    mine = CreditRecord.objects.filter(civil_servant=wang, status="published")
    assessment = mine.filter(category=Category.ANNUAL_ASSESSMENT).first()
    training = mine.filter(category=Category.TRAINING).first()
    assert assessment is not None and training is not None

    # Open, fresh: the record shows 「异议处理中」.
    filed(assessment, "年度考核结果应为“优秀”，所附年度考核登记表与记录不符，请核实更正。", "open", files=1)
    # Due within two working days: the reviewers were reminded.
    filed(training, "本人参加的是第二期专题培训，记录的培训期次和考试时间有误。", "due_soon")
    # Overdue: escalated to the credit office, and a missed deadline in the agency's file.
    clean = record(
        120,
        category=Category.CLEAN_GOVERNANCE,
        polarity=Polarity.NEUTRAL,
        summary="廉政谈话记录：开展任前廉政谈话。",
    )
    filed(clean, "本人未参加该次廉政谈话，当日在外地参加培训，有会议签到表为证。", "overdue")

    upheld = record(
        200,
        category=Category.ACCOUNTABILITY,
        polarity=Polarity.DISHONEST,
        tier=Tier.MINOR,
        summary="执法案卷归档不及时，予以提醒谈话。",
    )
    answered(
        filed(upheld, "案卷已于规定期限内提交，系档案室登记延迟。"),
        Outcome.UPHELD,
        "经调取档案室登记簿核查，案卷提交时间晚于规定期限，原记录依据充分，予以维持。",
    )
    matters = record(
        150,
        category=Category.PERSONAL_MATTERS,
        polarity=Polarity.NEUTRAL,
        document_number=f"济槐组〔{today.year}〕4号",
        summary="个人有关事项报告抽查核实：漏报房产一处。",
    )
    answered(
        filed(matters, "该房产已于报告前一年出售，不属于应报告事项，附不动产登记信息。"),
        Outcome.CORRECTED,
        "经核查不动产登记信息，该房产已在报告期前过户，原记录有误，已更正为如实报告。",
        summary="个人有关事项报告抽查核实：如实报告。",
    )
    sanction = record(
        180,
        category=Category.DISCIPLINARY_SANCTION,
        polarity=Polarity.DISHONEST,
        tier=Tier.GENERAL,
        sanction_kind=SanctionKind.WARNING,
        use_scope=UseScope.PUBLIC,
        document_number=f"济槐监〔{today.year}〕7号",
        summary="违反工作纪律，给予政务警告处分。",
    )
    answered(
        filed(sanction, "该处分决定已被复审机关撤销，附复审决定书。"),
        Outcome.REVOKED,
        "经核实，原处分决定已被复审机关撤销，本记录予以撤销并停止公示。",
    )
    assessment_old = record(
        500,
        category=Category.ANNUAL_ASSESSMENT,
        polarity=Polarity.NEUTRAL,
        summary="年度考核结果：称职。",
    )
    answered(
        filed(assessment_old, "希望把往年的考核结果也改为优秀。"),
        Outcome.INADMISSIBLE,
        "异议未指出记录与事实不符之处，考核等次不属于异议处理范围，不予受理。",
    )
    sent = objection_sweep(today=today)
    stdout.write(f"objections: {Objection.objects.count()} (clock: {sent})")


# Credit repair seeds after the objections above (its own module, issue 10 item 7), then the
# counterparties' objections to published decisions (item 4).
from objections import counterparty_demo_data, repair_demo_data  # noqa: E402, F401
