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

import datetime as dt
import logging
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import imports as core_imports
from core.imports import CONTROL_CHARACTERS, FileError, ImportResult, excerpt
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

BATCH = 1000

logger = logging.getLogger(__name__)

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
    return core_imports.template_csv(columns_for(kind), template_example(kind))


# --- templates that help (CSV and XLSX): an example row, drop-downs, an explanation sheet ---

DOCUMENT_NAMES = {
    ActionKind.LICENSING: "行政许可决定书",
    ActionKind.PENALTY: "行政处罚决定书",
    ActionKind.ENFORCEMENT: "行政强制决定书",
    ActionKind.CONFIRMATION: "行政确认决定书",
    ActionKind.LEVY: "行政征收决定书",
    ActionKind.PAYMENT: "行政给付决定书",
}
# Columns whose cells are codes: kept as text in the XLSX, or a spreadsheet turns an
# 18-digit ID number into 1.1E+17 and loses its last digits.
TEXT_COLUMNS = {
    "统一社会信用代码",
    "工商注册号",
    "组织机构代码",
    "税务登记号",
    "事业单位证书号",
    "社会组织登记证号",
    "证件号码",
    "决定文书号",
    "数据来源单位统一社会信用代码",
    "许可编号",
}
PENALTY_CATEGORY_SEPARATOR = "；"


_first_labels = core_imports.first_labels


def enumerated_columns() -> dict[str, list[str]]:
    """Header → the values a drop-down offers; the import accepts exactly these (and aliases)."""
    return {
        "行政相对人类别": _first_labels(COUNTERPARTY_TYPES),
        "证件类型": _first_labels(ID_TYPES),
        "严重程度": _first_labels(TIERS),
        "当前状态": _first_labels(LICENCE_STATES),
        "信息使用范围": _first_labels(USE_SCOPES),
    }


def template_example(kind: str) -> dict[str, Any]:
    """One example row that follows every rule it illustrates (a company, decided today)."""
    from core.demo import demo_uscc

    today = timezone.localdate()
    row: dict[str, Any] = dict.fromkeys(columns_for(kind), "")
    row.update(
        {
            "行政相对人名称": "济南示例商贸有限公司",
            "行政相对人类别": "法人及非法人组织",
            "统一社会信用代码": demo_uscc(999999, "91"),
            "法定代表人": "张某某",
            "决定文书名称": DOCUMENT_NAMES.get(ActionKind(kind), "行政决定书"),
            "决定文书号": f"槐示例〔{today.year}〕1号",
            "决定日期": today,
            "信息使用范围": "公示",
            "备注": "示例行：照此填写，导入前删除本行",
        }
    )
    if kind == ActionKind.PENALTY:
        row.update(
            {
                "违法行为类型": "未按规定公示食品经营许可证",
                "违法事实": "当事人未在经营场所显著位置悬挂食品经营许可证。",
                "处罚依据": "《中华人民共和国食品安全法》第一百二十六条",
                "处罚类别": PENALTY_CATEGORY_SEPARATOR.join(
                    [PENALTY_CATEGORIES["warning"], PENALTY_CATEGORIES["fine"]]
                ),
                "处罚内容": "警告，罚款五千元。",
                "罚款金额（万元）": Decimal("0.5"),
                "严重程度": "一般",
            }
        )
    elif kind == ActionKind.LICENSING:
        row.update(
            {
                "许可证书名称": "食品经营许可证",
                "许可编号": "JY23701040000001",
                "许可内容": "预包装食品销售",
                "有效期自": today,
                "有效期至": dt.date(today.year + 5, today.month, 1) - dt.timedelta(days=1),
                "当前状态": "正常",
            }
        )
    elif kind == ActionKind.OTHER:
        row["行为名称"] = "行政检查"
    return row


def _column_help() -> dict[str, tuple[str, str, str]]:
    """Header → (required?, format, notes), for the explanation sheet."""
    yes, no = _("Yes"), _("No")
    text, choose, date = _("Text"), _("One value from the drop-down list"), _("Date, YYYY-MM-DD")
    code = _("Text (a code: keep leading zeros)")
    amount = _("Number, in 10,000 yuan (0.5 = 5,000 yuan)")
    return {
        "行政相对人名称": (yes, text, _("The company, organisation or person the decision concerns.")),
        "行政相对人类别": (yes, choose, ""),
        "统一社会信用代码": (
            _("For organisations and individual businesses"),
            _("18 characters with a valid check character"),
            "",
        ),
        "工商注册号": (no, code, _("Older registration numbers, where known.")),
        "组织机构代码": (no, code, _("Older registration numbers, where known.")),
        "税务登记号": (no, code, _("Older registration numbers, where known.")),
        "事业单位证书号": (no, code, _("Older registration numbers, where known.")),
        "社会组织登记证号": (no, code, _("Older registration numbers, where known.")),
        "法定代表人": (_("For a legal person"), text, ""),
        "证件类型": (_("For a natural person"), choose, ""),
        "证件号码": (
            _("For a natural person"),
            code,
            _("A resident ID number needs a valid check character. Stored encrypted, never published."),
        ),
        "决定文书名称": (yes, text, ""),
        "决定文书号": (yes, code, _("Unique within your agency.")),
        "决定日期": (yes, date, _("Not in the future. The publication deadline counts from this date.")),
        "数据来源单位统一社会信用代码": (no, code, _("An agency in the portal; blank means your agency.")),
        "信息使用范围": (no, choose, _("Blank: set by the rules (minor penalties are shared internally only).")),
        "备注": (no, text, ""),
        "违法行为类型": (yes, text, ""),
        "违法事实": (yes, text, _("No ID numbers, mobile numbers or the person's own name.")),
        "处罚依据": (yes, text, ""),
        "处罚类别": (
            yes,
            _("One or more values from the list, separated by ；"),
            "",
        ),
        "处罚内容": (yes, text, ""),
        "罚款金额（万元）": (_("When the penalty includes a fine"), amount, ""),
        "没收违法所得、没收非法财物的金额（万元）": (_("When the penalty includes confiscation"), amount, ""),
        "暂扣或吊销证照名称及编号": (_("When a licence is suspended or revoked"), text, ""),
        "严重程度": (yes, choose, ""),
        "许可证书名称": (yes, text, ""),
        "许可编号": (yes, code, ""),
        "许可内容": (yes, text, ""),
        "有效期自": (yes, date, ""),
        "有效期至": (no, date, _("Not before the start of validity; blank if open-ended.")),
        "当前状态": (yes, choose, ""),
        "行为名称": (yes, text, _("The name of this kind of administrative act.")),
    }


