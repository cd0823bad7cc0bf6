"""Bulk import of administrative actions from CSV or XLSX (the 双公示 template columns).

Every row is checked (required and conditional fields, check digits, dates, enumerations,
duplicates in the file and in the database) before anything is written; a file with any
bad row imports nothing and yields a row-by-row error report. Good files are written with
bulk_create in one transaction, and every imported item gets its own audit events in its
history (created, and submitted when the import submits).

Who may import is decided here (`import_check_actor`), for the admin and the shell alike: a
clerk of the agency. An import that submits for review needs that clerk as its actor, so
the four-eyes rule knows whose submission it is; a shell import without ``--user`` has no
accountable person and therefore only creates drafts, which a clerk then submits.
"""

from __future__ import annotations

import csv
import logging
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.imports import (
    CONTROL_CHARACTERS,
    FileError,
    ImportResult,
)
from core.imports import excerpt as _excerpt
from core.imports import xlsx_text as _xlsx_text
from core.models import Agency
from core.roles import Role
from core.selectors import DatabaseCalendar
from core.services.audit import audit_record, audit_record_many
from core.workflow import SUBMIT, Status
from disclosure import standard
from disclosure.models import ActionKind, AdministrativeAction, ImportJob, Tier
from disclosure.services import import_templates
from disclosure.services.actions import deciding_agency_problem, prepare
from integrity.lib.identifiers import is_pilot_uscc, normalise_uscc

BATCH = 1000

logger = logging.getLogger(__name__)

# The bounds of the error report, the control characters refused, the result and the file
# readers' pieces are the shared import machinery: core.imports.

# The columns, their names, variants, types and values: disclosure.standard. The templates:
# services.import_templates (re-exported here, where the admin and the tests look for them).
DOCUMENT_NAMES = import_templates.DOCUMENT_NAMES
columns_for = import_templates.columns_for
template_csv = import_templates.template_csv
template_xlsx = import_templates.template_xlsx
DATE_TYPES = {standard.DATE}


@dataclass
class Layout:
    """How one file's header maps to fields: header → field, and the headers not understood."""

    kind: str
    fields: dict[str, str]
    unknown: list[str]

    def header(self, key: str) -> str:
        """The file's own header for a field (errors name the column as the clerk sees it)."""
        for header, field_key in self.fields.items():
            if field_key == key:
                return header.strip()
        return standard.column_name(self.kind, key)


def layout_for(headers: Iterable[str], kind: str) -> Layout:
    """Match the header to the standard's fields; refuse a file without a required column
    or of another kind (a licence file uploaded as penalties)."""
    headers = [str(h) for h in headers if h is not None]
    check_header_kind(headers, kind)
    fields, unknown = standard.match_headers(headers, kind or ActionKind.OTHER)
    missing = [key for key in standard.REQUIRED_KEYS if key not in fields.values()]
    if missing:
        names = []
        for key in missing:
            column = standard.column(kind, key)
            spelled = [n for n in ((column.portal, column.name) if column else (key,)) if n]
            names.append(" / ".join(dict.fromkeys(spelled)))
        raise FileError("缺少列（missing columns）: " + "、".join(names))
    return Layout(kind, fields, unknown)


def check_header_kind(headers: Iterable[str], kind: str) -> None:
    """Refuse a file whose header is another kind's template (a licence file uploaded as
    penalties): another kind's own columns present and none of this kind's."""
    if not kind:
        return
    headers = list(headers)

    def own_columns(of: str) -> list[str]:
        fields, _unknown = standard.match_headers(headers, of)
        keys = standard.kind_keys(of)
        return [h.strip() for h, key in fields.items() if key in keys]

    if own_columns(kind):
        return
    overlap = {other: own_columns(other) for other in ActionKind.values if other != kind}
    found = max(overlap, key=lambda other: len(overlap[other]), default="")
    if not found or not overlap[found]:
        return
    raise FileError(
        _(
            "The header of this file is that of the %(found)s template (it has the columns %(columns)s), "
            "not of the kind chosen, %(kind)s: choose %(found)s as the kind, or download the %(kind)s template."
        )
        % {
            "found": ActionKind(found).label,
            "kind": ActionKind(kind).label,
            "columns": "、".join(overlap[found]),
        }
    )


