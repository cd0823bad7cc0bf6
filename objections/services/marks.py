"""「异议处理中」: the mark an open objection puts on its record wherever the record is shown.

Registered with `core.services.marks` in ObjectionsConfig.ready(), for `CreditRecord` and for
the published items a counterparty objects to (any model of `core.services.objectables`);
read from the open objections, one query for all the items of a page.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from core.services.marks import Mark
from core.services.objectables import objectable
from objections.models import Objection

PENDING = "objection_pending"


def pending_objection_marks(record_ids: list[Any]) -> dict[Any, list[Mark]]:
    pending = Objection.objects.open().filter(record_id__in=record_ids).values_list("record_id", flat=True)
    return {record_id: [pending_mark()] for record_id in pending}


def pending_item_objection_marks(label: str, item_ids: list[Any]) -> dict[Any, list[Mark]]:
    """The same mark on a published item of another app (a counterparty's objection)."""
    if objectable(label) is None:
        return {}  # no query for models nobody can object to
    app_label, model_name = label.split(".")
    # The content type by a join, not the per-process cache: one query, whatever ran before.
    pending = (
        Objection.objects.open()
        .filter(item_type__app_label=app_label, item_type__model=model_name, item_id__in=item_ids)
        .values_list("item_id", flat=True)
    )
    return {item_id: [pending_mark()] for item_id in pending}


def pending_mark() -> Mark:
    # 「异议处理中」 is the official wording; the English UI shows the translation.
    return Mark(code=PENDING, label=_("Objection being handled"))
