"""The integrity evaluation's formula (政务诚信评价, issue 11 item 3): one module, weights as
settings, explained on the public page /evaluation/method/ (docs/architecture.md, "Evaluation").

    score = clamp(EVALUATION_BASE + Σ weight(term) × count(term, agency, period), 0, EVALUATION_BASE)

A *term* counts, per agency and per period, the rows of one kind that happened in the period:
published dishonesty records by tier, trustworthy records, missed deadlines (IntegrityFact
kinds). Each term is one aggregate query for every agency and every period at once (conditional
``COUNT … FILTER``), so a run costs one query per term whatever the number of records.

Later parts of the plan add terms by registration, never by editing this module's callers:
``register_evaluation_term(EvaluationTerm(...))`` from their ``AppConfig.ready()``, with the
weight added to ``settings.EVALUATION_WEIGHTS`` (a system check, records.E001, names a term
without one). The sanctions' terms (in force, missed deadlines) are here; commitments
(fulfilled, breached) registers its own from `commitments/apps.py`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.core import checks
from django.db.models import Count, F, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.workflow import Status
from records.models import CreditRecord, IntegrityFact, Polarity, Sanction, Tier

Period = tuple[dt.date, dt.date]  # first and last day, both included


@dataclass(frozen=True)
class EvaluationTerm:
    """One input of the formula.

    ``rows`` returns the queryset of what counts; ``agency_field`` names the agency it counts
    against and ``date_field`` the day it happened on. A term whose count is not "rows dated in
    the period" (e.g. sanctions active on the period's last day) gives ``counter`` instead: it
    takes the periods and returns {agency id: [count per period]} in one query.
    """

    key: str
    label: str | Promise
    rows: Callable[[], QuerySet[Any]] | None = None
    agency_field: str = "agency_id"
    date_field: str = "occurred_on"
    counter: Callable[[Sequence[Period]], dict[int, list[int]]] | None = None

    def counts(self, periods: Sequence[Period]) -> dict[int, list[int]]:
        if self.counter is not None:
            return self.counter(periods)
        assert self.rows is not None
        aggregates = {
            f"p{i}": Count("pk", filter=Q(**{f"{self.date_field}__range": period})) for i, period in enumerate(periods)
        }
        first = min(p[0] for p in periods)
        last = max(p[1] for p in periods)
        qs = (
            self.rows()
            .filter(**{f"{self.date_field}__range": (first, last)})
            .values(self.agency_field)
            .annotate(**aggregates)
            .order_by()
        )
        return {row[self.agency_field]: [row[f"p{i}"] for i in range(len(periods))] for row in qs}


_TERMS: dict[str, EvaluationTerm] = {}


def register_evaluation_term(term: EvaluationTerm) -> EvaluationTerm:
    """Add a term to the formula (idempotent by key, so a reloaded app does not count twice)."""
    _TERMS[term.key] = term
    return term


def evaluation_terms() -> list[EvaluationTerm]:
    return list(_TERMS.values())


# --- the terms records knows today (read through records' own models only) ---


def _counted_records() -> QuerySet[CreditRecord]:
    """Records of an agency's own file that stand: published, or published and since expired.
    Automatic records (written from an IntegrityFact) are left out here because their fact is
    counted by its own term; counting both would charge a missed deadline twice."""
    return CreditRecord.objects.filter(
        subject_agency__isnull=False, status__in=[Status.PUBLISHED, Status.EXPIRED], fact__isnull=True
    )


def dishonesty_records(tier: str) -> Callable[[], QuerySet[CreditRecord]]:
    return lambda: _counted_records().filter(polarity=Polarity.DISHONEST, tier=tier)


def trustworthy_records() -> QuerySet[CreditRecord]:
    return _counted_records().filter(polarity=Polarity.TRUSTWORTHY)


def integrity_facts(kind: str) -> Callable[[], QuerySet[IntegrityFact]]:
    return lambda: IntegrityFact.objects.filter(kind=kind)


for _tier, _label in (
    (Tier.SERIOUS, _("Serious dishonesty records")),
    (Tier.GENERAL, _("General dishonesty records")),
    (Tier.MINOR, _("Minor dishonesty records")),
):
    register_evaluation_term(
        EvaluationTerm(
            key=f"dishonest_{_tier}",
            label=_label,
            rows=dishonesty_records(_tier),
            agency_field="subject_agency_id",
            date_field="decision_date",
        )
    )
register_evaluation_term(
    EvaluationTerm(
        key="late_publication",
        label=_("Publication deadlines missed"),
        rows=integrity_facts(IntegrityFact.Kind.LATE_PUBLICATION),
    )
)
register_evaluation_term(
    EvaluationTerm(
        key="late_objection_answer",
        label=_("Objection answer deadlines missed"),
        rows=integrity_facts(IntegrityFact.Kind.LATE_OBJECTION_ANSWER),
    )
)
register_evaluation_term(
    EvaluationTerm(
        key="trustworthy",
        label=_("Trustworthy records"),
        rows=trustworthy_records,
        agency_field="subject_agency_id",
        date_field="decision_date",
    )
)


# --- sanctions (plan item 5): records' own model, counted per period in one query ---

_STANDING = [Status.PUBLISHED, Status.EXPIRED]


def _per_period(qs: QuerySet[Any], periods: Sequence[Period], condition: Callable[[Period], Q]) -> dict[int, list[int]]:
    aggregates = {f"p{i}": Count("pk", filter=condition(period)) for i, period in enumerate(periods)}
    rows = qs.values("record__subject_agency_id").annotate(**aggregates).order_by()
    return {
        row["record__subject_agency_id"]: [row[f"p{i}"] for i in range(len(periods))]
        for row in rows
        if row["record__subject_agency_id"] is not None
    }


def active_sanctions(periods: Sequence[Period]) -> dict[int, list[int]]:
    """Sanctions on an agency's own standing records that were in force at some time in the
    period: begun by its last day, not ended nor lifted before its first."""

    def in_force(period: Period) -> Q:
        first, last = period
        return (
            Q(active_from__lte=last)
            & (Q(active_until__isnull=True) | Q(active_until__gte=first))
            & (Q(lifted_at__isnull=True) | Q(lifted_at__date__gte=first))
        )

    qs = Sanction.objects.filter(record__subject_agency__isnull=False, record__status__in=_STANDING)
    return _per_period(qs, periods, in_force)


def missed_sanction_deadlines(periods: Sequence[Period]) -> dict[int, list[int]]:
    """Explanations and rectifications due in the period and not done by the due day: still
    open after it (the day itself is allowed), or completed after it. A lifted measure is not
    charged (its record was revoked or repaired)."""

    def missed(period: Period) -> Q:
        last = period[1]
        return Q(due_on__range=period) & (
            Q(completed_on__isnull=True, due_on__lt=last) | Q(completed_on__gt=F("due_on"))
        )

    qs = Sanction.objects.filter(
        kind__in=Sanction.DUE_KINDS,
        record__subject_agency__isnull=False,
        record__status__in=_STANDING,
        lifted_at__isnull=True,
    )
    return _per_period(qs, periods, missed)


register_evaluation_term(
    EvaluationTerm(key="active_sanctions", label=_("Sanctions in force"), counter=active_sanctions)
)
register_evaluation_term(
    EvaluationTerm(
        key="missed_sanction_deadlines",
        label=_("Explanation and rectification deadlines missed"),
        counter=missed_sanction_deadlines,
    )
)

# --- the formula ---

ONE_PLACE = Decimal("0.1")


def weights() -> dict[str, Decimal]:
    """The weights in force, by term key (settings.EVALUATION_WEIGHTS)."""
    return {key: Decimal(str(value)) for key, value in settings.EVALUATION_WEIGHTS.items()}


def base() -> Decimal:
    return Decimal(str(settings.EVALUATION_BASE))


def score(counts: dict[str, int], *, weights: dict[str, Decimal], base: Decimal) -> Decimal:
    """The formula itself: base plus each count times its weight, kept between 0 and base (so
    trustworthy conduct offsets deductions but never lifts a score above the base)."""
    total = base + sum((weights[key] * n for key, n in counts.items()), Decimal(0))
    return min(max(total, Decimal(0)), base).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def grade(value: Decimal) -> str:
    """A (优秀), B (良好), C (合格) or D (不合格) by the thresholds in EVALUATION_GRADES."""
    for letter, minimum in settings.EVALUATION_GRADES:
        if value >= Decimal(str(minimum)):
            return str(letter)
    return "D"


GRADE_LABELS = {"A": _("Excellent (优秀)"), "B": _("Good (良好)"), "C": _("Pass (合格)"), "D": _("Fail (不合格)")}


def year_period(as_of: dt.date) -> Period:
    return (dt.date(as_of.year, 1, 1), as_of)


def quarter_period(as_of: dt.date) -> Period:
    first_month = 3 * ((as_of.month - 1) // 3) + 1
    return (dt.date(as_of.year, first_month, 1), as_of)


@checks.register()
def check_weights(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    missing = [t.key for t in evaluation_terms() if t.key not in settings.EVALUATION_WEIGHTS]
    return [
        checks.Error(
            f"evaluation term {key!r} has no weight in settings.EVALUATION_WEIGHTS", id="records.E001", obj=key
        )
        for key in missing
    ]