class Table:
    """The rows of a file keyed by field (disclosure.standard), its ``layout`` known once
    iteration has read the header."""

    def __init__(self, path: Path, original_name: str = "", kind: str = "") -> None:
        self.path, self.kind = path, kind
        self.name = (original_name or path.name).lower()
        self.layout: Layout | None = None

    def __iter__(self) -> Iterator[dict[str, str]]:
        if self.name.endswith(".xlsx"):
            rows = _xlsx_rows(self.path)
        elif self.name.endswith(".csv"):
            rows = _csv_rows(self.path)
        else:
            raise FileError("只能导入 .csv 或 .xlsx 文件（only .csv and .xlsx files can be imported）")
        headers = next(rows, None)
        if headers is None:
            raise FileError("文件中没有数据行（the file has no data rows）")
        self.layout = layout = layout_for(headers, self.kind)
        for values in rows:
            yield {key: values[i] for i, h in enumerate(headers) if i < len(values) and (key := layout.fields.get(h))}


def read_rows(path: Path, original_name: str = "", kind: str = "") -> Table:
    return Table(path, original_name, kind)


def _csv_rows(path: Path) -> Iterator[list[str]]:
    """The header, then each row, as lists of stripped cells."""
    number = 1  # the header
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.reader(handle):
                if number > 1 and not any(cell.strip() for cell in row):
                    number += 1
                    continue
                yield [(cell or "").strip() for cell in row]
                number += 1
    except UnicodeDecodeError as exc:
        raise FileError("CSV 文件必须是 UTF-8 编码（the CSV file must be UTF-8）") from exc
    except csv.Error as exc:
        # The reader's own limit (131,072 characters in one cell) or a broken quote: the
        # reader cannot go on, so the file stops at this row.
        raise FileError(
            _("This row cannot be read (a cell longer than %(limit)d characters, or an unclosed quote).")
            % {"limit": csv.field_size_limit()},
            row=number,
        ) from exc


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise FileError(f"无法读取 XLSX 文件（cannot read the XLSX file）: {type(exc).__name__}") from exc
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    yield [str(h).strip() if h is not None else "" for h in next(rows, [])]
    for values in rows:
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        yield [_xlsx_text(v) for v in values]
    book.close()


SECRET_FIELDS = ("id_number", "legal_representative_id_number")


@dataclass
class ParsedRow:
    data: dict[str, Any]
    secrets: dict[str, str]
    errors: list[tuple[str, str]]
    warnings: list[tuple[str, str]]


def _parse_row(raw: dict[str, str], kind: str, layout: Layout, agencies: dict[str, Agency]) -> ParsedRow:
    """Map one row to model data: values as the standard writes them, synonyms accepted."""
    row = ParsedRow({"kind": kind}, {}, [], [])
    for key, value in raw.items():
        if not value:
            continue
        header = layout.header(key)
        col = standard.column(kind, key)
        if col is None:
            continue
        if CONTROL_CHARACTERS.search(value):
            row.errors.append((header, _("The cell contains an invisible control character (such as NUL); remove it.")))
            continue
        try:
            row.data.update(_cell(key, col.type, value, row, header))
        except (ValueError, InvalidOperation):
            row.errors.append((header, _bad_format(col.type, value)))
        except KeyError:
            row.errors.append((header, f"“{_excerpt(value)}”不是允许的取值"))
    source = row.data.get("data_source_uscc")
    if source and source in agencies:
        row.data["data_source_agency"] = agencies[source]
        row.data.setdefault("data_source_name", agencies[source].name)
    if "document_name" not in layout.fields.values():  # the standard's penalty file has no such column
        row.data["document_name"] = DOCUMENT_NAMES.get(ActionKind(kind), "行政决定书") if kind else ""
    if kind == ActionKind.PENALTY:
        _derive_tier(row, layout)
        _check_amounts(row, layout)
    return row


def _cell(key: str, kind_of: str, value: str, row: ParsedRow, header: str) -> dict[str, Any]:
    if kind_of == standard.ID_NUMBER:
        row.secrets[key] = value
        return {}
    if kind_of == standard.DATE:
        return {key: standard.parse_date(value)}
    if kind_of == standard.AMOUNT:
        return {key: Decimal(unicodedata.normalize("NFKC", value).replace(",", "").strip())}
    if kind_of == standard.CHOICE:
        return {key: standard.choice_value(key, value)}
    if kind_of == standard.CHOICES:
        return {key: standard.penalty_categories(value)}
    if kind_of == standard.USCC:
        code = normalise_uscc(value)
        if is_pilot_uscc(code):
            row.warnings.append(
                (
                    header,
                    _(
                        "%(code)s fails today's check character: accepted as a code of the early pilot areas, "
                        "issued before the rule was final. Check it against the business licence."
                    )
                    % {"code": code},
                )
            )
        return {key: code}
    return {key: value}


