"""Demo credit repair of 王建国 (`gongwuyuan`): a record he may apply for today, one not yet
eligible (minimum publicity period) and one held back by a sanction's influence period, and
requests in every state for the reviewer `shenhe`: submitted, accepted, repaired, refused and
not accepted. Imported by `objections.demo_data`, so it runs after the objections seeder."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core import demo
from core.models import CivilServant, User
from objections.repair_models import RepairRequest
from objections.services.repair import repair_accept, repair_approve, repair_file, repair_refuse
from records.demo_data import DEMO_PDF, MARKET
from records.models import Category, CreditRecord, Polarity, SanctionKind, Tier, UseScope
from records.services.records import record_create, record_move

STATEMENT = "本人已按要求完成整改并提交书面说明，相关工作已整改到位，附整改报告和单位证明。"


@demo.register_seeder
def seed_repairs(stdout: Any) -> None:
    if RepairRequest.objects.exists():
        stdout.write("repairs: already seeded")
        return
    today = timezone.localdate()
    clerk, reviewer = User.objects.get(username="luru"), User.objects.get(username="shenhe")
    wang = CivilServant.objects.get(name="王建国", agency__name=MARKET)
    applicant = wang.user
    assert applicant is not None, "seed_demo links gongwuyuan to 王建国 first"
    serial = iter(range(20, 40))

    def record(days_ago: int, summary: str, **data: Any) -> CreditRecord:
        entered = record_create(
            actor=clerk,
            data={
                "civil_servant": wang,
                "category": Category.ACCOUNTABILITY,
                "polarity": Polarity.DISHONEST,
                "tier": Tier.GENERAL,
                "decision_date": today - dt.timedelta(days=days_ago),
                "document_number": f"济槐市监〔{today.year}〕{next(serial)}号",
                "summary": summary,
                **data,
            },
        )
        record_move(entered, move="submit", actor=clerk)
        return record_move(entered, move="publish", actor=reviewer)

    def filed(target: CreditRecord) -> RepairRequest:
        upload = SimpleUploadedFile("整改报告.pdf", DEMO_PDF, "application/pdf")
        return repair_file(
            actor=applicant, record_id=target.pk, statement=STATEMENT, commitment_accepted=True, uploads=[upload]
        )

    # Eligible today (minimum publicity period of 3 months long over): the button is enabled.
    record(200, "窗口服务超时办结，予以通报。", use_scope=UseScope.PUBLIC)
    # Not yet: the minimum publicity period runs for two more months.
    record(30, "执法记录仪未按规定使用，予以提醒。")
    # Held back by a sanction's influence period (demerit: 12 months).
    record(
        200,
        "违反工作纪律，给予记过处分。",
        category=Category.DISCIPLINARY_SANCTION,
        sanction_kind=SanctionKind.DEMERIT,
    )
    filed(record(250, "未按期完成整改任务，予以约谈。"))
    repair_accept(request=filed(record(300, "信访事项未按期答复，予以通报。")), actor=reviewer)
    approved = filed(record(400, "行政许可审查超期，予以通报批评。", use_scope=UseScope.PUBLIC))
    repair_accept(request=approved, actor=reviewer)
    repair_approve(request=approved, actor=reviewer, reasons="整改到位，履行证明材料齐全，准予信用修复。")
    refused = filed(record(350, "执法文书填写不规范，予以提醒。"))
    repair_accept(request=refused, actor=reviewer)
    repair_refuse(request=refused, actor=reviewer, reasons="整改报告未附单位证明，不能证明已整改到位。")
    repair_refuse(
        request=filed(record(380, "未按规定参加业务培训，予以提醒。")),
        actor=reviewer,
        reasons="申请材料与该记录无关，不予受理。",
    )
    stdout.write(f"repairs: {RepairRequest.objects.count()}")
