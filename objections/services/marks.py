"""「异议处理中」: the mark an open objection puts on its record wherever the record is shown.

Registered with `core.services.marks` in ObjectionsConfig.ready(), for `CreditRecord` and for
the published items a counterparty objects to (any model of `core.services.objectables`);
read from the open objections, one query for all the items of a page.
"""

from __future__ import annotations

from typing import Any

from django.db.models import CharField, Value
from django.utils.translation import gettext as _

from core.services.marks import Mark
from core.services.objectables import objectable
from objections.models import Objection
from objections.repair_models import REPAIR_OPEN_STATUSES, RepairRequest, RepairStatus
from objections.services.repair_marks import PENDING as REPAIR_PENDING
from objections.services.repair_marks import REPAIRED

PENDING = "objection_pending"


def pending_objection_marks(record_ids: list[Any]) -> dict[Any, list[Mark]]:
    pending = Objection.objects.open().filter(record_id__in=record_ids).values_list("record_id", flat=True)
    return {record_id: [pending_mark()] for record_id in pending}


def pending_item_marks(label: str, item_ids: list[Any]) -> dict[Any, list[Mark]]:
    """The marks a counterparty's requests put on a published item of another app: 「异议处理中」
    for an open objection, 「信用修复中」 for an open repair request (「已信用修复」 once approved;
    the item has then left the public site). One query (a UNION) for a whole page."""
    if objectable(label) is None:
        return {}  # no query for models nobody can object to
    app_label, model_name = label.split(".")
    # The content type by a join, not the per-process cache: one query, whatever ran before.
    of_item = {"item_type__app_label": app_label, "item_type__model": model_name, "item_id__in": item_ids}
    objections = (
        Objection.objects.open()
        .filter(**of_item)
        .order_by()
        .values_list("item_id", Value("objection", output_field=CharField()))
    )
    repairs = (
        RepairRequest.objects.filter(**of_item, status__in=[*REPAIR_OPEN_STATUSES, RepairStatus.APPROVED])
        .order_by()
        .values_list("item_id", "status")
    )
    marks: dict[Any, list[Mark]] = {}
    for item_id, kind in objections.union(repairs, all=True):
        if kind == "objection":
            mark = pending_mark()
        elif kind == RepairStatus.APPROVED:
            mark = Mark(code=REPAIRED, label=_("Credit repaired"))
        else:
            mark = Mark(code=REPAIR_PENDING, label=_("Credit repair being handled"))
        marks.setdefault(item_id, []).append(mark)
    return marks


def pending_mark() -> Mark:
    # 「异议处理中」 is the official wording; the English UI shows the translation.
    return Mark(code=PENDING, label=_("Objection being handled"))
