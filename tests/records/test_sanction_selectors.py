"""`records.selectors`: is_restricted, an agency's restrictions, sanctions per record; constant queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from core.models import Agency, User
from records.models import Category, CreditRecord, Measure
from records.selectors import (
    agencies_restrictions,
    agency_restrictions,
    is_restricted,
    notices_for_records,
    sanctions_for_record,
    sanctions_for_records,
)
from records.services.records import record_move
from records.services.sanctions import sanction_create, sanction_lift
from tests.records.conftest import agency_record_data, pdf_upload, published_record, sanction_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def judgment(clerk_a: User, reviewer_a: User, agency_a: Agency) -> CreditRecord:
    return published_record(clerk_a, reviewer_a, agency_record_data(agency_a, category=Category.JUDGMENT))


def debtor(clerk: User, record: CreditRecord, **overrides: Any) -> Any:
    return sanction_create(actor=clerk, data=sanction_data(record, "judgment_debtor", **overrides))


def test_a_listed_debtor_is_restricted_in_every_measure_and_no_other_agency_is(
    clerk_a: User, judgment: CreditRecord, agency_a: Agency, agency_b: Agency
) -> None:
    debtor(clerk_a, judgment)
    for measure in Measure.values:
        assert is_restricted(agency_a, measure)
        assert not is_restricted(agency_b, measure)
    assert [r.measure for r in agency_restrictions(agency_a)] == list(Measure.values)
    assert agency_restrictions(agency_b) == []


def test_only_the_measures_listed(clerk_a: User, judgment: CreditRecord, agency_a: Agency) -> None:
    debtor(clerk_a, judgment, measures=["subsidies"])
    assert is_restricted(agency_a.pk, "subsidies")
    assert not is_restricted(agency_a.pk, "financing")


def test_restrictions_run_from_until(clerk_a: User, judgment: CreditRecord, agency_a: Agency) -> None:
    today = timezone.localdate()
    debtor(clerk_a, judgment, active_from=today + dt.timedelta(days=2), active_until=today + dt.timedelta(days=9))
    assert not is_restricted(agency_a, "financing", today=today)
    assert is_restricted(agency_a, "financing", today=today + dt.timedelta(days=2))
    assert is_restricted(agency_a, "financing", today=today + dt.timedelta(days=9))
    assert not is_restricted(agency_a, "financing", today=today + dt.timedelta(days=10))


def test_lifted_or_revoked_restrictions_bind_no_more(
    clerk_a: User, reviewer_a: User, credit_office: User, judgment: CreditRecord, agency_a: Agency
) -> None:
    sanction = debtor(clerk_a, judgment)
    sanction_lift(sanction=sanction, actor=reviewer_a, reason="已履行")
    assert not is_restricted(agency_a, "financing")
    debtor(clerk_a, judgment)
    record_move(judgment, move="revoke", actor=credit_office, reason="判决被撤销")
    assert not is_restricted(agency_a, "financing")
    assert agency_restrictions(agency_a) == []


def test_an_unknown_measure_is_a_programming_error(agency_a: Agency) -> None:
    with pytest.raises(ValueError, match="unknown restriction"):
        is_restricted(agency_a, "holidays")


def test_is_restricted_is_one_query(
    clerk_a: User, judgment: CreditRecord, agency_a: Agency, django_assert_num_queries: Any
) -> None:
    debtor(clerk_a, judgment)
    with django_assert_num_queries(1):
        assert is_restricted(agency_a, "project_approval")


def test_restrictions_of_many_agencies_in_one_query(
    clerk_a: User,
    reviewer_a: User,
    agency_a: Agency,
    agency_b: Agency,
    django_assert_num_queries: Any,
) -> None:
    for _ in range(3):
        record = published_record(clerk_a, reviewer_a, agency_record_data(agency_a, category=Category.JUDGMENT))
        debtor(clerk_a, record)
    with django_assert_num_queries(1):
        found = agencies_restrictions([agency_a, agency_b])
    assert list(found) == [agency_a.pk] and len(found[agency_a.pk]) == 4  # each measure once


def test_sanctions_per_record_in_two_queries_however_many(
    clerk_a: User, reviewer_a: User, agency_a: Agency, django_assert_num_queries: Any
) -> None:
    records = [published_record(clerk_a, reviewer_a, agency_record_data(agency_a)) for _ in range(4)]
    for record in records:
        sanction_create(actor=clerk_a, data=sanction_data(record, "explanation"))
        sanction_create(actor=clerk_a, data=sanction_data(record), upload=pdf_upload())
    with django_assert_num_queries(2):
        found = sanctions_for_records(records)
        names = [[e.original_name for e in s.evidence.all()] for r in records for s in found[r.pk]]
    assert len(names) == 8 and sum(len(n) for n in names) == 4
    assert len(sanctions_for_record(records[0])) == 2
    with django_assert_num_queries(1):
        assert notices_for_records(records) == {r.pk: [] for r in records}
