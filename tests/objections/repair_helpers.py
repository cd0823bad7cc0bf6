"""Builders for credit repair: a published dishonesty record of the civil servant's own file
(decided 2026-01-05, general: minimum publicity period to 2026-04-04), filed on a given day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.models import CivilServant, User
from objections.repair_models import RepairRequest
from objections.services.repair import repair_file
from records.models import Category, CreditRecord, Polarity, Tier, UseScope
from tests.objections.conftest import at, pdf, published_record

DECIDED = dt.date(2026, 1, 5)
STATEMENT = "本人已按整改要求全面完成整改，并已书面说明情况，相关证明材料附后。"


def dishonest_record(servant: CivilServant, clerk: User, reviewer: User, **overrides: Any) -> CreditRecord:
    data: dict[str, Any] = {
        "category": Category.DISCIPLINARY_SANCTION,
        "polarity": Polarity.DISHONEST,
        "tier": Tier.GENERAL,
        "decision_date": DECIDED,
        "document_number": "槐纪〔2026〕3号",
        "summary": "2026年1月违反工作纪律，受到处理。",
        "use_scope": UseScope.PUBLIC,
    }
    data.update(overrides)
    with at(data["decision_date"] + dt.timedelta(days=3)):
        return published_record(servant, clerk, reviewer, **data)


def file_repair(servant: CivilServant, record: CreditRecord, day: dt.date, **kw: Any) -> RepairRequest:
    assert servant.user is not None
    kw.setdefault("uploads", [pdf()])
    kw.setdefault("commitment_accepted", True)
    kw.setdefault("statement", STATEMENT)
    with at(day):
        return repair_file(actor=servant.user, record_id=record.pk, **kw)
