"""Demo objections by counterparties of published 双公示 penalties of 区市场监督管理局, for the
reviewer `shenhe` and for visitors of the public site: one open (the penalty shows
「异议处理中」, its query code is printed by seed_demo for the status page), one overdue, one
upheld and one not admissible. Imported by `objections.demo_data`, after the decisions exist."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.utils import timezone

from core import demo
from core.models import User
from objections.models import FilerKind, IdentifiedBy, Objection, Outcome
from objections.services.clock import objection_sweep
from objections.services.counterparty import Identification, counterparty_objection_file
from objections.services.objections import objection_answer
from records.demo_data import MARKET


@demo.register_seeder
def seed_counterparty_objections(stdout: Any) -> None:
    if Objection.objects.filter(filer_kind=FilerKind.COUNTERPARTY).exists():
        stdout.write("counterparty objections: already seeded")
        return
    from objections.demo_data import _backdate, _backdate_answered, _filed_on_for

    today = timezone.localdate()
    reviewer = User.objects.get(username="shenhe")
    # The demo's own decisions, by the app registry: objections does not import disclosure.
    AdministrativeAction = apps.get_model("disclosure", "AdministrativeAction")
    penalties = list(
        AdministrativeAction.objects.public()
        .filter(agency__name=MARKET, kind="penalty", counterparty_type="legal_person")
        .order_by("-decision_date", "-id")[:4]
    )
    if len(penalties) < 4:
        stdout.write("counterparty objections: not enough published penalties, skipped")
        return

    def filed(action: Any, reasons: str, state: str = "") -> Objection:
        # The identification and the mailed code are the filer's steps on the public pages;
        # the demo starts after them (a confirmed address of its own made-up company).
        identified = Identification(
            item_label="disclosure.administrativeaction",
            item_id=action.pk,
            email=f"fawu{action.pk}@example.com",
            identified_by=IdentifiedBy.CREDIT_CODE,
            agent=False,
            code_hash="",
            expires=0,
            confirmed=True,
        )
        objection = counterparty_objection_file(session={}, identified=identified, reasons=reasons)
        if state:
            _backdate(objection, _filed_on_for(today, state))
        return objection

    fresh = filed(penalties[0], "我公司已在立案前完成整改并销毁涉案食品，处罚认定的销售数量有误，请予核实。", "open")
    filed(penalties[1], "涉案批次食品系供货商召回前售出，我公司已履行进货查验义务，请求重新认定。", "overdue")
    upheld = filed(penalties[2], "处罚金额明显过高，请求减轻。")
    objection_answer(
        objection=upheld,
        actor=reviewer,
        outcome=Outcome.UPHELD,
        reply="经复核，处罚事实清楚、证据确凿、裁量适当，原处罚决定维持。",
    )
    rejected = filed(penalties[3], "希望撤下公示，以免影响招投标。")
    objection_answer(
        objection=rejected,
        actor=reviewer,
        outcome=Outcome.INADMISSIBLE,
        reply="异议未指出公示信息与事实不符之处，不属于异议受理范围，不予受理。",
    )
    for objection in (upheld, rejected):
        _backdate_answered(objection, today)
    sent = objection_sweep(today=today)  # the overdue one escalates and is a fact in the agency's file
    stdout.write(f"counterparty objections: 4 (open one: query code {fresh.query_code}; clock: {sent})")