def _bad_format(kind_of: str, value: str) -> str:
    if kind_of == standard.DATE:
        return _("“%(value)s” is not a date: write 2026-10-03, 2026/10/03, 20261003 or 2026年10月3日.") % {
            "value": _excerpt(value)
        }
    return f"“{_excerpt(value)}”格式不正确（日期写作 YYYY-MM-DD，金额写作数字）"


def _derive_tier(row: ParsedRow, layout: Layout) -> None:
    """严重程度 absent (the standard has no such column): derive it, and say so in the preview."""
    if row.data.get("tier") or "penalty_categories" not in row.data:
        return
    tier = standard.derive_tier(row.data["penalty_categories"], row.data.get("fine_amount"))
    row.data.update(tier=tier, tier_derived=True)
    row.warnings.append(
        (
            standard.column_name(ActionKind.PENALTY, "tier"),
            _(
                "No tier (严重程度) in the file: derived as %(tier)s from the penalty; the reviewer confirms "
                "or changes it before publication."
            )
            % {"tier": Tier(tier).label},
        )
    )


def _check_amounts(row: ParsedRow, layout: Layout) -> None:
    """万元 columns against the ceiling and against the fines the content writes out."""
    ceiling = standard.amount_ceiling()
    for key in ("fine_amount", "confiscated_amount"):
        amount = row.data.get(key)
        if amount is None:
            continue
        if amount >= ceiling:
            row.warnings.append(
                (
                    layout.header(key),
                    _(
                        "%(amount)s 万元 is %(yuan)s 元, at or above the ceiling of %(ceiling)s 万元: if the file "
                        "gives 元, write %(wan)s (the column is in 万元). Confirm only if the amount is right."
                    )
                    % {
                        "amount": amount,
                        "yuan": f"{amount * 10000:,.0f}",
                        "ceiling": ceiling,
                        "wan": (amount / 10000).normalize(),
                    },
                )
            )
    fine = row.data.get("fine_amount")
    written = standard.content_fines(row.data.get("penalty_content", ""))
    if fine is not None and written and fine not in written:
        looks_like_yuan = any(fine == w * 10000 for w in written)
        message = _(
            "The penalty content writes a fine of %(written)s 万元, the column %(amount)s 万元%(hint)s. "
            "Correct the file, or confirm if the column is right."
        ) % {
            "written": "、".join(str(w.normalize()) for w in written),
            "amount": fine,
            "hint": _(" (the content's amount in 元?)") if looks_like_yuan else "",
        }
        row.warnings.append((layout.header("fine_amount"), message))


IN_DATABASE_MESSAGE = "本单位已有相同文书号的记录（already in the database）"


def check_and_build(
    rows: Iterable[dict[str, str]],
    *,
    kind: str,
    agency: Agency,
    actor: Any = None,
    submit: bool = True,
    progress: Any = None,
) -> tuple[list[AdministrativeAction], ImportResult]:
    """Validate every row; return the unsaved actions and the result (errors and warnings)."""
    result = ImportResult()
    agencies = {a.uscc: a for a in Agency.objects.all()}
    existing = set(AdministrativeAction.objects.filter(agency=agency).values_list("document_number", flat=True))
    seen: dict[str, int] = {}
    calendar = DatabaseCalendar()  # one read of the calendar per file, not two queries per row
    built: list[AdministrativeAction] = []
    now = timezone.now()
    layout = Layout(kind, {c.name: c.key for c in standard.standard_columns(kind)}, [])
    for number, raw in enumerate(rows, start=2):  # row 1 is the header
        if result.rows == 0:
            layout = getattr(rows, "layout", None) or layout
            if layout.unknown:
                result.warn(
                    1,
                    "",
                    _("Columns not understood, ignored: %(columns)s. Rename them to the standard's names to keep them.")
                    % {"columns": "、".join(layout.unknown)},
                )
        result.rows += 1
        parsed = _parse_row(raw, kind, layout, agencies)
        for column_name, message in parsed.errors:
            result.add(number, column_name, message)
        for column_name, message in parsed.warnings:
            result.warn(number, column_name, message)
        action = AdministrativeAction(agency=agency, created_by=actor, last_edited_by=actor, **parsed.data)
        if submit:
            action.status = Status.SUBMITTED
            action.submitted_by = actor
            action.submitted_at = now
        try:
            action.id_number = parsed.secrets.get("id_number", "")
            action.legal_representative_id_number = parsed.secrets.get("legal_representative_id_number", "")
            problem = deciding_agency_problem(action, actor)
            if problem:
                result.add(
                    number,
                    layout.header("deciding_agency_uscc" if action.deciding_agency_uscc else "deciding_agency_name"),
                    problem,
                )
            # Relations and duplicates are checked for the whole file, not one query per row.
            prepare(action, scope_given="use_scope" in parsed.data, check_database=False, calendar=calendar)
        except ValidationError as exc:
            for field_name, messages in exc.message_dict.items():
                for message in messages:
                    result.add(number, layout.header(field_name), message)
        doc = action.document_number
        if doc:
            header = layout.header("document_number")
            if doc in seen:
                result.add(number, header, f"与第 {seen[doc]} 行重复（duplicate of row {seen[doc]}）")
            elif doc in existing:
                result.add(number, header, IN_DATABASE_MESSAGE)
            seen.setdefault(doc, number)
        built.append(action)
        if progress is not None and result.rows % BATCH == 0:
            progress(result.rows)
    return built, result


