"""「异议处理中」: the mark an open objection puts on its record wherever the record is shown.

Registered with `core.services.marks` for `CreditRecord` in ObjectionsConfig.ready(); read
from the open objections, one query for all the records of a page.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from core.services.marks import Mark
from objections.models import Objection

PENDING = "objection_pending"


def pending_objection_marks(record_ids: list[Any]) -> dict[Any, list[Mark]]:
    pending = Objection.objects.open().filter(record_id__in=record_ids).values_list("record_id", flat=True)
    # 「异议处理中」 is the official wording; the English UI shows the translation.
    return {record_id: [Mark(code=PENDING, label=_("Objection being handled"))] for record_id in pending}
