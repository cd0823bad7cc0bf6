"""Working-day arithmetic for the plan's deadlines.

Rule (DESIGN "Deadlines"): the start day is not counted (期间开始之日不计算在内); the due
date is the Nth working day after the start. A working day is whatever the calendar says;
a year the calendar does not cover is unknown, never guessed as Monday–Friday.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from .errors import ApplicationError


class DayKind(StrEnum):
    WORKDAY = "workday"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    MAKEUP = "makeup"  # 调休上班: a weekend day that is worked


@dataclass(frozen=True)
class Day:
    date: dt.date
    kind: DayKind
    note: str = ""

    @property
    def is_workday(self) -> bool:
        return self.kind in (DayKind.WORKDAY, DayKind.MAKEUP)


class CalendarNotCovered(ApplicationError):
    """The calendar has no schedule for ``year``: the due date cannot be known yet."""

    def __init__(self, year: int) -> None:
        super().__init__(f"the working-day calendar does not cover {year}")
        self.year = year


class WorkCalendar(Protocol):
    def day(self, date: dt.date) -> Day:
        """Return the day, or raise CalendarNotCovered."""
        ...


def ordinary_day(date: dt.date) -> Day:
    """A day with no special arrangement: weekday works, weekend rests."""
    return Day(date, DayKind.WEEKEND if date.weekday() >= 5 else DayKind.WORKDAY)


@dataclass
class MappingCalendar:
    """A calendar held in memory: the special days of the covered years."""

    special_days: Mapping[dt.date, Day] = field(default_factory=dict)
    covered_years: frozenset[int] = frozenset()

    @classmethod
    def from_days(cls, days: Iterable[Day], covered_years: Iterable[int]) -> MappingCalendar:
        return cls({d.date: d for d in days}, frozenset(covered_years))

    def day(self, date: dt.date) -> Day:
        if date.year not in self.covered_years:
            raise CalendarNotCovered(date.year)
        return self.special_days.get(date) or ordinary_day(date)


@dataclass(frozen=True)
class Deadline:
    start: dt.date
    days: int
    due: dt.date
    holidays_crossed: tuple[Day, ...]
    makeup_days_crossed: tuple[Day, ...]


def compute_deadline(start: dt.date, n: int, calendar: WorkCalendar) -> Deadline:
    """The Nth working day after ``start``, with the holidays and make-up days on the way."""
    if n < 1:
        raise ValueError("n must be at least 1")
    holidays: list[Day] = []
    makeups: list[Day] = []
    current = start
    counted = 0
    while counted < n:
        if current == dt.date.max:
            # No calendar can cover the day after 9999-12-31; without this a request for it
            # ends in OverflowError (HTTP 500) instead of "year not covered" (HTTP 400).
            raise CalendarNotCovered(dt.MAXYEAR + 1)
        current += dt.timedelta(days=1)
        day = calendar.day(current)
        if day.kind == DayKind.HOLIDAY:
            holidays.append(day)
        elif day.kind == DayKind.MAKEUP:
            makeups.append(day)
        if day.is_workday:
            counted += 1
    return Deadline(start, n, current, tuple(holidays), tuple(makeups))


def add_working_days(start: dt.date, n: int, calendar: WorkCalendar) -> dt.date:
    return compute_deadline(start, n, calendar).due
