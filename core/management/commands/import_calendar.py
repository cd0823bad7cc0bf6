"""Load a year's holiday schedule from a CSV file (the credit office's path for 2027 on).

File format (UTF-8, header row required):

    date,kind,note
    2027-01-01,holiday,元旦
    2027-02-06,makeup,春节调休上班

`kind` is `holiday` (a day off, weekend days inside a holiday block included) or `makeup`
(a weekend day that is worked). Every other day of each year in the file follows the
weekday rule. Each year in the file becomes covered as a whole; all-or-nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from core.services.calendar import CalendarError, calendar_load_year, check_day_kind
from integrity.lib.workdays import Day, DayKind

ALLOWED_KINDS = {DayKind.HOLIDAY.value, DayKind.MAKEUP.value}


def read_schedule(path: Path) -> dict[int, list[Day]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"cannot read {path}: {exc}") from exc
    reader = csv.DictReader(text.splitlines())
    if not reader.fieldnames or {"date", "kind"} - set(reader.fieldnames):
        raise CommandError("the header row must name the columns date,kind,note")
    years: dict[int, list[Day]] = defaultdict(list)
    seen: set[dt.date] = set()
    for row in reader:
        # The reader's own count: csv skips blank lines, so counting rows would misnumber.
        line = reader.line_num
        try:
            date = dt.date.fromisoformat((row.get("date") or "").strip())
        except ValueError as exc:
            raise CommandError(f"line {line}: {row.get('date')!r} is not a date (YYYY-MM-DD)") from exc
        kind = (row.get("kind") or "").strip()
        if kind not in ALLOWED_KINDS:
            raise CommandError(f"line {line}: kind must be holiday or makeup, not {kind!r}")
        if date in seen:
            raise CommandError(f"line {line}: {date} appears twice")
        seen.add(date)
        try:
            check_day_kind(date, DayKind(kind))
        except CalendarError as exc:
            raise CommandError(f"line {line}: {exc}") from exc
        years[date.year].append(Day(date, DayKind(kind), (row.get("note") or "").strip()))
    if not years:
        raise CommandError("the file lists no days")
    return years


class Command(BaseCommand):
    help = "Load one or more years of the working-day calendar from a CSV file (date,kind,note)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--source", required=True, help="the State Council notice, e.g. 国办发明电〔2026〕7号")
        parser.add_argument("--replace", action="store_true", help="replace a year already in the calendar")

    def handle(self, *args: Any, **options: Any) -> None:
        years = read_schedule(options["file"])
        try:
            with transaction.atomic():
                for year, days in sorted(years.items()):
                    calendar_load_year(
                        year=year, special_days=days, source=options["source"], replace=options["replace"]
                    )
                    self.stdout.write(
                        f"{year}: {sum(d.kind == DayKind.HOLIDAY for d in days)} holidays, "
                        f"{sum(d.kind == DayKind.MAKEUP for d in days)} make-up days loaded"
                    )
        except CalendarError as exc:
            raise CommandError(str(exc)) from exc
