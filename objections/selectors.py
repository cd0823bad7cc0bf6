"""Reads for the civil servant's own pages and API: their file, with marks and objections."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.services.marks import Mark, item_marks
from objections.models import Objection
from objections.services.objections import OBJECTABLE_STATUSES, objections_of_filer, own_records
from records.models import CreditRecord


@dataclass
class FileEntry:
    record: CreditRecord
    marks: list[Mark] = field(default_factory=list)
    objections: list[Objection] = field(default_factory=list)

    @property
    def open_objection(self) -> Objection | None:
        return next((o for o in self.objections if o.is_open), None)

    @property
    def may_object(self) -> bool:
        return self.record.status in OBJECTABLE_STATUSES and self.open_objection is None


def my_file(user: Any, record_id: int | None = None) -> list[FileEntry]:
    """Every record of the user's own file (published, expired, revoked; drafts are the
    agency's work in progress), newest decision first, with marks and objections: a fixed
    number of queries however long the file."""
    records = own_records(user).select_related("providing_agency", "agency").order_by("-decision_date", "-id")
    if record_id is not None:
        records = records.filter(pk=record_id)
    rows = list(records)
    marks = item_marks(CreditRecord, [r.pk for r in rows])
    by_record: dict[int, list[Objection]] = {}
    for objection in objections_of_filer(user).filter(record__in=[r.pk for r in rows]).order_by("-filed_at"):
        by_record.setdefault(objection.record_id, []).append(objection)
    return [FileEntry(record=r, marks=marks.get(r.pk, []), objections=by_record.get(r.pk, [])) for r in rows]
