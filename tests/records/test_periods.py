"""Publicity periods of dishonesty records and influence periods of sanctions, on their boundaries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from core.models import Agency, CivilServant, User
from records.models import Category, CreditRecord, Polarity, SanctionKind, Tier, UseScope
from records.services import periods
from records.services.records import record_create
from tests.records.conftest import agency_record_data, servant_record_data

pytestmark = pytest.mark.django_db

DECIDED = dt.date(2025, 3, 15)


def test_periods_count_calendar_months_and_end_the_day_before_the_anniversary() -> None:
    assert periods.last_day(DECIDED, 3) == dt.date(2025, 6, 14)
    assert periods.last_day(DECIDED, 12) == dt.date(2026, 3, 14)
    assert periods.last_day(DECIDED, 36) == dt.date(2028, 3, 14)
    assert periods.last_day(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 27)  # no 29 February in 2025


@pytest.mark.parametrize(
    ("tier", "chosen", "until", "minimum"),
    [
        (Tier.GENERAL, None, dt.date(2026, 3, 14), dt.date(2025, 6, 14)),  # at most a year, at least 3 months
        (Tier.GENERAL, 3, dt.date(2025, 6, 14), dt.date(2025, 6, 14)),
        (Tier.SERIOUS, None, dt.date(2028, 3, 14), dt.date(2026, 3, 14)),  # at most 3 years, at least 1
        (Tier.SERIOUS, 12, dt.date(2026, 3, 14), dt.date(2026, 3, 14)),
        (Tier.MINOR, 3, dt.date(2025, 6, 14), None),  # minor: only a chosen period, no minimum
        (Tier.MINOR, 1, dt.date(2025, 4, 14), None),
    ],
)
def test_a_public_dishonesty_record_stores_its_periods_from_the_decision_date(
    clerk_a: User, agency_a: Agency, tier: str, chosen: int | None, until: dt.date, minimum: dt.date | None
) -> None:
    record = record_create(
        actor=clerk_a,
        data=agency_record_data(
            agency_a, tier=tier, publicity_months=chosen, decision_date=DECIDED, use_scope=UseScope.PUBLIC
        ),
    )
    assert (record.public_until, record.min_public_until) == (until, minimum)


@pytest.mark.parametrize(
    ("tier", "months"),
    [(Tier.MINOR, 0), (Tier.MINOR, 4), (Tier.GENERAL, 2), (Tier.GENERAL, 13), (Tier.SERIOUS, 11), (Tier.SERIOUS, 37)],
)
def test_a_publicity_period_outside_the_tiers_bounds_is_refused(
    clerk_a: User, agency_a: Agency, tier: str, months: int
) -> None:
    with pytest.raises(ValidationError) as caught:
        record_create(actor=clerk_a, data=agency_record_data(agency_a, tier=tier, publicity_months=months))
    assert "publicity_months" in caught.value.message_dict


def test_a_minor_record_is_not_public_unless_a_period_is_chosen(clerk_a: User, agency_a: Agency) -> None:
    quiet = record_create(actor=clerk_a, data=agency_record_data(agency_a, tier=Tier.MINOR))
    assert (quiet.use_scope, quiet.public_until) == (UseScope.INTERNAL, None)
    with pytest.raises(ValidationError) as caught:
        record_create(actor=clerk_a, data=agency_record_data(agency_a, tier=Tier.MINOR, use_scope=UseScope.PUBLIC))
    assert "publicity_months" in caught.value.message_dict


def test_a_record_that_is_not_public_has_no_public_end_but_keeps_its_minimum(clerk_a: User, agency_a: Agency) -> None:
    record = record_create(
        actor=clerk_a, data=agency_record_data(agency_a, decision_date=DECIDED, use_scope=UseScope.INTERNAL)
    )
    assert (record.public_until, record.min_public_until) == (None, dt.date(2025, 6, 14))


def test_a_trustworthy_record_has_no_publicity_period(clerk_a: User, agency_a: Agency) -> None:
    record = record_create(actor=clerk_a, data=agency_record_data(agency_a, polarity=Polarity.TRUSTWORTHY, tier=""))
    assert (record.public_until, record.min_public_until) == (None, None)
    with pytest.raises(ValidationError):
        record_create(
            actor=clerk_a,
            data=agency_record_data(agency_a, polarity=Polarity.TRUSTWORTHY, tier="", publicity_months=6),
        )


@pytest.mark.parametrize(
    ("kind", "until"),
    [
        (SanctionKind.WARNING, dt.date(2025, 9, 14)),
        (SanctionKind.DEMERIT, dt.date(2026, 3, 14)),
        (SanctionKind.MAJOR_DEMERIT, dt.date(2026, 9, 14)),
        (SanctionKind.DEMOTION, dt.date(2027, 3, 14)),
        (SanctionKind.REMOVAL, dt.date(2027, 3, 14)),
    ],
)
def test_a_civil_servants_sanction_stores_its_influence_period_from_its_effective_date(
    clerk_a: User, person_a: CivilServant, kind: str, until: dt.date
) -> None:
    record = record_create(
        actor=clerk_a,
        data=servant_record_data(
            person_a,
            category=Category.DISCIPLINARY_SANCTION,
            polarity=Polarity.DISHONEST,
            tier=Tier.GENERAL,
            decision_date=dt.date(2025, 3, 10),
            sanction_kind=kind,
            sanction_effective_on=DECIDED,
        ),
    )
    assert record.influence_until == until


def test_a_sanction_takes_effect_on_its_decision_date_unless_told(clerk_a: User, person_a: CivilServant) -> None:
    record = record_create(
        actor=clerk_a,
        data=servant_record_data(
            person_a,
            category=Category.DISCIPLINARY_SANCTION,
            polarity=Polarity.DISHONEST,
            tier=Tier.GENERAL,
            decision_date=DECIDED,
            sanction_kind=SanctionKind.WARNING,
        ),
    )
    assert (record.sanction_effective_on, record.influence_until) == (DECIDED, dt.date(2025, 9, 14))


def test_a_sanction_needs_a_dishonesty_record_of_a_civil_servant(clerk_a: User, person_a: CivilServant) -> None:
    with pytest.raises(ValidationError) as caught:
        record_create(actor=clerk_a, data=servant_record_data(person_a, sanction_kind=SanctionKind.WARNING))
    assert "sanction_kind" in caught.value.message_dict
    assert not CreditRecord.objects.exists()
