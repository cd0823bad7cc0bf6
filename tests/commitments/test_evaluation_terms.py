"""The commitments' terms of the integrity evaluation (registered from commitments' ready()):
each weight on hand-built cases, counted in the period the commitment was settled."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.checks import run_checks
from django.utils import timezone

from commitments.models import Commitment
from commitments.services.fulfilment import commitment_breach, commitment_fulfil
from core.models import Agency, CivilServant, User
from records import evaluation as formula
from records.models import EvaluationPeriod, EvaluationSnapshot
from records.services.evaluation import evaluation_run
from tests.commitments.conftest import make_published

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 5, 20)  # Q2


def snapshot(agency: Agency, period: str = EvaluationPeriod.YEAR) -> EvaluationSnapshot:
    return EvaluationSnapshot.objects.get(agency=agency, period=period, as_of=AS_OF)


def only(settings: Any, key: str, weight: str) -> None:
    settings.EVALUATION_WEIGHTS = {k: 0 for k in settings.EVALUATION_WEIGHTS} | {key: Decimal(weight)}


def settled_on(commitment: Commitment, day: dt.date) -> None:
    Commitment.objects.filter(pk=commitment.pk).update(settled_on=day)


@pytest.fixture
def make(clerk_a: User, reviewer_a: User, agency_a: Agency, person_a: CivilServant) -> Any:
    return lambda: make_published(clerk_a, reviewer_a, agency_a, person_a)


def test_the_terms_are_registered_with_weights() -> None:
    keys = {t.key for t in formula.evaluation_terms()}
    assert {"commitments_fulfilled", "commitments_breached"} <= keys
    assert not [m for m in run_checks() if m.id == "records.E001"]


def test_each_fulfilled_commitment_adds_its_weight(
    make: Any, reviewer_a: User, agency_a: Agency, settings: Any
) -> None:
    only(settings, "commitments_fulfilled", "3")
    settings.EVALUATION_WEIGHTS["dishonest_general"] = Decimal("-20")  # room for the offset
    for day in (dt.date(2026, 2, 1), dt.date(2026, 4, 15), dt.date(2025, 12, 1)):
        c = commitment_fulfil(commitment=make(), actor=reviewer_a, on=timezone.localdate(), note="已按协议兑现。")
        settled_on(c, day)
    from tests.records.test_evaluation import record

    record(agency_a, polarity="dishonest", tier="general", on=dt.date(2026, 1, 5))
    evaluation_run(as_of=AS_OF)
    year, quarter = snapshot(agency_a), snapshot(agency_a, EvaluationPeriod.QUARTER)
    assert year.counts["commitments_fulfilled"] == 2 and year.score == Decimal("86.0")
    assert quarter.counts["commitments_fulfilled"] == 1 and quarter.score == Decimal("100.0")


def test_each_breached_commitment_is_deducted(make: Any, credit_office: User, agency_a: Agency, settings: Any) -> None:
    only(settings, "commitments_breached", "-6")
    for day in (dt.date(2026, 1, 20), dt.date(2026, 5, 2)):
        c = commitment_breach(
            commitment=make(), actor=credit_office, on=timezone.localdate(), facts="逾期未兑现奖励资金。"
        )
        settled_on(c, day)
    evaluation_run(as_of=AS_OF)
    assert snapshot(agency_a).counts["commitments_breached"] == 2 and snapshot(agency_a).score == Decimal("88.0")
    assert snapshot(agency_a, EvaluationPeriod.QUARTER).score == Decimal("94.0")
    assert snapshot(agency_a).counts["commitments_fulfilled"] == 0
