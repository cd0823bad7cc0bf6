"""When a record may be repaired, and the credit commitment (信用承诺书) that goes with it.

Eligibility reads the periods stored on the record by `records.services.periods` (never
recomputed here): a repair is possible from the day after the minimum publicity period
(`min_public_until`) and, for a record with a sanction, after its influence period
(`influence_until`), whichever ends later (信用修复管理办法; docs/lifecycles.md, "Credit repair").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from core.workflow import Status
from records.models import CreditRecord, Polarity

# A dishonesty record in the person's file: published (public or internal) or past its publicity.
REPAIRABLE_STATUSES = (Status.PUBLISHED, Status.EXPIRED)
COMMITMENT_TEMPLATE = "objections/repair/commitment.txt"


@dataclass(frozen=True)
class Eligibility:
    possible: bool
    from_date: dt.date | None  # the first day a request may be filed (None: never)
    why: str  # what the applicant reads beside a disabled button

    def __bool__(self) -> bool:
        return self.possible


def repair_eligibility(record: CreditRecord, today: dt.date) -> Eligibility:
    """Whether the record's own periods allow a repair request on ``today`` (open or approved
    requests are checked by the caller, which has them at hand)."""
    if record.polarity != Polarity.DISHONEST or record.status not in REPAIRABLE_STATUSES:
        return Eligibility(False, None, _("only a published dishonesty record can be repaired"))
    waits: list[tuple[dt.date, str]] = []
    if record.min_public_until is not None:
        waits.append((record.min_public_until, _("the minimum publicity period ends on %(day)s")))
    if record.influence_until is not None:
        waits.append((record.influence_until, _("the sanction's influence period ends on %(day)s")))
    if not waits:
        return Eligibility(True, record.decision_date, "")
    last, text = max(waits, key=lambda wait: wait[0])
    from_date = last + dt.timedelta(days=1)
    return Eligibility(today >= from_date, from_date, text % {"day": last.isoformat()})


def commitment_text(record: CreditRecord, today: dt.date) -> str:
    """The credit commitment for ``record``, as the applicant reads and accepts it."""
    person = record.civil_servant
    return render_to_string(
        COMMITMENT_TEMPLATE,
        {
            "name": person.name if person is not None else "",
            "document_number": record.document_number,
            "category": record.get_category_display(),
            "decision_date": record.decision_date,
            "today": today,
        },
    ).strip()
