"""「信用修复中」 while a repair request is open, 「已信用修复」 once approved: marks on the record
wherever it is shown (registered with `core.services.marks` in ObjectionsConfig.ready()); one
query for all the records of a page."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from core.services.marks import Mark
from objections.repair_models import REPAIR_OPEN_STATUSES, RepairRequest, RepairStatus

PENDING = "repair_pending"
REPAIRED = "repaired"


def repair_marks(record_ids: list[Any]) -> dict[Any, list[Mark]]:
    rows = RepairRequest.objects.filter(
        record_id__in=record_ids, status__in=[*REPAIR_OPEN_STATUSES, RepairStatus.APPROVED]
    ).values_list("record_id", "status")
    marks: dict[Any, list[Mark]] = {}
    for record_id, status in rows:
        if status == RepairStatus.APPROVED:
            marks[record_id] = [Mark(code=REPAIRED, label=_("Credit repaired"))]
        else:
            marks.setdefault(record_id, [Mark(code=PENDING, label=_("Credit repair being handled"))])
    return marks
