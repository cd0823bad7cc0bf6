"""The generic part of bulk imports (CSV or XLSX), shared by every app that imports rows:
reading a file into rows of text by header, the bounded row-error report, and templates
(CSV, and XLSX with drop-downs, text columns and a sheet explaining each column).

What a row means stays with the app (`disclosure.services.imports` for administrative
actions, `records.services.imports` for credit records): it maps the rows, checks every one,
and writes all of them or none.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from integrity.lib.errors import ApplicationError
from integrity.lib.spreadsheet import safe_cell

# Bounds of the error report (issue 7, item 9): a small file of bad rows with long values
# once produced a 20 MB report. A result stores at most this many problems, each message at
# most this long, quotes at most VALUE_EXCERPT characters of a cell, and counts the rest.
REPORT_MAX_ERRORS = 1000
REPORT_MAX_MESSAGE = 300
VALUE_EXCERPT = 40
# C0 control characters other than tab, line feed and carriage return: invisible in a
# spreadsheet, and PostgreSQL refuses NUL in text outright.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONTROL_CHARACTER_MESSAGE = "The cell contains an invisible control character (such as NUL); remove it."


@dataclass
class RowError:
    row: int
    column: str
    message: str


def excerpt(value: str) -> str:
    return value if len(value) <= VALUE_EXCERPT else value[:VALUE_EXCERPT] + "…"


def bounded(message: str) -> str:
    return message if len(message) <= REPORT_MAX_MESSAGE else message[: REPORT_MAX_MESSAGE - 1] + "…"


@dataclass
class ImportResult:
    """``errors`` holds the first REPORT_MAX_ERRORS problems; ``errors_total`` counts all."""

    rows: int = 0
    imported: int = 0
    errors: list[RowError] = field(default_factory=list)
    errors_total: int = 0
    # What the clerk confirms before anything is saved (the preview): columns not understood,
    # derived tiers, amounts that look like 元, pilot-area credit codes. Bounded like errors.
    warnings: list[RowError] = field(default_factory=list)
    warnings_total: int = 0
    # Checked, no errors, warnings to confirm: nothing saved yet.
    awaiting_confirmation: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors_total

    def warn(self, row: int, column: str, message: Any) -> None:
        self.warnings_total += 1
        if len(self.warnings) < REPORT_MAX_ERRORS:
            self.warnings.append(RowError(row, column, bounded(str(message))))

    def add(self, row: int, column: str, message: Any) -> None:
        self.errors_total += 1
        if len(self.errors) < REPORT_MAX_ERRORS:
            self.errors.append(RowError(row, column, bounded(str(message))))

    @classmethod
    def failed(cls, row: int, message: Any, *, column: str = "", rows: int = 0) -> ImportResult:
        result = cls(rows=rows)
        result.add(row, column, message)
        return result

    def reason(self) -> str:
        """One line for the job: the problem itself when there is one, else how many."""
        if self.errors_total == 1:
            error = self.errors[0]
            where = _("row %(row)d") % {"row": error.row} if error.row > 1 else ""
            where = f"{where} {error.column}".strip()
            return bounded(f"{where}: {error.message}" if where else error.message)
        return _("%(count)d problems found, nothing was imported: download the error report.") % {
            "count": self.errors_total
        }


class FileError(ApplicationError):
    """The file as a whole cannot be read (format, encoding, headers), from ``row`` on."""

    def __init__(self, message: Any, *, row: int = 1) -> None:
        super().__init__(message)
        self.row = row


HeaderCheck = Callable[[list[str]], None]


def require_headers(required: Iterable[str]) -> HeaderCheck:
    """A header check: these columns must be present (FileError naming the missing ones)."""
    wanted = set(required)

    def check(headers: list[str]) -> None:
        missing = wanted - {h.strip() for h in headers if h}
        if missing:
            raise FileError("缺少列（missing columns）: " + "、".join(sorted(missing)))

    return check


def read_rows(
    path: Path, original_name: str = "", *, check_headers: HeaderCheck | None = None
) -> Iterator[dict[str, str]]:
    """The file's data rows as {header: text}, stripped; CSV (UTF-8) or XLSX by the name."""
    name = (original_name or path.name).lower()
    if name.endswith(".xlsx"):
        yield from _xlsx_rows(path, check_headers)
    elif name.endswith(".csv"):
        yield from _csv_rows(path, check_headers)
    else:
        raise FileError("只能导入 .csv 或 .xlsx 文件（only .csv and .xlsx files can be imported）")


