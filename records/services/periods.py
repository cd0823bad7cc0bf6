"""Publicity and influence periods of credit records (docs/deadlines.md, "Records").

Pure functions of the stored dates, called when a record is saved; the results are stored
on the row (`public_until`, `min_public_until`, `influence_until`), so a sweep only compares
dates and never recomputes history. All periods are calendar months counted from the start
date, and the stored date is the last day inside the period.

- Publicity of a dishonesty record (国办发〔2025〕22号, 信用修复管理办法): minor — not public
  unless a reviewer approves 1 to 3 months; general — at least 3 months, at most 1 year;
  serious — at least 1 year, at most 3 years; from the decision date.
- Influence of a civil servant's sanction (公职人员政务处分法 art. 8): warning 6, demerit 12,
  major demerit 18, demotion and removal 24 months from the day it takes effect.
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta

from records.models import SanctionKind, Tier

# (least, most) months a published public dishonesty record stays on the public site.
PUBLICITY_MONTHS: dict[str, tuple[int, int]] = {Tier.MINOR: (1, 3), Tier.GENERAL: (3, 12), Tier.SERIOUS: (12, 36)}
# Without a choice: the longest period; a minor record without one is not public at all.
DEFAULT_PUBLICITY_MONTHS: dict[str, int | None] = {Tier.MINOR: None, Tier.GENERAL: 12, Tier.SERIOUS: 36}
# The minimum publicity period the repair rules read (none for minor records).
MINIMUM_PUBLICITY_MONTHS: dict[str, int | None] = {Tier.MINOR: None, Tier.GENERAL: 3, Tier.SERIOUS: 12}
INFLUENCE_MONTHS: dict[str, int] = {
    SanctionKind.WARNING: 6,
    SanctionKind.DEMERIT: 12,
    SanctionKind.MAJOR_DEMERIT: 18,
    SanctionKind.DEMOTION: 24,
    SanctionKind.REMOVAL: 24,
}


def last_day(start: dt.date, months: int) -> dt.date:
    """The last day of a period of ``months`` calendar months starting on ``start``
    (2026-01-31 + 1 month ends 2026-02-27: relativedelta clamps to the month's end)."""
    return start + relativedelta(months=months) - dt.timedelta(days=1)


def publicity_months(tier: str, chosen: int | None) -> int | None:
    """The months a public dishonesty record of ``tier`` stays public; None: not public."""
    return chosen if chosen is not None else DEFAULT_PUBLICITY_MONTHS.get(tier)


def public_until(decision_date: dt.date, tier: str, chosen: int | None) -> dt.date | None:
    months = publicity_months(tier, chosen)
    return last_day(decision_date, months) if months else None


def min_public_until(decision_date: dt.date, tier: str) -> dt.date | None:
    months = MINIMUM_PUBLICITY_MONTHS.get(tier)
    return last_day(decision_date, months) if months else None


def influence_until(sanction_kind: str, effective_on: dt.date) -> dt.date | None:
    months = INFLUENCE_MONTHS.get(sanction_kind)
    return last_day(effective_on, months) if months else None
