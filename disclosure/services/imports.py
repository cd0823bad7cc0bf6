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
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import Agency
from core.roles import Role
from core.selectors import DatabaseCalendar
from core.services.audit import audit_record_many
from core.workflow import SUBMIT, Status
from disclosure.models import (
    PENALTY_CATEGORIES,
    ActionKind,
    AdministrativeAction,
    CounterpartyType,
    IdType,
    ImportJob,
    LicenceState,
    Tier,
    UseScope,
)
from disclosure.services.actions import prepare
from integrity.lib.errors import ApplicationError
from integrity.lib.spreadsheet import safe_cell

BATCH = 1000

# Column header (the standard's Chinese name) → model field, per kind.
COMMON_COLUMNS = {
    "行政相对人名称": "counterparty_name",
    "行政相对人类别": "counterparty_type",
    "统一社会信用代码": "counterparty_uscc",
    "工商注册号": "business_registration_no",
    "组织机构代码": "organisation_code",
    "税务登记号": "tax_registration_no",
    "事业单位证书号": "institution_cert_no",
    "社会组织登记证号": "social_org_cert_no",
    "法定代表人": "legal_representative",
    "证件类型": "id_type",
    "证件号码": "id_number",
    "决定文书名称": "document_name",
    "决定文书号": "document_number",
    "决定日期": "decision_date",
    "数据来源单位统一社会信用代码": "data_source_uscc",
    "信息使用范围": "use_scope",
    "备注": "remarks",
}
KIND_COLUMNS: dict[str, dict[str, str]] = {
    ActionKind.PENALTY: {
        "违法行为类型": "violation_type",
        "违法事实": "violation_facts",
        "处罚依据": "penalty_basis",
        "处罚类别": "penalty_categories",
        "处罚内容": "penalty_content",
        "罚款金额（万元）": "fine_amount",
        "没收违法所得、没收非法财物的金额（万元）": "confiscated_amount",
        "暂扣或吊销证照名称及编号": "suspended_licence",
        "严重程度": "tier",
    },
    ActionKind.LICENSING: {
        "许可证书名称": "licence_certificate_name",
        "许可编号": "licence_number",
        "许可内容": "licence_content",
        "有效期自": "valid_from",
        "有效期至": "valid_to",
        "当前状态": "licence_state",
    },
    ActionKind.OTHER: {"行为名称": "other_kind_name"},
}
REQUIRED_HEADERS = {"行政相对人名称", "行政相对人类别", "决定文书名称", "决定文书号", "决定日期"}

# Enumerations as written in the file (Chinese) → stored values.
COUNTERPARTY_TYPES = {
    "法人及非法人组织": CounterpartyType.LEGAL_PERSON,
    "法人": CounterpartyType.LEGAL_PERSON,
    "自然人": CounterpartyType.NATURAL_PERSON,
    "个体工商户": CounterpartyType.INDIVIDUAL_BUSINESS,
}
ID_TYPES = {
    "身份证": IdType.RESIDENT_ID,
    "居民身份证": IdType.RESIDENT_ID,
    "护照": IdType.PASSPORT,
    "港澳居民来往内地通行证": IdType.HK_MACAO,
    "台湾居民来往大陆通行证": IdType.TAIWAN,
    "外国人永久居留身份证": IdType.FOREIGN_PR,
}
TIERS = {"轻微": Tier.MINOR, "一般": Tier.GENERAL, "严重": Tier.SERIOUS}
LICENCE_STATES = {
    "正常": LicenceState.NORMAL,
    "撤销": LicenceState.REVOKED,
    "异议": LicenceState.OBJECTION,
    "其他": LicenceState.OTHER,
}
USE_SCOPES = {"公示": UseScope.PUBLIC, "内部共享": UseScope.INTERNAL, "授权查询": UseScope.AUTHORISED}
CATEGORY_BY_LABEL = {label: key for key, label in PENALTY_CATEGORIES.items()}
DATE_FIELDS = {"decision_date", "valid_from", "valid_to"}
DECIMAL_FIELDS = {"fine_amount", "confiscated_amount"}


