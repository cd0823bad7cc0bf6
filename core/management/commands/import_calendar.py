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

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from core.services.calendar import CalendarError, ScheduleFileError, calendar_load_year, calendar_schedule_parse
from integrity.lib.workdays import Day, DayKind


def read_schedule(path: Path) -> dict[int, list[Day]]:
    """The file's special days per year; the checks are the service's, shared with the admin upload."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"cannot read {path}: {exc}") from exc
    try:
        return calendar_schedule_parse(text)
    except ScheduleFileError as exc:
        raise CommandError("\n".join(f"line {p.line}: {p.message}" for p in exc.problems)) from exc


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
