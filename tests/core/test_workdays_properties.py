"""Working-day arithmetic on the official 2004–2026 schedules, in memory (no database).

Rule: the start day is not counted; the due date is the Nth working day after it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from integrity.lib.official_holidays import FIRST_YEAR, LAST_YEAR, official_days
from integrity.lib.workdays import (
    CalendarNotCovered,
    Day,
    DayKind,
    MappingCalendar,
    add_working_days,
    compute_deadline,
)

D = dt.date.fromisoformat
OFFICIAL = MappingCalendar.from_days(
    (day for year in range(FIRST_YEAR, LAST_YEAR + 1) for day in official_days(year)),
    range(FIRST_YEAR, LAST_YEAR + 1),
)
# 60 working days after 30 September 2026 still end in 2026, so no example needs 2027.
starts = st.dates(min_value=dt.date(FIRST_YEAR, 1, 1), max_value=dt.date(LAST_YEAR, 9, 30))
properties = settings(max_examples=300, deadline=None, database=None)


def working_days_between(after: dt.date, up_to: dt.date) -> int:
    """Working days in (after, up_to]."""
    count, current = 0, after
    while current < up_to:
        current += dt.timedelta(days=1)
        count += OFFICIAL.day(current).is_workday
    return count


@properties
@given(start=starts, n=st.integers(min_value=1, max_value=60))
def test_due_date_is_a_working_day_after_the_start(start: dt.date, n: int) -> None:
    due = add_working_days(start, n, OFFICIAL)
    assert due > start
    assert OFFICIAL.day(due).is_workday


@properties
@given(start=starts, n=st.integers(min_value=1, max_value=60))
def test_due_date_is_exactly_the_nth_working_day_after_the_start(start: dt.date, n: int) -> None:
    assert working_days_between(start, add_working_days(start, n, OFFICIAL)) == n


@properties
@given(start=starts, n=st.integers(min_value=1, max_value=59))
def test_due_date_is_strictly_increasing_in_n_with_no_working_day_skipped(start: dt.date, n: int) -> None:
    due, next_due = add_working_days(start, n, OFFICIAL), add_working_days(start, n + 1, OFFICIAL)
    assert next_due > due
    assert working_days_between(due, next_due) == 1


@properties
@given(start=starts, n=st.integers(min_value=1, max_value=60))
def test_deadline_lists_every_holiday_and_makeup_day_it_crossed(start: dt.date, n: int) -> None:
    result = compute_deadline(start, n, OFFICIAL)
    span = [start + dt.timedelta(days=i) for i in range(1, (result.due - start).days + 1)]
    assert [d.date for d in result.holidays_crossed] == [d for d in span if OFFICIAL.day(d).kind == DayKind.HOLIDAY]
    assert [d.date for d in result.makeup_days_crossed] == [d for d in span if OFFICIAL.day(d).kind == DayKind.MAKEUP]


@properties
@given(
    start=st.dates(min_value=dt.date(LAST_YEAR, 10, 1), max_value=dt.date(LAST_YEAR, 12, 31)),
    n=st.integers(min_value=1, max_value=365),
)
def test_deadline_past_the_last_covered_year_is_never_guessed(start: dt.date, n: int) -> None:
    try:
        due = add_working_days(start, n, OFFICIAL)
    except CalendarNotCovered as exc:
        assert exc.year == LAST_YEAR + 1
    else:
        assert due.year == LAST_YEAR


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        # the day before a holiday block: the whole block is skipped
        ("2026-09-30", 1, "2026-10-08"),
        ("2026-04-30", 1, "2026-05-06"),
        # the day before the Spring Festival block is itself a make-up Saturday
        ("2026-02-13", 1, "2026-02-14"),
        ("2026-02-14", 1, "2026-02-24"),
        # start on a make-up Saturday: the start is not counted even though it is worked
        ("2026-02-28", 1, "2026-03-02"),
        # the due day itself, and the day after it
        ("2026-09-30", 7, "2026-10-15"),
        ("2026-09-30", 8, "2026-10-16"),
        # across an ordinary weekend
        ("2026-11-27", 1, "2026-11-30"),
        # a make-up Sunday counts
        ("2025-09-27", 1, "2025-09-28"),
        # year edges: New Year's Day off, then the first working day of the new year
        ("2024-12-31", 1, "2025-01-02"),
        # 2026-01-01..03 off and 2026-01-04 (Sunday) a make-up working day (spec/holidays.md)
        ("2025-12-31", 1, "2026-01-04"),
        ("2025-12-31", 2, "2026-01-05"),
    ],
)
def test_boundary_due_dates(start: str, n: int, due: str) -> None:
    assert add_working_days(D(start), n, OFFICIAL) == D(due)


def test_calendar_missing_a_year_raises_calendar_not_covered_naming_that_year() -> None:
    only_2025 = MappingCalendar.from_days(official_days(2025), [2025])
    assert add_working_days(D("2025-12-30"), 1, only_2025) == D("2025-12-31")
    with pytest.raises(CalendarNotCovered) as excinfo:
        add_working_days(D("2025-12-30"), 2, only_2025)
    assert excinfo.value.year == 2026
    assert "2026" in str(excinfo.value)


def test_uncovered_year_is_not_treated_as_monday_to_friday() -> None:
    # 2027-01-04 is an ordinary Monday, yet without 2027 in the calendar it is unknown.
    with pytest.raises(CalendarNotCovered):
        add_working_days(D("2027-01-01"), 1, OFFICIAL)


def test_special_day_overrides_the_weekday_rule() -> None:
    saturday = D("2030-01-05")
    calendar = MappingCalendar.from_days([Day(saturday, DayKind.MAKEUP, "调休上班")], [2030])
    assert add_working_days(D("2030-01-04"), 1, calendar) == saturday


def test_zero_working_days_is_refused() -> None:
    with pytest.raises(ValueError):
        add_working_days(D("2026-01-05"), 0, OFFICIAL)


def test_last_representable_date_raises_calendar_not_covered_not_overflow() -> None:
    calendar = MappingCalendar.from_days([], [dt.MAXYEAR])
    with pytest.raises(CalendarNotCovered):
        add_working_days(dt.date.max, 1, calendar)
