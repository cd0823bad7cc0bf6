"""Every change to the working-day calendar goes through here.

A change is audited in its transaction, and every app's open deadlines that the change can
affect are recomputed: apps register a recomputer with `register_deadline_recomputer` in
their AppConfig.ready (core cannot import them: imports run one way).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from core.models import CalendarDay, CalendarYear
from core.services.audit import audit_record
from core.services.notifications import credit_office_users, notify
from integrity.lib.official_holidays import FIRST_YEAR, LAST_YEAR, SOURCE, official_days
from integrity.lib.workdays import Day, DayKind, ordinary_day

# A recomputer gets the first and last changed date and returns how many items it updated.
DeadlineRecomputer = Callable[[dt.date, dt.date], int]
_recomputers: list[DeadlineRecomputer] = []


class CalendarError(ValueError):
    pass


def register_deadline_recomputer(func: DeadlineRecomputer) -> DeadlineRecomputer:
    if func not in _recomputers:
        _recomputers.append(func)
    return func


def recompute_open_deadlines(first: dt.date, last: dt.date) -> int:
    return sum(func(first, last) for func in _recomputers)


def check_day_kind(date: dt.date, kind: DayKind) -> None:
    weekend = date.weekday() >= 5
    if kind == DayKind.MAKEUP and not weekend:
        raise CalendarError(
            _("%(date)s is a weekday: only a weekend day can be a make-up working day.") % {"date": date}
        )
    if kind == DayKind.WEEKEND and not weekend:
        raise CalendarError(_("%(date)s is a weekday, not a weekend day.") % {"date": date})
    if kind == DayKind.WORKDAY and weekend:
        raise CalendarError(_("%(date)s is a weekend day: mark it as a make-up working day instead.") % {"date": date})


# The schedule file (`import_calendar` and the admin upload): UTF-8 CSV with the header
# date,kind,note, one line per holiday or make-up day; every other day follows the weekday rule.
SCHEDULE_KINDS = (DayKind.HOLIDAY, DayKind.MAKEUP)
SCHEDULE_MAX_LINES = 400  # a year has 366 days at most; anything longer is the wrong file


@dataclass(frozen=True)
class ScheduleProblem:
    """One problem of a schedule file: its line (1 is the header) and a code tests can name."""

    line: int
    code: str
    message: str


class ScheduleFileError(CalendarError):
    def __init__(self, problems: list[ScheduleProblem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


def calendar_schedule_parse(text: str, *, year: int | None = None) -> dict[int, list[Day]]:
    """Read a schedule file into the special days of each year, checking every line.

    All problems are collected (not just the first), so the credit office can fix the file
    in one go. With `year`, every date must fall in that year. Writes nothing.
    """
    problems: list[ScheduleProblem] = []
    reader = csv.DictReader(text.lstrip("\ufeff").splitlines())
    if not reader.fieldnames or {"date", "kind"} - {f.strip() for f in reader.fieldnames if f}:
        raise ScheduleFileError(
            [ScheduleProblem(1, "header", _("The first line must name the columns date,kind,note."))]
        )
    years: dict[int, list[Day]] = defaultdict(list)
    seen: dict[dt.date, int] = {}
    for row in reader:
        # The reader's own count: csv skips blank lines, so counting rows would misnumber.
        line = reader.line_num
        if line > SCHEDULE_MAX_LINES:
            problems.append(ScheduleProblem(line, "length", _("The file is longer than a year's schedule can be.")))
            break
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items() if isinstance(v, str)}
        try:
            date = dt.date.fromisoformat(row.get("date", ""))
        except ValueError:
            problems.append(
                ScheduleProblem(
                    line, "date", _("%(value)r is not a date (YYYY-MM-DD).") % {"value": row.get("date", "")}
                )
            )
            continue
        kind = row.get("kind", "")
        if kind not in SCHEDULE_KINDS:
            problems.append(
                ScheduleProblem(line, "kind", _("The kind must be holiday or makeup, not %(value)r.") % {"value": kind})
            )
            continue
        if year is not None and date.year != year:
            problems.append(
                ScheduleProblem(line, "year", _("%(date)s is not in %(year)s.") % {"date": date, "year": year})
            )
            continue
        if date in seen:
            problems.append(
                ScheduleProblem(
                    line,
                    "duplicate",
                    _("%(date)s already appears on line %(first)s.") % {"date": date, "first": seen[date]},
                )
            )
            continue
        seen[date] = line
        try:
            check_day_kind(date, DayKind(kind))
        except CalendarError as exc:
            problems.append(ScheduleProblem(line, "weekday", str(exc)))
            continue
        years[date.year].append(Day(date, DayKind(kind), row.get("note", "")))
    if not problems and not years:
        problems.append(
            ScheduleProblem(1, "empty", _("The file lists no days: add one line per holiday or make-up day."))
        )
    if problems:
        raise ScheduleFileError(problems)
    return dict(years)


def _year_days(year: int, special: Iterable[Day]) -> list[Day]:
    by_date = {d.date: d for d in special}
    days: list[Day] = []
    current = dt.date(year, 1, 1)
    while current.year == year:
        special_day = by_date.pop(current, None)
        days.append(special_day or ordinary_day(current))
        current += dt.timedelta(days=1)
    if by_date:
        raise CalendarError(_("%(date)s is not in %(year)s.") % {"date": min(by_date), "year": year})
    return days


@transaction.atomic
def calendar_load_year(
    *,
    year: int,
    special_days: Iterable[Day],
    source: str,
    actor: Any = None,
    replace: bool = False,
    audit: bool = True,
) -> int:
    """Store a whole year (special days given, other days by weekday); return days stored."""
    if not 1900 < year < 2200:
        raise CalendarError(_("%(year)s is not a plausible year.") % {"year": year})
    special = list(special_days)
    for day in special:
        check_day_kind(day.date, day.kind)
    days = _year_days(year, special)
    existed = CalendarYear.objects.filter(year=year).exists()
    if existed and not replace:
        raise CalendarError(
            _("%(year)s is already in the calendar; load it again with replace to change it.") % {"year": year}
        )
    CalendarDay.objects.filter(date__year=year).delete()
    CalendarDay.objects.bulk_create(
        CalendarDay(date=d.date, kind=d.kind.value, note=d.note, source=source) for d in days
    )
    CalendarYear.objects.update_or_create(year=year, defaults={"source": source})
    if audit:
        audit_record(
            action="calendar.year.load",
            actor=actor,
            object_type="core.calendaryear",
            object_id=str(year),
            object_repr=str(year),
            from_state="covered" if existed else "missing",
            to_state="covered",
            reason=source,
            data={
                "holidays": sum(d.kind == DayKind.HOLIDAY for d in days),
                "makeup_days": sum(d.kind == DayKind.MAKEUP for d in days),
            },
        )
    recompute_open_deadlines(dt.date(year, 1, 1), dt.date(year, 12, 31))
    return len(days)


@transaction.atomic
def calendar_day_update(
    *, date: dt.date, kind: DayKind, note: str, actor: Any, reason: str = "", source: str = ""
) -> CalendarDay:
    """Change one day of a covered year, audited, and recompute what it affects."""
    check_day_kind(date, kind)
    day = CalendarDay.objects.select_for_update().filter(date=date).first()
    if day is None:
        raise CalendarError(_("%(year)s is not in the calendar yet: load the whole year first.") % {"year": date.year})
    before = (day.kind, day.note)
    day.kind, day.note = kind.value, note
    if source:
        day.source = source
    day.save()
    if before != (day.kind, day.note):
        audit_record(
            action="calendar.day.update",
            actor=actor,
            obj=day,
            from_state=before[0],
            to_state=day.kind,
            reason=reason,
            data={"note_before": before[1], "note_after": day.note},
        )
        recompute_open_deadlines(date, date)
    return day


def calendar_seed_official(years: Iterable[int] | None = None) -> list[int]:
    """Load the official schedules that chinesecalendar knows and the table lacks."""
    wanted = set(years or range(FIRST_YEAR, LAST_YEAR + 1))
    covered = set(CalendarYear.objects.values_list("year", flat=True))
    loaded = []
    for year in sorted(wanted - covered):
        special = [d for d in official_days(year) if d != ordinary_day(d.date)]
        calendar_load_year(year=year, special_days=special, source=SOURCE, audit=False)
        loaded.append(year)
    return loaded


def calendar_check_next_year(*, today: dt.date) -> int:
    """From 1 November, warn the credit office once if next year's schedule is missing."""
    year = today.year + 1
    if today.month < 11 or CalendarYear.objects.filter(year=year).exists():
        return 0
    created = notify(
        recipients=credit_office_users(),
        kind="calendar.missing_year",
        key=f"calendar-missing-{year}",
        subject=_("The %(year)s holiday schedule is not in the calendar") % {"year": year},
        body=_(
            "Deadlines that fall in %(year)s cannot be computed and show as pending until the "
            "State Council schedule is entered in the admin or loaded with import_calendar."
        )
        % {"year": year},
        # The page where the credit office uploads the schedule, set to the missing year.
        url=f"{reverse('admin:core_calendaryear_upload')}?year={year}",
    )
    return len(created)