@transaction.atomic(durable=True)
def save_all(actions: list[AdministrativeAction], *, agency: Agency, actor: Any, source: str) -> int:
    for start in range(0, len(actions), BATCH):
        AdministrativeAction.objects.bulk_create(actions[start : start + BATCH], batch_size=BATCH)
    label = AdministrativeAction._meta.label_lower
    events: list[dict[str, Any]] = []
    for action in actions:
        events.append(
            {
                "action": f"{label}.create",
                "actor": actor,
                "obj": action,
                "to_state": Status.DRAFT,
                "data": {"import": source},
            }
        )
        if action.status == Status.SUBMITTED:
            events.append(
                {
                    "action": f"{label}.{SUBMIT.name}",
                    "actor": actor,
                    "obj": action,
                    "from_state": Status.DRAFT,
                    "to_state": Status.SUBMITTED,
                    "data": {"import": source},
                }
            )
    audit_record_many(events)
    return len(actions)


def import_check_actor(actor: Any, agency: Agency, *, submit: bool) -> None:
    """The one rule of who may import: a clerk of the agency (none at all for drafts from the shell)."""
    if not agency.is_active:
        raise PermissionDenied(_("The agency is deactivated: nothing can be entered for it."))
    if actor is None:
        if submit:
            raise PermissionDenied(_("An import that submits for review needs the clerk who answers for it."))
        return
    if not (actor.is_active and actor.agency_id == agency.pk and actor.has_role(Role.CLERK) and agency.is_active):
        raise PermissionDenied(_("Only a clerk of the agency can import its actions."))


def import_permitted(actor: Any) -> bool:
    """Whether to offer the import page at all: a clerk of an active agency."""
    return bool(
        actor.is_authenticated
        and actor.is_active
        and actor.agency_id
        and actor.agency.is_active
        and actor.has_role(Role.CLERK)
    )


@transaction.atomic
def import_job_create(*, actor: Any, kind: str, upload: Any, submit: bool) -> ImportJob:
    """Store the upload as a job for the clerk's agency; the Celery task runs after commit."""
    agency = Agency.objects.get(pk=actor.agency_id) if actor.agency_id else None
    if agency is None:
        raise PermissionDenied(_("Only a clerk of the agency can import its actions."))
    import_check_actor(actor, agency, submit=submit)
    job = ImportJob.objects.create(
        agency=agency,
        kind=kind,
        file=upload,
        original_name=upload.name[:200],
        created_by=actor,
        submit=submit,
    )
    from disclosure.services.import_recovery import import_job_enqueue

    # Never an error for the clerk: with the broker down the job waits, committed, for beat.
    transaction.on_commit(lambda: import_job_enqueue(job_id=job.pk))
    return job