def _csv_rows(path: Path, check_headers: HeaderCheck | None) -> Iterator[dict[str, str]]:
    number = 1  # the header
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            if check_headers is not None:
                check_headers(list(reader.fieldnames or []))
            for row in reader:
                number += 1
                yield {k.strip(): (v or "").strip() for k, v in row.items() if k}
    except UnicodeDecodeError as exc:
        raise FileError("CSV 文件必须是 UTF-8 编码（the CSV file must be UTF-8）") from exc
    except csv.Error as exc:
        # The reader's own limit (131,072 characters in one cell) or a broken quote: the
        # reader cannot go on, so the file stops at this row.
        raise FileError(
            _("This row cannot be read (a cell longer than %(limit)d characters, or an unclosed quote).")
            % {"limit": csv.field_size_limit()},
            row=number + 1,
        ) from exc


def _xlsx_rows(path: Path, check_headers: HeaderCheck | None) -> Iterator[dict[str, str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise FileError(f"无法读取 XLSX 文件（cannot read the XLSX file）: {type(exc).__name__}") from exc
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    headers = [str(h).strip() if h is not None else "" for h in next(rows, [])]
    if check_headers is not None:
        check_headers(headers)
    for values in rows:
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        yield {h: xlsx_text(v) for h, v in zip(headers, values, strict=False) if h}
    book.close()


def xlsx_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def error_report_csv(errors: Iterable[dict[str, Any] | RowError], *, total: int | None = None) -> str:
    """The report of a file's problems; with ``total`` beyond the listed ones, a last line says how many more."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["行号", "列", "问题"])
    listed = 0
    for error in errors:
        e = error if isinstance(error, dict) else error.__dict__
        writer.writerow([e["row"], safe_cell(str(e["column"])), safe_cell(str(e["message"]))])
        listed += 1
    if total is not None and total > listed:
        more = _("%(count)d more problems were not listed: fix these and import the file again.")
        writer.writerow(["", "", more % {"count": total - listed}])
    return "\ufeff" + out.getvalue()


# --- templates ---


def template_csv(columns: Iterable[str], example: Mapping[str, Any]) -> str:
    """The header and one example row, with a BOM so that spreadsheets read it as UTF-8."""
    headers = list(columns)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerow([example.get(h, "") for h in headers])
    return "\ufeff" + out.getvalue()


def first_labels(mapping: Mapping[str, str]) -> list[str]:
    """The first label of each value, in order (the standard's word, not its aliases)."""
    labels: dict[str, str] = {}
    for label, value in mapping.items():
        labels.setdefault(value, label)
    return list(labels.values())


@dataclass(frozen=True)
class WorkbookTemplate:
    """What an XLSX template holds: the columns and an example row on the first sheet,
    drop-downs for ``enumerated`` columns, hints for ``prompts``, code columns kept as text
    (or a spreadsheet turns an 18-digit ID number into 1.1E+17), and an explanation sheet."""

    title: str
    columns: list[str]
    example: Mapping[str, Any]
    intro: str
    helps: Mapping[str, tuple[str, str, str]]  # header → (required?, format, notes)
    enumerated: Mapping[str, list[str]] = field(default_factory=dict)
    prompts: Mapping[str, str] = field(default_factory=dict)  # header → input hint (several values)
    allowed: Mapping[str, str] = field(default_factory=dict)  # header → allowed values, for the guide
    text_columns: frozenset[str] = frozenset()


def template_xlsx(spec: WorkbookTemplate) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = spec.title[:31].translate(str.maketrans("", "", "[]:*?/\\"))
    sheet.append(spec.columns)
    sheet.append([spec.example.get(c, "") for c in spec.columns])
    sheet.freeze_panes = "A2"
    last_row = 1048576
    for index, header in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.column_dimensions[letter].width = max(12, min(40, len(header) * 2 + 4))
        cell = sheet.cell(row=2, column=index)
        if header in spec.text_columns:
            sheet.column_dimensions[letter].number_format = "@"
            cell.number_format = "@"
        elif isinstance(spec.example.get(header), dt.date):
            cell.number_format = "yyyy-mm-dd"
        cells = f"{letter}2:{letter}{last_row}"
        if header in spec.enumerated:
            validation = DataValidation(
                type="list",
                formula1='"' + ",".join(spec.enumerated[header]) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=header,
                error=_("Choose a value from the list."),
            )
        elif header in spec.prompts:
            validation = DataValidation(showInputMessage=True, promptTitle=header, prompt=spec.prompts[header])
        else:
            continue
        validation.add(cells)
        sheet.add_data_validation(validation)

    guide = book.create_sheet(_("Instructions")[:31])
    guide.append([spec.intro])
    guide.append([_("Column"), _("Required"), _("Format"), _("Allowed values"), _("Notes")])
    allowed = {**{h: "；".join(v) for h, v in spec.enumerated.items()}, **spec.allowed}
    for header in spec.columns:
        required, fmt, notes = spec.helps.get(header, (_("No"), _("Text"), ""))
        guide.append([header, required, fmt, allowed.get(header, ""), notes])
    for letter, width in zip("ABCDE", (34, 24, 30, 40, 60), strict=True):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in guide[2]:
        cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