def columns_for(kind: str) -> dict[str, str]:
    return {**COMMON_COLUMNS, **KIND_COLUMNS.get(kind, {})}


def template_csv(kind: str) -> str:
    out = io.StringIO()
    csv.writer(out).writerow(columns_for(kind).keys())
    return "\ufeff" + out.getvalue()


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    rows: int = 0
    imported: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class FileError(ApplicationError):
    """The file as a whole cannot be read (format, encoding, headers)."""


def read_rows(path: Path, original_name: str = "") -> Iterator[dict[str, str]]:
    name = (original_name or path.name).lower()
    if name.endswith(".xlsx"):
        yield from _xlsx_rows(path)
    elif name.endswith(".csv"):
        yield from _csv_rows(path)
    else:
        raise FileError("只能导入 .csv 或 .xlsx 文件（only .csv and .xlsx files can be imported）")


def _csv_rows(path: Path) -> Iterator[dict[str, str]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            _check_headers(reader.fieldnames or [])
            for row in reader:
                yield {k.strip(): (v or "").strip() for k, v in row.items() if k}
    except UnicodeDecodeError as exc:
        raise FileError("CSV 文件必须是 UTF-8 编码（the CSV file must be UTF-8）") from exc


def _xlsx_rows(path: Path) -> Iterator[dict[str, str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise FileError(f"无法读取 XLSX 文件（cannot read the XLSX file）: {type(exc).__name__}") from exc
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    headers = [str(h).strip() if h is not None else "" for h in next(rows, [])]
    _check_headers(headers)
    for values in rows:
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        yield {h: _xlsx_text(v) for h, v in zip(headers, values, strict=False) if h}
    book.close()


def _xlsx_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _check_headers(headers: Iterable[str]) -> None:
    missing = REQUIRED_HEADERS - {h.strip() for h in headers if h}
    if missing:
        raise FileError("缺少列（missing columns）: " + "、".join(sorted(missing)))


def _parse_row(
    raw: dict[str, str], kind: str, agencies: dict[str, Agency]
) -> tuple[dict[str, Any], str, list[tuple[str, str]]]:
    """Map one row to model data; returns (data, id_number, [(column, message)])."""
    data: dict[str, Any] = {"kind": kind}
    id_number = ""
    errors: list[tuple[str, str]] = []
    for header, field_name in columns_for(kind).items():
        value = raw.get(header, "")
        if not value:
            continue
        try:
            if field_name == "id_number":
                id_number = value
            elif field_name in DATE_FIELDS:
                data[field_name] = dt.date.fromisoformat(value.replace("/", "-"))
            elif field_name in DECIMAL_FIELDS:
                data[field_name] = Decimal(value)
            elif field_name == "counterparty_type":
                data[field_name] = COUNTERPARTY_TYPES[value]
            elif field_name == "id_type":
                data[field_name] = ID_TYPES[value]
            elif field_name == "tier":
                data[field_name] = TIERS[value]
            elif field_name == "licence_state":
                data[field_name] = LICENCE_STATES[value]
            elif field_name == "use_scope":
                data[field_name] = USE_SCOPES[value]
            elif field_name == "penalty_categories":
                labels = [p.strip() for p in value.replace(";", "；").split("；") if p.strip()]
                data[field_name] = [CATEGORY_BY_LABEL[label] for label in labels]
            elif field_name == "data_source_uscc":
                data["data_source_agency"] = agencies[value.upper()]
            else:
                data[field_name] = value
        except (ValueError, InvalidOperation):
            errors.append((header, f"“{value}”格式不正确（日期写作 YYYY-MM-DD，金额写作数字）"))
        except KeyError:
            errors.append((header, f"“{value}”不是允许的取值"))
    return data, id_number, errors


FIELD_TO_HEADER = {v: k for cols in [COMMON_COLUMNS, *KIND_COLUMNS.values()] for k, v in cols.items()}


def check_and_build(
    rows: Iterable[dict[str, str]],
    *,
    kind: str,
    agency: Agency,
    actor: Any = None,
    submit: bool = True,
    progress: Any = None,
) -> tuple[list[AdministrativeAction], ImportResult]:
    """Validate every row; return the unsaved actions and the result (errors if any)."""
    result = ImportResult()
    agencies = {a.uscc: a for a in Agency.objects.all()}
    existing = set(AdministrativeAction.objects.filter(agency=agency).values_list("document_number", flat=True))
    seen: dict[str, int] = {}
    calendar = DatabaseCalendar()  # one read of the calendar per file, not two queries per row
    built: list[AdministrativeAction] = []
    now = timezone.now()
    for number, raw in enumerate(rows, start=2):  # row 1 is the header
        result.rows += 1
        data, id_number, errors = _parse_row(raw, kind, agencies)
        for column, message in errors:
            result.errors.append(RowError(number, column, message))
        action = AdministrativeAction(agency=agency, created_by=actor, last_edited_by=actor, **data)
        if submit:
            action.status = Status.SUBMITTED
            action.submitted_by = actor
            action.submitted_at = now
        try:
            action.id_number = id_number
            # Relations and duplicates are checked for the whole file, not one query per row.
            prepare(action, scope_given="use_scope" in data, check_database=False, calendar=calendar)
        except ValidationError as exc:
            for field_name, messages in exc.message_dict.items():
                for message in messages:
                    result.errors.append(RowError(number, FIELD_TO_HEADER.get(field_name, field_name), message))
        doc = action.document_number
        if doc:
            if doc in seen:
                result.errors.append(
                    RowError(number, "决定文书号", f"与第 {seen[doc]} 行重复（duplicate of row {seen[doc]}）")
                )
            elif doc in existing:
                result.errors.append(
                    RowError(number, "决定文书号", "本单位已有相同文书号的记录（already in the database）")
                )
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
    if actor is None:
        if submit:
            raise PermissionDenied(_("An import that submits for review needs the clerk who answers for it."))
        return
    if not (actor.is_active and actor.agency_id == agency.pk and actor.has_role(Role.CLERK) and agency.is_active):
        raise PermissionDenied(_("Only a clerk of the agency can import its actions."))


def import_permitted(actor: Any) -> bool:
    """Whether to offer the import page at all: a clerk of an agency."""
    return bool(actor.is_authenticated and actor.is_active and actor.agency_id and actor.has_role(Role.CLERK))


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
) -> ImportResult:
    """Check the whole file, then import all of it or nothing."""
    try:
        import_check_actor(actor, agency, submit=submit)
    except PermissionDenied as exc:  # the clerk left or changed role since uploading: a reason, not a crash
        return ImportResult(errors=[RowError(1, "", str(exc))])
    try:
        actions, result = check_and_build(
            read_rows(path, original_name), kind=kind, agency=agency, actor=actor, submit=submit, progress=progress
        )
    except FileError as exc:
        return ImportResult(errors=[RowError(1, "", str(exc))])
    if result.rows == 0:
        result.errors.append(RowError(1, "", "文件中没有数据行（the file has no data rows）"))
    if result.ok:
        result.imported = save_all(actions, agency=agency, actor=actor, source=original_name or path.name)
    return result


def import_job_run(*, job_id: int) -> str:
    """Run an ImportJob (Celery). Safe to redeliver: a finished job is left alone."""
    claimed = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.PENDING).update(state=ImportJob.State.RUNNING)
    if not claimed:
        return "skipped"
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
    )
    ImportJob.objects.filter(pk=job_id).update(
        state=ImportJob.State.DONE if result.ok else ImportJob.State.FAILED,
        rows_total=result.rows,
        rows_done=result.rows,
        rows_imported=result.imported,
        errors=[e.__dict__ for e in result.errors[:5000]],
    )
    return "done" if result.ok else "failed"


def error_report_csv(errors: Iterable[dict[str, Any] | RowError]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["行号", "列", "问题"])
    for error in errors:
        e = error if isinstance(error, dict) else error.__dict__
        writer.writerow([e["row"], safe_cell(str(e["column"])), safe_cell(str(e["message"]))])
    return "\ufeff" + out.getvalue()
