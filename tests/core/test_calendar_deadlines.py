from __future__ import annotations

import datetime as dt

import pytest

from core.selectors import deadline, due_date_or_none
from integrity.lib.workdays import CalendarNotCovered

D = dt.date.fromisoformat


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        # the counting examples of the State Council notices (docs/deadlines.md)
        ("2026-09-24", 10, "2026-10-15"),
        ("2026-02-12", 7, "2026-02-28"),
        ("2026-04-30", 10, "2026-05-18"),
        ("2025-01-24", 7, "2025-02-10"),
        # the calculator example
        ("2026-09-30", 7, "2026-10-15"),
    ],
)
def test_due_date_matches_official_counting_examples(start: str, days: int, due: str) -> None:
    assert deadline(D(start), days).due == D(due)


@pytest.mark.django_db
def test_deadline_lists_national_day_holidays_and_makeup_saturday() -> None:
    result = deadline(D("2026-09-30"), 7)
    assert [d.date for d in result.holidays_crossed] == [D(f"2026-10-0{i}") for i in range(1, 8)]
    assert [d.date for d in result.makeup_days_crossed] == [D("2026-10-10")]
    assert result.holidays_crossed[0].note == "国庆节"


@pytest.mark.django_db
def test_due_date_on_friday_start_skips_weekend() -> None:
    assert deadline(D("2026-11-27"), 1).due == D("2026-11-30")


@pytest.mark.django_db
def test_makeup_sunday_counts_as_working_day() -> None:
    # 2026-01-04 (Sun) is a make-up working day after the New Year holiday.
    assert deadline(D("2026-01-03"), 1).due == D("2026-01-04")


@pytest.mark.django_db
def test_deadline_crossing_into_uncovered_year_is_unknown() -> None:
    with pytest.raises(CalendarNotCovered) as excinfo:
        deadline(D("2026-12-28"), 7)
    assert excinfo.value.year == 2027
    assert due_date_or_none(D("2026-12-28"), 7) is None


@pytest.mark.django_db
def test_deadline_ending_on_last_working_day_of_covered_year_is_known() -> None:
    # 2026-12-31 is a Thursday; one working day after the 30th needs no 2027 day.
    assert deadline(D("2026-12-30"), 1).due == D("2026-12-31")
