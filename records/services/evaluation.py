"""Running the integrity evaluation: snapshots of every active agency for the year and the
quarter so far, as of one day (records/evaluation.py holds the formula).

Set-based: one query for the agencies, one aggregate query per term for every agency and both
periods, then the snapshots in bulk. A run for a day replaces that day's snapshots (a
recomputation after a correction) and never touches another day's, so history stays as it
was computed, with the weights it was computed with.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from core.models import Agency, AgencyKind
from core.services.audit import audit_record
from records import evaluation as formula
from records.models import EvaluationPeriod, EvaluationSnapshot, RankingGroup

BATCH = 1000


def ranking_group(kind: str) -> str:
    return RankingGroup.SUBDISTRICTS if kind == AgencyKind.SUBDISTRICT else RankingGroup.AGENCIES


def _ranked(snapshots: list[EvaluationSnapshot]) -> None:
    """Competition ranking (1, 2, 2, 4) by score within each group and period."""
    by_key: dict[tuple[str, str], list[EvaluationSnapshot]] = {}
    for s in snapshots:
        by_key.setdefault((s.group, s.period), []).append(s)
    for rows in by_key.values():
        rows.sort(key=lambda s: (-s.score, s.agency_id))
        previous: Decimal | None = None
        rank = 0
        for position, s in enumerate(rows, start=1):
            if s.score != previous:
                rank, previous = position, s.score
            s.rank = rank


@transaction.atomic
def evaluation_run(*, as_of: dt.date, actor: Any = None, trigger: str = "nightly") -> int:
    """Evaluate every active agency as of ``as_of``; returns the number of snapshots written."""
    periods = {
        EvaluationPeriod.YEAR: formula.year_period(as_of),
        EvaluationPeriod.QUARTER: formula.quarter_period(as_of),
    }
    ordered = list(periods.items())
    terms = formula.evaluation_terms()
    weights = formula.weights()
    base = formula.base()
    counted = {term.key: term.counts([p for _, p in ordered]) for term in terms}
    used_weights = {term.key: str(weights[term.key]) for term in terms}
    now = timezone.now()
    snapshots = []
    for agency_id, kind in Agency.objects.active().values_list("pk", "kind").order_by("pk"):
        for i, (period, (start, _end)) in enumerate(ordered):
            counts = {key: per_agency.get(agency_id, [0] * len(ordered))[i] for key, per_agency in counted.items()}
            value = formula.score(counts, weights=weights, base=base)
            snapshots.append(
                EvaluationSnapshot(
                    agency_id=agency_id,
                    period=period,
                    period_start=start,
                    as_of=as_of,
                    group=ranking_group(kind),
                    score=value,
                    grade=formula.grade(value),
                    rank=0,
                    counts=counts,
                    weights=used_weights,
                    base=base,
                    computed_at=now,
                )
            )
    _ranked(snapshots)
    same_day = EvaluationSnapshot.objects.filter(as_of=as_of, period_start__in=[p[0] for _, p in ordered])
    same_day.delete()
    # A run for an earlier day than one already stored (a back-fill) is history, not current.
    later = EvaluationSnapshot.objects.filter(
        period__in=list(periods), period_start__in=[p[0] for _, p in ordered], as_of__gt=as_of
    ).exists()
    for s in snapshots:
        s.current = not later
    if not later:
        for period, (start, _end) in ordered:
            EvaluationSnapshot.objects.filter(period=period, period_start=start, current=True).update(current=False)
    EvaluationSnapshot.objects.bulk_create(snapshots, batch_size=BATCH)
    audit_record(
        action="records.evaluation.run",
        actor=actor,
        object_type="records.evaluationsnapshot",
        object_id=as_of.isoformat(),
        object_repr=f"evaluation as of {as_of.isoformat()}",
        to_state=trigger,
        data={"as_of": as_of.isoformat(), "snapshots": len(snapshots), "weights": used_weights, "base": str(base)},
    )
    return len(snapshots)