def import_file(
    path: Path,
    *,
    kind: str,
    agency: Agency,
    actor: Any = None,
    submit: bool = True,
    original_name: str = "",
    progress: Any = None,
    confirmed: bool = False,
) -> ImportResult:
    """Check the whole file, then import all of it or nothing.

    A file with warnings (the preview: columns ignored, tiers derived, amounts to confirm) is
    only checked, unless ``confirmed``: the clerk has seen the warnings and confirms them."""
    try:
        import_check_actor(actor, agency, submit=submit)
    except PermissionDenied as exc:  # the clerk left or changed role since uploading: a reason, not a crash
        return ImportResult.failed(1, exc)
    table = read_rows(path, original_name, kind)
    try:
        actions, result = check_and_build(
            table,
            kind=kind,
            agency=agency,
            actor=actor,
            submit=submit,
            progress=progress,
        )
    except FileError as exc:
        return ImportResult.failed(exc.row, exc.message, rows=max(exc.row - 2, 0))
    if result.rows == 0:
        result.add(1, "", "文件中没有数据行（the file has no data rows）")
    if result.ok and result.warnings_total and not confirmed:
        result.awaiting_confirmation = True
        return result
    if result.ok:
        try:
            result.imported = save_all(actions, agency=agency, actor=actor, source=original_name or path.name)
        except IntegrityError:
            # Someone saved one of these document numbers after the check (the unique
            # constraint is the judge): name the rows, import nothing.
            header = table.layout.header("document_number") if table.layout else "决定文书号"
            return _raced(actions, agency=agency, rows=result.rows, header=header)
    return result


def _raced(actions: list[AdministrativeAction], *, agency: Agency, rows: int, header: str) -> ImportResult:
    result = ImportResult(rows=rows)
    taken = set(AdministrativeAction.objects.filter(agency=agency).values_list("document_number", flat=True))
    for number, action in enumerate(actions, start=2):
        if action.document_number in taken:
            result.add(number, header, IN_DATABASE_MESSAGE)
    if result.ok:
        result.add(1, "", _("The file could not be saved because of a conflicting change; import it again."))
    return result


def import_job_run(*, job_id: int) -> str:
    """Run an ImportJob (Celery). Safe to redeliver: a finished job is left alone.

    A job always ends: done, or failed with a reason on the job. An unexpected error is
    logged with the job's id and its cause, and the clerk reads that the system failed.
    """
    claimed = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.PENDING).update(state=ImportJob.State.RUNNING)
    if not claimed:
        return "skipped"
    try:
        job = ImportJob.objects.select_related("agency", "created_by").get(pk=job_id)

        def progress(done: int) -> None:
            ImportJob.objects.filter(pk=job_id).update(rows_done=done)

        result = import_file(
            Path(job.file.path),
            kind=job.kind,
            agency=job.agency,
            actor=job.created_by,
            submit=job.submit,
            original_name=job.original_name,
            progress=progress,
            confirmed=job.confirmed,
        )
    except Exception:  # whatever it was, the job must end with a reason (issue 7, item 9)
        logger.exception("import job %s failed with an unexpected error", job_id)
        ImportJob.objects.filter(pk=job_id).update(
            state=ImportJob.State.FAILED,
            failure_reason=_("Import failed: system error. Please contact the district credit office."),
        )
        return "failed"
    if result.awaiting_confirmation:
        state = ImportJob.State.AWAITING
    else:
        state = ImportJob.State.DONE if result.ok else ImportJob.State.FAILED
    ImportJob.objects.filter(pk=job_id).update(
        state=state,
        rows_total=result.rows,
        rows_done=result.rows,
        rows_imported=result.imported,
        errors=[e.__dict__ for e in result.errors],
        errors_total=result.errors_total,
        warnings=[w.__dict__ for w in result.warnings],
        warnings_total=result.warnings_total,
        failure_reason="" if result.ok else result.reason(),
    )
    return {ImportJob.State.AWAITING: "awaiting", ImportJob.State.DONE: "done"}.get(state, "failed")


@transaction.atomic
def import_job_confirm(*, job: ImportJob, actor: Any) -> ImportJob:
    """The clerk who uploaded the file has read its preview and confirms: check it again and
    import it (its warnings accepted). Anyone else, or a job not awaiting, is refused."""
    locked = ImportJob.objects.select_for_update().get(pk=job.pk)
    if locked.state != ImportJob.State.AWAITING:
        raise PermissionDenied(_("Only an import that waits for confirmation can be confirmed."))
    if actor is None or locked.created_by_id != actor.pk:
        raise PermissionDenied(_("Only the clerk who uploaded the file can confirm its import."))
    import_check_actor(actor, locked.agency, submit=locked.submit)
    locked.state, locked.confirmed = ImportJob.State.PENDING, True
    locked.save(update_fields=["state", "confirmed"])
    audit_record(
        action="disclosure.importjob.confirm",
        actor=actor,
        obj=locked,
        from_state=ImportJob.State.AWAITING,
        to_state=ImportJob.State.PENDING,
        data={"warnings": locked.warnings_total},
    )
    from disclosure.services.import_recovery import import_job_enqueue

    transaction.on_commit(lambda: import_job_enqueue(job_id=locked.pk))
    return locked
