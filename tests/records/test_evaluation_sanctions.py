"""The sanctions' terms of the integrity evaluation, each weight on hand-built cases:
sanctions in force in the period, and explanation/rectification deadlines missed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from core.models import Agency
from core.workflow import Status
from records import evaluation as formula
from records.models import EvaluationPeriod, EvaluationSnapshot, Polarity, Sanction, Tier
from records.services.evaluation import evaluation_run
from tests.factories import AgencyFactory
from tests.records.test_evaluation import AS_OF, record

pytestmark = pytest.mark.django_db
Q2 = dt.date(2026, 4, 1)


def snapshot(agency: Agency, period: str = EvaluationPeriod.YEAR) -> EvaluationSnapshot:
    return EvaluationSnapshot.objects.get(agency=agency, period=period, as_of=AS_OF)


def sanction(
    agency: Agency, kind: str = "award_ineligibility", status: str = Status.PUBLISHED, **extra: Any
) -> Sanction:
    rec = record(agency, polarity=Polarity.DISHONEST, tier=Tier.MINOR, on=dt.date(2025, 6, 1), status=status)
    extra.setdefault("active_from", dt.date(2025, 6, 1))
    return Sanction.objects.create(record=rec, agency=agency, kind=kind, **extra)


@pytest.fixture
def agency() -> Agency:
    return AgencyFactory.create(name="受惩戒局")


def only(settings: Any, key: str, weight: str) -> None:
    # Every other weight zero, so the score shows this term alone.
    settings.EVALUATION_WEIGHTS = {k: 0 for k in settings.EVALUATION_WEIGHTS} | {key: Decimal(weight)}


def test_each_sanction_in_force_in_the_period_is_deducted(agency: Agency, settings: Any) -> None:
    only(settings, "active_sanctions", "-4")
    sanction(agency)  # since last year, open-ended: both periods
    sanction(agency, active_until=dt.date(2026, 3, 31))  # ended in Q1: the year only
    sanction(agency, active_from=dt.date(2026, 5, 21))  # begins after the day: neither
    sanction(agency, active_until=dt.date(2025, 12, 31))  # ended last year: neither
    sanction(agency, lifted_at=dt.datetime(2026, 2, 1, 9, tzinfo=dt.UTC))  # lifted in Q1: the year only
    sanction(agency, lifted_at=dt.datetime(2025, 7, 1, 9, tzinfo=dt.UTC))  # lifted last year: neither
    sanction(agency, status=Status.REVOKED)  # its record no longer stands
    evaluation_run(as_of=AS_OF)
    year, quarter = snapshot(agency), snapshot(agency, EvaluationPeriod.QUARTER)
    assert year.counts["active_sanctions"] == 3 and year.score == Decimal("88.0")
    assert quarter.counts["active_sanctions"] == 1 and quarter.score == Decimal("96.0")
    assert year.weights["active_sanctions"] == "-4"


def test_a_deadline_missed_or_met_late_is_deducted_in_the_period_it_fell_due(agency: Agency, settings: Any) -> None:
    only(settings, "missed_sanction_deadlines", "-5")
    due: dict[str, Any] = {"kind": "rectification", "active_from": dt.date(2026, 1, 10)}
    sanction(agency, **due, due_on=dt.date(2026, 2, 1))  # still open: missed (year)
    sanction(agency, **due, due_on=dt.date(2026, 4, 10), completed_on=dt.date(2026, 4, 20))  # late: missed (Q2)
    sanction(agency, **due, due_on=dt.date(2026, 4, 10), completed_on=dt.date(2026, 4, 10))  # on the day: met
    sanction(agency, **due, due_on=AS_OF)  # due today: not missed yet
    sanction(agency, **due, due_on=dt.date(2026, 3, 1), lifted_at=dt.datetime(2026, 3, 5, tzinfo=dt.UTC))  # lifted
    sanction(agency, kind="explanation", active_from=dt.date(2025, 11, 1), due_on=dt.date(2025, 12, 1))  # last year
    evaluation_run(as_of=AS_OF)
    year, quarter = snapshot(agency), snapshot(agency, EvaluationPeriod.QUARTER)
    assert year.counts["missed_sanction_deadlines"] == 2 and year.score == Decimal("90.0")
    assert quarter.counts["missed_sanction_deadlines"] == 1 and quarter.score == Decimal("95.0")


def test_another_agencys_sanctions_do_not_count(agency: Agency, settings: Any) -> None:
    only(settings, "active_sanctions", "-4")
    sanction(AgencyFactory.create(name="别的局"))
    evaluation_run(as_of=AS_OF)
    assert snapshot(agency).counts["active_sanctions"] == 0 and snapshot(agency).score == Decimal("100.0")


def test_the_method_page_lists_every_term_with_its_weight(client: Any) -> None:
    from django.core.cache import cache
    from django.urls import reverse
    from django.utils import translation

    cache.clear()
    with translation.override("en"):
        page = client.get(reverse("records:evaluation-method")).content.decode()
    keys = {t.key for t in formula.evaluation_terms()}
    assert {"active_sanctions", "missed_sanction_deadlines", "commitments_fulfilled", "commitments_breached"} <= keys
    table = page[page.index('data-testid="weights"') :]
    assert table[: table.index("</table>")].count("<tr>") == len(keys) + 1  # the header and one row per term
