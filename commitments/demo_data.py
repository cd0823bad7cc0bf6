"""Demo commitments for Huaiyin in every state a user can meet: a draft, one submitted for
review, published ones in progress (with progress, evidence and an overdue milestone), one
fulfilled, one lawfully changed, and one breached with its two dishonesty records traced to
the agency and the responsible person.

Made-up commitments of the demo district's real departments; companies and people are
fictitious. Dates are relative to today, and every commitment is made within its 7 working
days, so the demo files no late-publication facts of its own.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from commitments.models import Commitment, CommitmentKind, Milestone
from commitments.services.clocks import milestone_sweep
from commitments.services.commitments import commitment_create, commitment_move
from commitments.services.fulfilment import commitment_breach, commitment_change, commitment_fulfil
from commitments.services.progress import progress_add
from core import demo
from core.models import Agency, CivilServant, User
from records.models import Tier
from records.services.records import record_move

MARKET = "济南市槐荫区市场监督管理局"
ECOLOGY = "济南市生态环境局槐荫分局"
SUBDISTRICT = "振兴街街道办事处"

DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def company(serial: int, name: str) -> dict[str, str]:
    return {"name": name, "uscc": demo.demo_uscc(8000 + serial, kind_prefix="91")}


@demo.register_seeder
def seed_commitments(stdout: Any) -> None:
    if Commitment.objects.exists():
        stdout.write("commitments: already seeded")
        return
    today = timezone.localdate()

    def days(n: int) -> dt.date:
        return today + dt.timedelta(days=n)

    agencies = {a.name: a for a in Agency.objects.filter(name__in=[MARKET, ECOLOGY, SUBDISTRICT])}
    market, ecology, street = agencies[MARKET], agencies[ECOLOGY], agencies[SUBDISTRICT]
    clerk, reviewer = User.objects.get(username="luru"), User.objects.get(username="shenhe")
    clerk_b, reviewer_b = User.objects.get(username="luru_huanjing"), User.objects.get(username="shenhe_huanjing")
    office = User.objects.get(username="xinyongban")
    wang = CivilServant.objects.get(name="王建国", agency=market)
    li = CivilServant.objects.get(name="李秀英", agency=market)
    liu = CivilServant.objects.get(name="刘洋", agency=ecology)
    zhao = CivilServant.objects.get(name="赵磊", agency=street)

    def enter(actor: User, agency: Agency, person: CivilServant, parts: dict[str, Any], **data: Any) -> Commitment:
        return commitment_create(
            actor=actor,
            data={"committing_agency": agency, "responsible_person": person, **data},
            parts=parts,
        )

    def publish(actor: User, by: User, *args: Any, **data: Any) -> Commitment:
        commitment = enter(actor, *args, **data)
        commitment_move(commitment, move="submit", actor=actor)
        return commitment_move(commitment, move="publish", actor=by)

    made = days(-5)
    # Published, in progress: an investment-promotion policy with targets, one milestone reached
    # (with an evidence file) and one to come.
    investment = publish(
        clerk,
        reviewer,
        market,
        wang,
        {
            "counterparties": [company(1, "济南槐荫智造科技有限公司"), company(2, "山东西客站商贸有限公司")],
            "targets": [
                {
                    "description": "落户奖励资金兑现率",
                    "value": "100",
                    "unit": "%",
                    "baseline": "0",
                    "deadline": days(85),
                },
                {"description": "新增就业岗位", "value": "300", "unit": "个", "baseline": "120", "deadline": days(360)},
            ],
            "milestones": [
                {"title": "完成奖励资金拨付审批", "due_on": days(-1)},
                {"title": "首批奖励资金拨付到位", "due_on": days(40)},
            ],
        },
        kind=CommitmentKind.INVESTMENT_PROMOTION,
        title="重点招商企业落户奖励资金按期兑现",
        promise="对2026年新落户槐荫区的重点企业，按招商引资协议约定，在企业投产后60日内兑现落户奖励资金，"
        "不因政府换届或相关责任人更替而违约。",
        made_on=made,
        document_number=f"槐市监承〔{made.year}〕1号",
    )
    first = Milestone.objects.filter(commitment=investment).order_by("due_on").first()
    progress_add(
        actor=clerk,
        data={
            "commitment": investment,
            "reported_on": days(-2),
            "description": "奖励资金拨付方案已经区政府常务会议审议通过，拨付审批完成。",
            "milestone": first,
        },
        upload=SimpleUploadedFile("拨付审批表.pdf", DEMO_PDF, "application/pdf"),
    )
    progress_add(
        actor=reviewer,
        data={"commitment": investment, "reported_on": days(-1), "description": "已与两家企业核对投产时间和奖励金额。"},
    )

    # Published, in progress, with a milestone overdue: an air-quality target.
    publish(
        clerk_b,
        reviewer_b,
        ecology,
        liu,
        {
            "targets": [
                {
                    "description": "PM2.5年均浓度",
                    "value": "38",
                    "unit": "μg/m³",
                    "baseline": "45",
                    "deadline": days(300),
                },
                {
                    "description": "空气质量优良天数比例",
                    "value": "72",
                    "unit": "%",
                    "baseline": "65",
                    "deadline": days(300),
                },
            ],
            "milestones": [
                {"title": "完成辖区餐饮油烟净化设施排查", "due_on": days(-1)},
                {"title": "完成重点工地扬尘在线监测全覆盖", "due_on": days(60)},
            ],
        },
        kind=CommitmentKind.AIR_QUALITY,
        title="年度大气污染防治目标",
        promise="年内PM2.5年均浓度降至38微克/立方米以下，空气质量优良天数比例达到72%。",
        made_on=days(-4),
        document_number=f"济环槐承〔{made.year}〕2号",
    )

    # Fulfilled: an approval time-limit pledge.
    approval = publish(
        clerk,
        reviewer,
        market,
        wang,
        {"milestones": [{"title": "企业开办全流程压缩至1个工作日", "due_on": days(-2)}]},
        kind=CommitmentKind.APPROVAL_TIME_LIMIT,
        title="企业开办1个工作日内办结",
        promise="材料齐全的企业开办申请，自受理之日起1个工作日内办结营业执照、公章刻制和发票申领。",
        made_on=made,
        document_number=f"槐市监承〔{made.year}〕2号",
    )
    progress_add(
        actor=clerk,
        data={
            "commitment": approval,
            "reported_on": days(-2),
            "description": "企业开办“一窗通办”上线运行，抽查办件全部在1个工作日内办结。",
            "milestone": Milestone.objects.get(commitment=approval),
        },
    )
    commitment_fulfil(commitment=approval, actor=reviewer, on=days(-1), note="承诺期内全部办件按时办结，承诺已履行。")

    # Lawfully changed: an enterprise agreement whose site was changed by a planning decision.
    contract = publish(
        clerk,
        reviewer,
        market,
        li,
        {"counterparties": [company(3, "济南美里湖食品有限公司")]},
        kind=CommitmentKind.ENTERPRISE_CONTRACT,
        title="食品产业园标准厂房租金减免协议",
        promise="对入驻食品产业园标准厂房的企业，前两年租金减半。",
        made_on=made,
        document_number=f"槐市监协〔{made.year}〕5号",
    )
    commitment_change(
        commitment=contract,
        actor=office,
        on=days(-1),
        legal_basis="《优化营商环境条例》第三十一条；国土空间规划调整批复（济规划〔2026〕18号）。",
        procedure="经合法性审查和区政府常务会议集体讨论决定，书面告知企业并听取意见。",
        compensation="改为在新址厂房给予同等租金减免，并补偿企业搬迁费用。",
        note="因规划调整，减免改在新址兑现。",
    )

    # Breached: a PPP project's payment, traced to the agency and the responsible person.
    ppp = publish(
        clerk,
        reviewer,
        market,
        li,
        {
            "counterparties": [company(4, "济南西城城市建设运营有限公司")],
            "milestones": [{"title": "支付首期可用性付费", "due_on": days(-2)}],
        },
        kind=CommitmentKind.PPP,
        title="农贸市场改造PPP项目可用性付费按期支付",
        promise="政府方按PPP项目合同约定，于项目竣工验收后按期支付首期可用性付费。",
        made_on=made,
        document_number=f"槐市监PPP〔{made.year}〕1号",
    )
    commitment_breach(
        commitment=ppp,
        actor=office,
        on=days(-1),
        facts="首期可用性付费逾期未支付，经督促仍未支付。",
        tier=Tier.GENERAL,
    )
    ppp.refresh_from_db()
    for record in (ppp.breach_agency_record, ppp.breach_person_record):
        if record is not None:
            record_move(record, move="publish", actor=reviewer)  # another person than the office that wrote it

    # Submitted, awaiting review: a sub-district public pledge the credit office entered.
    pledge = enter(
        office,
        street,
        zhao,
        {"milestones": [{"title": "便民服务站延时服务上线", "due_on": days(25)}]},
        kind=CommitmentKind.SUB_DISTRICT_PLEDGE,
        title="社区便民服务站工作日延时服务至19:00",
        promise="辖区各社区便民服务站工作日延时服务至19:00，周六上午正常办理。",
        made_on=days(-2),
    )
    commitment_move(pledge, move="submit", actor=office)

    # A draft the clerk is still writing.
    enter(
        clerk,
        market,
        wang,
        {"counterparties": [company(5, "济南段店新材料有限公司")]},
        kind=CommitmentKind.INVESTMENT_PROMOTION,
        title="新材料项目用地保障",
        promise="在项目签约后90日内完成供地手续。",
        made_on=days(-1),
    )

    swept = milestone_sweep(today=today)
    stdout.write(
        f"commitments: {Commitment.objects.count()} in every state; milestone alerts {swept['overdue']}, "
        f"reminders {swept['reminders']}"
    )
