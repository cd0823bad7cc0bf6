"""Reads of the records app that carry rules: the evaluation table and an agency's history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from core.models import Agency
from records.models import EvaluationPeriod, EvaluationSnapshot, RankingGroup

TREND_QUARTERS = 8


def evaluation_years() -> list[int]:
    """Years that have a year snapshot, newest first."""
    starts = (
        EvaluationSnapshot.objects.filter(period=EvaluationPeriod.YEAR, current=True)
        .values_list("period_start", flat=True)
        .distinct()
        .order_by("-period_start")
    )
    return [d.year for d in starts]


def _quarter_starts(year: int, last: dt.date | None) -> list[dt.date]:
    """The first days of the TREND_QUARTERS quarters ending with the year's last (or ``last``'s)."""
    end = last or dt.date(year, 12, 31)
    q = (end.month - 1) // 3
    starts = []
    y = end.year
    for _ in range(TREND_QUARTERS):
        starts.append(dt.date(y, 3 * q + 1, 1))
        q -= 1
        if q < 0:
            q, y = 3, y - 1
    return list(reversed(starts))


@dataclass
class EvaluationRow:
    agency: Agency
    year: EvaluationSnapshot
    quarter: EvaluationSnapshot | None = None
    trend: list[tuple[dt.date, EvaluationSnapshot | None]] = field(default_factory=list)


def evaluation_table(year: int) -> dict[str, list[EvaluationRow]]:
    """The year's newest scores by ranking group, rank order, each with the last quarter's
    score and the quarter-by-quarter trend; three queries whatever the number of agencies."""
    years = list(
        EvaluationSnapshot.objects.filter(period=EvaluationPeriod.YEAR, current=True, period_start=dt.date(year, 1, 1))
        .select_related("agency")
        .order_by("group", "rank", "agency__name")
    )
    as_of = max((s.as_of for s in years), default=None)
    starts = _quarter_starts(year, as_of)
    quarters: dict[tuple[int, dt.date], EvaluationSnapshot] = {
        (s.agency_id, s.period_start): s
        for s in EvaluationSnapshot.objects.filter(
            period=EvaluationPeriod.QUARTER, current=True, period_start__in=starts
        ).only("agency_id", "period_start", "score", "grade", "as_of")
    }
    table: dict[str, list[EvaluationRow]] = {g.value: [] for g in RankingGroup}
    for s in years:
        row = EvaluationRow(agency=s.agency, year=s)
        row.trend = [(start, quarters.get((s.agency_id, start))) for start in starts]
        row.quarter = row.trend[-1][1]
        table[s.group].append(row)
    return table


def agency_evaluation_history(agency: Any) -> dict[str, Any]:
    """An agency's newest year and quarter scores and its final score of every year."""
    snapshots = list(
        EvaluationSnapshot.objects.filter(agency=agency, current=True).order_by("-period_start", "period")[:40]
    )
    years = [s for s in snapshots if s.period == EvaluationPeriod.YEAR]
    quarter = next((s for s in snapshots if s.period == EvaluationPeriod.QUARTER), None)
    return {"current": years[0] if years else None, "quarter": quarter, "years": years}
