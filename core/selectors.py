"""Reads of core data with their rules."""

from __future__ import annotations

import datetime as dt

from integrity.lib.workdays import CalendarNotCovered, Day, DayKind, Deadline, compute_deadline

from .models import CalendarDay, CalendarYear


class DatabaseCalendar:
    """The CalendarDay table as a WorkCalendar, one query per year touched.

    Make one per computation (one request, one import file): it caches what it read, and a
    calendar edit must be seen by the next computation.
    """

    def __init__(self) -> None:
        self._covered: frozenset[int] | None = None
        self._years: dict[int, dict[dt.date, Day]] = {}

    def covered_years(self) -> frozenset[int]:
        if self._covered is None:
            self._covered = frozenset(CalendarYear.objects.values_list("year", flat=True))
        return self._covered

    def day(self, date: dt.date) -> Day:
        if date.year not in self.covered_years():
            raise CalendarNotCovered(date.year)
        if date.year not in self._years:
            rows = CalendarDay.objects.filter(date__year=date.year).values_list("date", "kind", "note")
            self._years[date.year] = {d: Day(d, DayKind(k), n) for d, k, n in rows}
        found = self._years[date.year].get(date)
        if found is None:
            # A covered year is stored whole; a missing row means the table was damaged.
            raise CalendarNotCovered(date.year)
        return found


def deadline(start: dt.date, days: int, calendar: DatabaseCalendar | None = None) -> Deadline:
    """Pass one calendar for a batch (a file import) so it is read once, not per item."""
    return compute_deadline(start, days, calendar or DatabaseCalendar())


def due_date_or_none(start: dt.date, days: int, calendar: DatabaseCalendar | None = None) -> dt.date | None:
    """The due date, or None while the calendar does not cover it ("待节假日安排公布")."""
    try:
        return deadline(start, days, calendar).due
    except CalendarNotCovered:
        return None


def missing_calendar_years(today: dt.date) -> list[int]:
    """Years the credit office must enter: this year if absent, next year from November."""
    wanted = [today.year] + ([today.year + 1] if today.month >= 11 else [])
    covered = set(CalendarYear.objects.filter(year__in=wanted).values_list("year", flat=True))
    return [y for y in wanted if y not in covered]
