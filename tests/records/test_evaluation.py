"""The integrity evaluation (issue 11, item 3): the formula on hand-built cases, every weight,
snapshots that survive a change of weights, separate sub-district ranking, and a nightly run
whose query count does not grow with the records per agency."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

import pytest
from django.core.checks import run_checks

from core.models import Agency, AgencyKind
from core.workflow import Status
from records import evaluation as formula
from records.models import (
    Category,
    CreditRecord,
    EvaluationPeriod,
    EvaluationSnapshot,
    IntegrityFact,
    Polarity,
    RankingGroup,
    Tier,
    UseScope,
)
from records.services.evaluation import evaluation_run
from records.tasks import nightly_evaluation
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 5, 20)  # Q2: the quarter starts 1 April
_serial = itertools.count(1)


def record(agency: Agency, *, polarity: str, tier: str = "", on: dt.date = AS_OF, **extra: Any) -> CreditRecord:
    return CreditRecord.objects.create(
        agency=agency,
        subject_agency=agency,
        category=Category.CONTRACT_FULFILMENT,
        polarity=polarity,
        tier=tier,
        decision_date=on,
        summary="手工构造的记录。",
        use_scope=UseScope.PUBLIC,
        status=extra.pop("status", Status.PUBLISHED),
        **extra,
    )


def fact(agency: Agency, kind: str, on: dt.date = AS_OF) -> IntegrityFact:
    return IntegrityFact.objects.create(
        agency=agency, kind=kind, object_type="test.thing", object_id=str(next(_serial)), occurred_on=on
    )


def snapshot(agency: Agency, period: str = EvaluationPeriod.YEAR, as_of: dt.date = AS_OF) -> EvaluationSnapshot:
    return EvaluationSnapshot.objects.get(agency=agency, period=period, as_of=as_of)


@pytest.fixture
def agency() -> Agency:
    return AgencyFactory.create(name="被评价局")


def test_a_clean_file_scores_the_base_and_grade_a(agency: Agency) -> None:
    evaluation_run(as_of=AS_OF)
    s = snapshot(agency)
    assert s.score == Decimal("100.0") and s.grade == "A" and s.base == Decimal("100.0")
    assert set(s.counts) == {t.key for t in formula.evaluation_terms()}
    assert all(n == 0 for n in s.counts.values())


@pytest.mark.parametrize(
    ("make", "key"),
    [
        (lambda a: record(a, polarity=Polarity.DISHONEST, tier=Tier.SERIOUS), "dishonest_serious"),
        (lambda a: record(a, polarity=Polarity.DISHONEST, tier=Tier.GENERAL), "dishonest_general"),
        (lambda a: record(a, polarity=Polarity.DISHONEST, tier=Tier.MINOR), "dishonest_minor"),
        (lambda a: fact(a, IntegrityFact.Kind.LATE_PUBLICATION), "late_publication"),
        (lambda a: fact(a, IntegrityFact.Kind.LATE_OBJECTION_ANSWER), "late_objection_answer"),
    ],
)
def test_each_deduction_weight_counts_once_per_item(agency: Agency, settings: Any, make: Any, key: str) -> None:
    # One weight set apart from the others, so the score shows which term was applied.
    settings.EVALUATION_WEIGHTS = {k: -1 for k in settings.EVALUATION_WEIGHTS} | {key: Decimal("-7.5")}
    make(agency)
    make(agency)
    evaluation_run(as_of=AS_OF)
    s = snapshot(agency)
    assert s.counts[key] == 2
    assert s.score == Decimal("85.0")
    assert s.weights[key] == "-7.5"


def test_trustworthy_records_offset_deductions_but_never_pass_the_base(agency: Agency, settings: Any) -> None:
    settings.EVALUATION_WEIGHTS = settings.EVALUATION_WEIGHTS | {"trustworthy": 4, "dishonest_general": -10}
    record(agency, polarity=Polarity.DISHONEST, tier=Tier.GENERAL)
    record(agency, polarity=Polarity.TRUSTWORTHY)
    other = AgencyFactory.create(name="守信局")
    for _ in range(3):
        record(other, polarity=Polarity.TRUSTWORTHY)
    evaluation_run(as_of=AS_OF)
    assert snapshot(agency).score == Decimal("94.0")
    assert snapshot(other).score == Decimal("100.0") and snapshot(other).counts["trustworthy"] == 3


def test_the_score_never_falls_below_zero(agency: Agency) -> None:
    for _ in range(6):
        record(agency, polarity=Polarity.DISHONEST, tier=Tier.SERIOUS)
    evaluation_run(as_of=AS_OF)
    assert snapshot(agency).score == Decimal("0.0") and snapshot(agency).grade == "D"


def test_grades_follow_the_thresholds() -> None:
    assert [formula.grade(Decimal(v)) for v in ("90", "89.9", "75", "60", "59.9")] == ["A", "B", "B", "C", "D"]


def test_only_standing_records_of_the_period_count(agency: Agency) -> None:
    record(agency, polarity=Polarity.DISHONEST, tier=Tier.GENERAL, on=dt.date(2026, 1, 5))  # this year, Q1
    record(agency, polarity=Polarity.DISHONEST, tier=Tier.GENERAL, on=dt.date(2026, 4, 2))  # this quarter
    record(agency, polarity=Polarity.DISHONEST, tier=Tier.GENERAL, on=dt.date(2025, 12, 31))  # last year
    record(agency, polarity=Polarity.DISHONEST, tier=Tier.GENERAL, on=dt.date(2026, 5, 21))  # after the day
    record(agency, polarity=Polarity.DISHONEST, tier=Tier.GENERAL, status=Status.SUBMITTED)  # not published
    record(agency, polarity=Polarity.DISHONEST, tier=Tier.GENERAL, status=Status.REVOKED)  # revoked
    record(agency, polarity=Polarity.DISHONEST, tier=Tier.GENERAL, on=dt.date(2026, 2, 1), status=Status.EXPIRED)
    evaluation_run(as_of=AS_OF)
    assert snapshot(agency).counts["dishonest_general"] == 3
    assert snapshot(agency, EvaluationPeriod.QUARTER).counts["dishonest_general"] == 1
    assert snapshot(agency).score == Decimal("76.0")
    assert snapshot(agency, EvaluationPeriod.QUARTER).score == Decimal("92.0")


def test_a_missed_deadline_is_charged_once_not_again_through_its_automatic_record(agency: Agency) -> None:
    from records.services.facts import record_from_fact

    f = fact(agency, IntegrityFact.Kind.LATE_PUBLICATION)
    record_from_fact(fact=f, obj=agency)
    evaluation_run(as_of=AS_OF)
    s = snapshot(agency)
    assert s.counts["late_publication"] == 1 and s.counts["dishonest_minor"] == 0
    assert s.score == Decimal("98.0")


def test_a_snapshot_survives_a_change_of_weights(agency: Agency, settings: Any) -> None:
    record(agency, polarity=Polarity.DISHONEST, tier=Tier.SERIOUS, on=dt.date(2026, 5, 1))
    evaluation_run(as_of=AS_OF)
    settings.EVALUATION_WEIGHTS = settings.EVALUATION_WEIGHTS | {"dishonest_serious": -40}
    later = AS_OF + dt.timedelta(days=1)
    evaluation_run(as_of=later)
    before, after = snapshot(agency), snapshot(agency, as_of=later)
    assert (before.score, before.weights["dishonest_serious"]) == (Decimal("80.0"), "-20")
    assert (after.score, after.weights["dishonest_serious"]) == (Decimal("60.0"), "-40")
    assert not before.current and after.current


def test_a_second_run_for_the_same_day_replaces_that_day_only(agency: Agency) -> None:
    evaluation_run(as_of=AS_OF - dt.timedelta(days=1))
    evaluation_run(as_of=AS_OF)
    record(agency, polarity=Polarity.DISHONEST, tier=Tier.MINOR, on=AS_OF)
    evaluation_run(as_of=AS_OF, trigger="manual")
    assert EvaluationSnapshot.objects.filter(agency=agency, as_of=AS_OF).count() == 2
    assert snapshot(agency).score == Decimal("97.0")
    assert snapshot(agency, as_of=AS_OF - dt.timedelta(days=1)).score == Decimal("100.0")


def test_a_backfill_for_an_earlier_day_does_not_take_current(agency: Agency) -> None:
    evaluation_run(as_of=AS_OF)
    evaluation_run(as_of=AS_OF - dt.timedelta(days=3))
    assert snapshot(agency).current
    assert not snapshot(agency, as_of=AS_OF - dt.timedelta(days=3)).current


def test_sub_district_offices_are_ranked_among_themselves() -> None:
    dept_good, dept_bad = AgencyFactory.create(name="甲局"), AgencyFactory.create(name="乙局")
    street_good = AgencyFactory.create(name="甲街道", kind=AgencyKind.SUBDISTRICT)
    street_bad = AgencyFactory.create(name="乙街道", kind=AgencyKind.SUBDISTRICT)
    street_tied = AgencyFactory.create(name="丙街道", kind=AgencyKind.SUBDISTRICT)
    record(dept_bad, polarity=Polarity.DISHONEST, tier=Tier.GENERAL)
    record(street_bad, polarity=Polarity.DISHONEST, tier=Tier.SERIOUS)
    evaluation_run(as_of=AS_OF)
    assert snapshot(street_good).group == RankingGroup.SUBDISTRICTS
    assert (snapshot(street_good).rank, snapshot(street_tied).rank, snapshot(street_bad).rank) == (1, 1, 3)
    assert snapshot(dept_good).group == RankingGroup.AGENCIES
    assert (snapshot(dept_good).rank, snapshot(dept_bad).rank) == (1, 2)


def test_inactive_agencies_are_not_evaluated(agency: Agency) -> None:
    gone = AgencyFactory.create(name="撤销局", is_active=False)
    evaluation_run(as_of=AS_OF)
    assert not EvaluationSnapshot.objects.filter(agency=gone).exists()


def test_the_run_is_audited_with_its_weights(agency: Agency) -> None:
    from core.models import AuditEvent

    evaluation_run(as_of=AS_OF, trigger="manual")
    event = AuditEvent.objects.get(action="records.evaluation.run")
    assert event.to_state == "manual" and event.data["weights"]["dishonest_serious"] == "-20"


def test_the_nightly_task_evaluates_yesterday(agency: Agency) -> None:
    import time_machine

    with time_machine.travel(dt.datetime(2026, 5, 21, 0, 30, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False):
        assert nightly_evaluation.delay().get() == 2 * Agency.objects.active().count()
    assert snapshot(agency, as_of=dt.date(2026, 5, 20)).current


def test_a_registered_term_without_a_weight_fails_the_system_check(settings: Any) -> None:
    term = formula.EvaluationTerm(key="breached_commitments", label="x", rows=lambda: IntegrityFact.objects.none())
    formula.register_evaluation_term(term)
    try:
        assert "records.E001" in [m.id for m in run_checks()]
        settings.EVALUATION_WEIGHTS = settings.EVALUATION_WEIGHTS | {"breached_commitments": -10}
        assert "records.E001" not in [m.id for m in run_checks()]
    finally:
        formula._TERMS.pop("breached_commitments")


def _fill(agencies: list[Agency], per_agency: int) -> None:
    rows = []
    for a in agencies:
        for i in range(per_agency):
            tier = (Tier.MINOR, Tier.GENERAL, Tier.SERIOUS)[i % 3]
            rows.append(
                CreditRecord(
                    agency=a,
                    subject_agency=a,
                    category=Category.AUDIT,
                    polarity=Polarity.DISHONEST if i % 4 else Polarity.TRUSTWORTHY,
                    tier=tier if i % 4 else "",
                    decision_date=AS_OF - dt.timedelta(days=i % 100),
                    summary="批量",
                    use_scope=UseScope.INTERNAL,
                    status=Status.PUBLISHED,
                )
            )
    CreditRecord.objects.bulk_create(rows)
    IntegrityFact.objects.bulk_create(
        IntegrityFact(
            agency=a,
            kind=IntegrityFact.Kind.LATE_PUBLICATION,
            object_type="t",
            object_id=f"{a.pk}-{i}",
            occurred_on=AS_OF,
        )
        for a in agencies
        for i in range(per_agency // 2)
    )


@pytest.mark.parametrize("per_agency", [2, 40])
def test_the_run_costs_the_same_queries_however_many_records(django_assert_num_queries: Any, per_agency: int) -> None:
    agencies = [AgencyFactory.create() for _ in range(5)]
    _fill(agencies, per_agency)
    evaluation_run(as_of=AS_OF - dt.timedelta(days=1))  # the audit chain's head exists from now on
    # savepoint, 10 terms (records 8, commitments 2), agencies, delete, later?, 2 × current, insert, audit (head, event,
    # previous event, head update), release: 21 at 2 records per agency and at 40
    with django_assert_num_queries(21):
        evaluation_run(as_of=AS_OF)
