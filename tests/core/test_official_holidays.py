"""The seeded calendar table against the State Council notices (docs/deadlines.md)."""

from __future__ import annotations

import datetime as dt

import pytest

from core.models import CalendarDay, CalendarYear
from integrity.lib.official_holidays import FIRST_YEAR, LAST_YEAR


def days(first: str, last: str | None = None) -> list[dt.date]:
    start = dt.date.fromisoformat(first)
    end = dt.date.fromisoformat(last or first)
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


# Copied from the State Council notices, block by block.
SPEC_HOLIDAYS = {
    2025: [
        *days("2025-01-01"),
        *days("2025-01-28", "2025-02-04"),
        *days("2025-04-04", "2025-04-06"),
        *days("2025-05-01", "2025-05-05"),
        *days("2025-05-31", "2025-06-02"),
        *days("2025-10-01", "2025-10-08"),
    ],
    2026: [
        *days("2026-01-01", "2026-01-03"),
        *days("2026-02-15", "2026-02-23"),
        *days("2026-04-04", "2026-04-06"),
        *days("2026-05-01", "2026-05-05"),
        *days("2026-06-19", "2026-06-21"),
        *days("2026-09-25", "2026-09-27"),
        *days("2026-10-01", "2026-10-07"),
    ],
}
SPEC_MAKEUP_DAYS = {
    2025: days("2025-01-26") + days("2025-02-08") + days("2025-04-27") + days("2025-09-28") + days("2025-10-11"),
    2026: days("2026-01-04")
    + days("2026-02-14")
    + days("2026-02-28")
    + days("2026-05-09")
    + days("2026-09-20")
    + days("2026-10-10"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("year", [2025, 2026])
def test_seeded_holidays_equal_the_state_council_notice(year: int) -> None:
    stored = set(CalendarDay.objects.filter(date__year=year, kind="holiday").values_list("date", flat=True))
    assert stored == set(SPEC_HOLIDAYS[year])


@pytest.mark.django_db
@pytest.mark.parametrize("year", [2025, 2026])
def test_seeded_makeup_days_equal_the_state_council_notice(year: int) -> None:
    stored = set(CalendarDay.objects.filter(date__year=year, kind="makeup").values_list("date", flat=True))
    assert stored == set(SPEC_MAKEUP_DAYS[year])
    assert all(d.weekday() >= 5 for d in stored)


@pytest.mark.django_db
def test_every_official_year_is_covered_whole_and_2027_is_not() -> None:
    covered = set(CalendarYear.objects.values_list("year", flat=True))
    assert covered == set(range(FIRST_YEAR, LAST_YEAR + 1))
    assert CalendarDay.objects.filter(date__year=2024).count() == 366
    assert CalendarDay.objects.filter(date__year=2026).count() == 365
    assert not CalendarDay.objects.filter(date__year=2027).exists()


@pytest.mark.django_db
def test_seeded_holidays_carry_their_chinese_names() -> None:
    assert CalendarDay.objects.get(date=dt.date(2026, 10, 1)).note == "国庆节"
    assert CalendarDay.objects.get(date=dt.date(2026, 2, 17)).note == "春节"
    assert "调休" in CalendarDay.objects.get(date=dt.date(2026, 10, 10)).note
