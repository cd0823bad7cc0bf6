"""Reads for the civil servant's repair pages: per record of the file, the open or approved
request and, if none, whether a request may be filed today and, if not, from when and why."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from objections.repair_models import REPAIR_OPEN_STATUSES, RepairRequest, RepairStatus
from objections.services.repair_rules import repair_eligibility
from records.models import CreditRecord


@dataclass
class RepairOption:
    record: CreditRecord
    request: RepairRequest | None  # the open or approved request, if any
    blocker: str  # "" when a request may be filed today

    @property
    def may_apply(self) -> bool:
        return self.request is None and not self.blocker


def repair_options(user: Any, records: list[CreditRecord], today: dt.date) -> dict[int, RepairOption]:
    """One query for the whole file; only the records the caller already read through the gate."""
    current: dict[int, RepairRequest] = {}
    rows = RepairRequest.objects.filter(
        record__in=[r.pk for r in records], status__in=[*REPAIR_OPEN_STATUSES, RepairStatus.APPROVED]
    ).order_by("filed_at")
    for request in rows:
        current[request.record_id] = request
    options = {}
    for record in records:
        request = current.get(record.pk)
        if request is not None and request.filed_by_id != user.pk:
            request = None  # never another person's row (cannot happen on an own record, but cheap)
        blocker = ""
        if request is None:
            eligibility = repair_eligibility(record, today)
            if not eligibility and eligibility.from_date is not None:
                blocker = _("Possible from %(day)s (%(why)s).") % {
                    "day": eligibility.from_date.isoformat(),
                    "why": eligibility.why,
                }
            elif not eligibility:
                blocker = eligibility.why
        options[record.pk] = RepairOption(record=record, request=request, blocker=blocker)
    return options
