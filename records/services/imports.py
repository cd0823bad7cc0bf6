"""Bulk entry of credit records in civil servants' files (issue 9, item 10): annual
assessment results, training and the like, by the hundred, from CSV or XLSX.

The file machinery (reading, header checks, the bounded row-error report, templates) is
`core.imports`, shared with disclosure's import. Here: what a row means. Every row is
checked by the same rules as a typed record (`check_record`, through `full_clean`) before
anything is written; a file with any bad row imports nothing. A civil servant is found by
the ID number through the keyed hash (never a decrypting scan), and only among the
importer's own people: a row for a civil servant of another agency is refused with the same
words as an unknown number, so the import does not tell who works elsewhere.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import imports as core_imports
from core.imports import FileError, ImportResult, excerpt
from core.models import Agency, CivilServant
from core.roles import Role
from core.services.audit import audit_record_many
from core.workflow import SUBMIT, Status, entry_data
from integrity.lib.identifiers import normalise_id_number
from records.models import CreditRecord, KeyArea, Polarity, SanctionKind, Tier, UseScope

# Column header → what it holds. 身份证号 identifies the person; 姓名 is checked against it.
COLUMNS = {
    "身份证号": "id_number",
    "姓名": "name",
    "类别": "category",
    "性质": "polarity",
    "严重程度": "tier",
    "认定日期": "decision_date",
    "文号": "document_number",
    "内容摘要": "summary",
    "信息提供单位统一社会信用代码": "providing_agency",
    "信息使用范围": "use_scope",
    "重点领域": "key_areas",
    "处分种类": "sanction_kind",
    "处分生效日期": "sanction_effective_on",
}
REQUIRED_HEADERS = ("身份证号", "姓名", "类别", "性质", "认定日期", "内容摘要")
TEXT_COLUMNS = frozenset({"身份证号", "文号", "信息提供单位统一社会信用代码"})
SEPARATOR = "；"

# The words a clerk writes (the plan's Chinese terms) → stored values; civil servants' list only.
CATEGORIES = {
    "个人档案填写登记": "personal_file",
    "个人事项报告查核": "personal_matters",
    "廉政记录": "clean_governance",
    "年度考核结果": "annual_assessment",
    "诚信教育培训": "training",
    "司法判决": "judgment",
    "行政处罚": "administrative_penalty",
    "纪律处分": "disciplinary_sanction",
    "政务处分": "disciplinary_sanction",
    "问责处理": "accountability",
}
POLARITIES = {"守信": Polarity.TRUSTWORTHY, "失信": Polarity.DISHONEST, "中性": Polarity.NEUTRAL}
TIERS = {"轻微": Tier.MINOR, "一般": Tier.GENERAL, "严重": Tier.SERIOUS}
USE_SCOPES = {"公示": UseScope.PUBLIC, "内部共享": UseScope.INTERNAL, "授权查询": UseScope.AUTHORISED}
KEY_AREAS = {
    "政府采购": KeyArea.PROCUREMENT,
    "政府和社会资本合作": KeyArea.PPP,
    "招商引资": KeyArea.INVESTMENT_PROMOTION,
    "产权保护": KeyArea.PROPERTY_RIGHTS,
    "大气污染防治": KeyArea.AIR_POLLUTION,
    "行政审批": KeyArea.APPROVAL,
    "统计": KeyArea.STATISTICS,
    "街道": KeyArea.SUB_DISTRICT,
    "其他": KeyArea.OTHER,
}
SANCTIONS = {
    "警告": SanctionKind.WARNING,
    "记过": SanctionKind.DEMERIT,
    "记大过": SanctionKind.MAJOR_DEMERIT,
    "降级": SanctionKind.DEMOTION,
    "撤职": SanctionKind.REMOVAL,
}
CHOICES: dict[str, Mapping[str, str]] = {
    "category": CATEGORIES,
    "polarity": POLARITIES,
    "tier": TIERS,
    "use_scope": USE_SCOPES,
    "sanction_kind": SANCTIONS,
}
HEADER_OF = {field: header for header, field in COLUMNS.items()}
NOT_OURS = "本单位没有这个身份证号的公务员（no civil servant of your agency has this ID number）"


def enumerated_columns() -> dict[str, list[str]]:
    return {
        "类别": core_imports.first_labels(CATEGORIES),
        "性质": list(POLARITIES),
        "严重程度": list(TIERS),
        "信息使用范围": list(USE_SCOPES),
        "处分种类": list(SANCTIONS),
    }


def template_example() -> dict[str, Any]:
    """An example row that imports as it is (a made-up ID number with a valid check digit)."""
    from core.demo import demo_id_number

    today = timezone.localdate()
    return {
        "身份证号": demo_id_number(dt.date(1988, 3, 15), 999),
        "姓名": "张某某",
        "类别": "年度考核结果",
        "性质": "守信",
        "严重程度": "",
        "认定日期": today,
        "文号": f"槐考〔{today.year}〕1号",
        "内容摘要": f"{today.year - 1}年度考核结果：优秀。",
        "信息提供单位统一社会信用代码": "",
        "信息使用范围": "",
        "重点领域": "",
        "处分种类": "",
        "处分生效日期": "",
    }


def template_csv() -> str:
    return core_imports.template_csv(COLUMNS, template_example())


def template_xlsx() -> bytes:
    yes, no = _("Yes"), _("No")
    text, choose, date = _("Text"), _("One value from the drop-down list"), _("Date, YYYY-MM-DD")
    helps = {
        "身份证号": (
            yes,
            _("18 characters with a valid check character"),
            _("Finds the civil servant of your agency."),
        ),
        "姓名": (yes, text, _("Must match the civil servant with this ID number.")),
        "类别": (yes, choose, ""),
        "性质": (yes, choose, ""),
        "严重程度": (_("For dishonesty (失信)"), choose, ""),
        "认定日期": (yes, date, _("Not in the future.")),
        "文号": (no, text, ""),
        "内容摘要": (yes, text, ""),
        "信息提供单位统一社会信用代码": (no, _("18 characters"), _("An agency in the portal.")),
        "信息使用范围": (no, choose, _("Blank: internal sharing, the default for a civil servant's records.")),
        "重点领域": (no, _("One or more values from the list, separated by ；"), ""),
        "处分种类": (_("For a sanction with an influence period"), choose, ""),
        "处分生效日期": (no, date, _("Blank: the decision date.")),
    }
    spec = core_imports.WorkbookTemplate(
        title=_("Credit records"),
        columns=list(COLUMNS),
        example=template_example(),
        intro=_(
            "One row per record in a civil servant's file, below the header of the first sheet; keep the column "
            "names as they are. Row 2 is an example: delete it before importing. A file with any bad row imports "
            "nothing."
        ),
        helps=helps,
        enumerated=enumerated_columns(),
        prompts={"重点领域": SEPARATOR.join(KEY_AREAS)},
        allowed={"重点领域": SEPARATOR.join(KEY_AREAS)},
        text_columns=TEXT_COLUMNS,
    )
    return core_imports.template_xlsx(spec)


def import_permitted(actor: Any) -> bool:
    """A clerk of an active agency, or the credit office (who enters for every agency)."""
    if not (actor.is_authenticated and actor.is_active and actor.is_staff):
        return False
    if actor.is_credit_office:
        return True
    return bool(actor.agency_id and actor.agency.is_active and actor.has_role(Role.CLERK))


def _parse(raw: dict[str, str], agencies: dict[str, int]) -> tuple[dict[str, Any], str, str, list[tuple[str, str]]]:
    """One row → (entry data without the subject, ID number, name, [(column, message)])."""
    data: dict[str, Any] = {"key_areas": []}
    errors: list[tuple[str, str]] = []
    id_number = name = ""
    for header, field in COLUMNS.items():
        value = raw.get(header, "")
        if not value:
            continue
        if core_imports.CONTROL_CHARACTERS.search(value):
            errors.append((header, _(core_imports.CONTROL_CHARACTER_MESSAGE)))
            continue
        try:
            if field == "id_number":
                id_number = normalise_id_number(value)
            elif field == "name":
                name = value
            elif field in CHOICES:
                data[field] = CHOICES[field][value]
            elif field in ("decision_date", "sanction_effective_on"):
                data[field] = dt.date.fromisoformat(value.replace("/", "-"))
            elif field == "key_areas":
                data[field] = [
                    KEY_AREAS[v.strip()] for v in value.replace(";", SEPARATOR).split(SEPARATOR) if v.strip()
                ]
            elif field == "providing_agency":
                data["providing_agency_id"] = agencies[value.upper()]
            else:
                data[field] = value
        except ValueError:
            errors.append((header, f"“{excerpt(value)}”格式不正确（日期写作 YYYY-MM-DD）"))
        except KeyError:
            errors.append((header, f"“{excerpt(value)}”不是允许的取值"))
    return data, id_number, name, errors


def check_rows(rows: Any, *, actor: Any) -> tuple[list[CreditRecord], ImportResult]:
    """Check every row; the unsaved records and the result (errors if any). A fixed number
    of queries for the lookups (agencies, the actor's civil servants), then one per row for
    the rules that read the database (`check_record` reads the subject's agency)."""
    rows = list(rows)
    result = ImportResult()
    agencies = dict(Agency.objects.values_list("uscc", "id"))
    people = CivilServant.objects.visible_to(actor)
    if not actor.is_credit_office:
        people = people.filter(agency_id=actor.agency_id)  # never another agency's people
    hashes = {CivilServant.hash_for(r.get("身份证号", "")) for r in rows if r.get("身份证号")}
    by_hash = {p.id_number_hash: p for p in people.filter(id_number_hash__in=hashes)}
    seen: dict[tuple[Any, ...], int] = {}
    built: list[CreditRecord] = []
    for number, raw in enumerate(rows, start=2):  # row 1 is the header
        result.rows += 1
        data, id_number, name, errors = _parse(raw, agencies)
        for column, message in errors:
            result.add(number, column, message)
        person = by_hash.get(CivilServant.hash_for(id_number)) if id_number else None
        if id_number and person is None:
            result.add(number, "身份证号", NOT_OURS)
        if person is not None and name and name != person.name:
            result.add(number, "姓名", _("The name does not match the civil servant with this ID number."))
        providing = data.pop("providing_agency_id", None)
        record = CreditRecord(**entry_data(CreditRecord, {**data, "civil_servant": person}))
        record.providing_agency_id = providing
        record.created_by = record.last_edited_by = actor
        try:
            record.full_clean(exclude=["agency"], validate_constraints=False)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                if field in ("civil_servant", "subject_agency") and person is None:
                    continue  # already said, in the words of the ID column
                for message in messages:
                    result.add(number, HEADER_OF.get(field, field), message)
        if person is not None and not record.policy.may_enter(actor, record):
            result.add(number, "身份证号", NOT_OURS)
        key = (id_number, data.get("category"), data.get("decision_date"), data.get("document_number", ""))
        if id_number and key in seen:
            result.add(number, "身份证号", f"与第 {seen[key]} 行重复（duplicate of row {seen[key]}）")
        seen.setdefault(key, number)
        built.append(record)
    if result.rows == 0:
        result.add(1, "", "文件中没有数据行（the file has no data rows）")
    return built, result


@transaction.atomic(durable=True)
def records_save_all(records: list[CreditRecord], *, actor: Any, submit: bool, source: str) -> int:
    """Write the checked records (and their audit events) in one transaction."""
    now = timezone.now()
    for record in records:
        if submit:
            record.status = Status.SUBMITTED
            record.submitted_by = actor
            record.submitted_at = now
    CreditRecord.objects.bulk_create(records, batch_size=500)
    label = CreditRecord._meta.label_lower
    events: list[dict[str, Any]] = []
    for record in records:
        events.append(
            {
                "action": f"{label}.create",
                "actor": actor,
                "obj": record,
                "to_state": Status.DRAFT,
                "data": {"import": source},
            }
        )
        if submit:
            events.append(
                {
                    "action": f"{label}.{SUBMIT.name}",
                    "actor": actor,
                    "obj": record,
                    "from_state": Status.DRAFT,
                    "to_state": Status.SUBMITTED,
                    "data": {"import": source},
                }
            )
    audit_record_many(events)
    return len(records)


def records_import(*, actor: Any, path: Path, original_name: str, submit: bool) -> ImportResult:
    """Check the whole file, then import all of it or nothing."""
    if not import_permitted(actor):
        raise PermissionDenied(_("Only a clerk of the agency or the credit office can import credit records."))
    # The file is checked in the request (about 2 s per 1,000 rows here): a file past the limit
    # is refused at the first row over it, before the rest is read, not left to the web
    # server's timeout.
    limit = settings.RECORDS_IMPORT_MAX_ROWS
    try:
        reader = core_imports.read_rows(
            path, original_name, check_headers=core_imports.require_headers(REQUIRED_HEADERS)
        )
        rows = list(itertools.islice(reader, limit + 1))
    except FileError as exc:
        return ImportResult.failed(exc.row, exc.message, rows=max(exc.row - 2, 0))
    if len(rows) > limit:
        message = f"文件超过 {limit} 行数据，请拆分后分批导入（more than {limit} data rows: split the file）"
        return ImportResult.failed(limit + 2, message, rows=len(rows))
    records, result = check_rows(rows, actor=actor)
    if result.ok:
        result.imported = records_save_all(records, actor=actor, submit=submit, source=original_name or path.name)
    return result