def template_xlsx(kind: str) -> bytes:
    """The XLSX template: headers and an example row, drop-downs for the enumerated columns
    (a hint for 处罚类别, which takes several values), and a sheet explaining each column."""
    categories = PENALTY_CATEGORY_SEPARATOR.join(PENALTY_CATEGORIES.values())
    spec = core_imports.WorkbookTemplate(
        title=str(ActionKind(kind).label),
        columns=list(columns_for(kind)),
        example=template_example(kind),
        intro=_(
            "Fill in one row per decision below the header of the first sheet; keep the column names as they "
            "are. Row 2 is an example: delete it before importing. A file with any bad row imports nothing."
        ),
        helps=_column_help(),
        enumerated=enumerated_columns(),
        prompts={"处罚类别": _("One or more of: %(values)s") % {"values": categories}},
        allowed={"处罚类别": categories},
        text_columns=frozenset(TEXT_COLUMNS),
    )
    return core_imports.template_xlsx(spec)


def check_header_kind(headers: Iterable[str], kind: str) -> None:
    """Refuse a file whose header is another kind's template (a licence file uploaded as
    penalties): another kind's own columns present and none of this kind's."""
    if not kind:
        return
    present = {h.strip() for h in headers if h}
    own = set(KIND_COLUMNS.get(kind, {}))
    if own & present:
        return
    overlap = {other: len(set(cols) & present) for other, cols in KIND_COLUMNS.items() if other != kind}
    found = max(overlap, key=lambda other: overlap[other], default="")
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
            "columns": "、".join(h for h in KIND_COLUMNS[found] if h in present),
        }
    )


def read_rows(path: Path, original_name: str = "", kind: str = "") -> Iterator[dict[str, str]]:
    return core_imports.read_rows(path, original_name, check_headers=lambda headers: _check_headers(headers, kind))


def _check_headers(headers: Iterable[str], kind: str = "") -> None:
    headers = list(headers)
    core_imports.require_headers(REQUIRED_HEADERS)(headers)
    check_header_kind(headers, kind)


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
        if CONTROL_CHARACTERS.search(value):
            errors.append((header, _(core_imports.CONTROL_CHARACTER_MESSAGE)))
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
            errors.append((header, f"“{excerpt(value)}”格式不正确（日期写作 YYYY-MM-DD，金额写作数字）"))
        except KeyError:
            errors.append((header, f"“{excerpt(value)}”不是允许的取值"))
    return data, id_number, errors


IN_DATABASE_MESSAGE = "本单位已有相同文书号的记录（already in the database）"
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
            result.add(number, column, message)
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
                    result.add(number, FIELD_TO_HEADER.get(field_name, field_name), message)
        doc = action.document_number
        if doc:
            if doc in seen:
                result.add(number, "决定文书号", f"与第 {seen[doc]} 行重复（duplicate of row {seen[doc]}）")
            elif doc in existing:
                result.add(number, "决定文书号", IN_DATABASE_MESSAGE)
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
) -> ImportResult:
    """Check the whole file, then import all of it or nothing."""
    try:
        import_check_actor(actor, agency, submit=submit)
    except PermissionDenied as exc:  # the clerk left or changed role since uploading: a reason, not a crash
        return ImportResult.failed(1, exc)
    try:
        actions, result = check_and_build(
            read_rows(path, original_name, kind),
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
    if result.ok:
        try:
            result.imported = save_all(actions, agency=agency, actor=actor, source=original_name or path.name)
        except IntegrityError:
            # Someone saved one of these document numbers after the check (the unique
            # constraint is the judge): name the rows, import nothing.
            return _raced(actions, agency=agency, rows=result.rows)
    return result


def _raced(actions: list[AdministrativeAction], *, agency: Agency, rows: int) -> ImportResult:
    result = ImportResult(rows=rows)
    taken = set(AdministrativeAction.objects.filter(agency=agency).values_list("document_number", flat=True))
    for number, action in enumerate(actions, start=2):
        if action.document_number in taken:
            result.add(number, "决定文书号", IN_DATABASE_MESSAGE)
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
        )
    except Exception:  # whatever it was, the job must end with a reason (issue 7, item 9)
        logger.exception("import job %s failed with an unexpected error", job_id)
        ImportJob.objects.filter(pk=job_id).update(
            state=ImportJob.State.FAILED,
            failure_reason=_("Import failed: system error. Please contact the district credit office."),
        )
        return "failed"
    ImportJob.objects.filter(pk=job_id).update(
        state=ImportJob.State.DONE if result.ok else ImportJob.State.FAILED,
        rows_total=result.rows,
        rows_done=result.rows,
        rows_imported=result.imported,
        errors=[e.__dict__ for e in result.errors],
        errors_total=result.errors_total,
        failure_reason="" if result.ok else result.reason(),
    )
    return "done" if result.ok else "failed"
