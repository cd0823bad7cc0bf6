"""The import templates (CSV and XLSX): headers, an example row, drop-downs and a sheet that
explains each column, all from the standard's field list (disclosure.standard).

Two layouts: the portal's own ("portal", the default: the headers the portal has always
offered) and the national standard's ("standard": 行政处罚决定书文号, 处罚决定日期, …).
Both import; the standard's is what agencies already report to 信用中国.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure import standard
from disclosure.models import PENALTY_CATEGORIES, ActionKind

PORTAL, STANDARD = "portal", "standard"
LAYOUTS = (PORTAL, STANDARD)

DOCUMENT_NAMES = {
    ActionKind.LICENSING: "行政许可决定书",
    ActionKind.PENALTY: "行政处罚决定书",
    ActionKind.ENFORCEMENT: "行政强制决定书",
    ActionKind.CONFIRMATION: "行政确认决定书",
    ActionKind.LEVY: "行政征收决定书",
    ActionKind.PAYMENT: "行政给付决定书",
}
PENALTY_CATEGORY_SEPARATOR = standard.PENALTY_CATEGORY_SEPARATOR


def columns_for(kind: str, layout: str = PORTAL) -> dict[str, str]:
    """Header → field of ``kind``'s template in ``layout``."""
    portal = layout == PORTAL
    return {(c.portal or c.name) if portal else c.name: c.key for c in standard.standard_columns(kind)}


def _header(kind: str, key: str, layout: str) -> str:
    return standard.column_name(kind, key, portal=layout == PORTAL)


def text_columns(kind: str, layout: str = PORTAL) -> set[str]:
    """Headers whose cells are codes: kept as text in the XLSX, or a spreadsheet turns an
    18-digit ID number into 1.1E+17 and loses its last digits."""
    codes = (standard.CODE, standard.USCC, standard.ID_NUMBER)
    return {_header(kind, c.key, layout) for c in standard.standard_columns(kind) if c.type in codes}


def enumerated_columns(kind: str = ActionKind.PENALTY, layout: str = PORTAL) -> dict[str, list[str]]:
    """Header → the values a drop-down offers (the standard's words); the import accepts
    these, their synonyms (disclosure.standard) and the stored codes."""
    return {
        _header(kind, c.key, layout): standard.standard_words(c.key)
        for c in standard.standard_columns(kind)
        if c.type == standard.CHOICE
    }


def template_example(kind: str, layout: str = PORTAL) -> dict[str, Any]:
    """One example row that follows every rule it illustrates (a company, decided today)."""
    from core.demo import demo_uscc

    today = timezone.localdate()
    values: dict[str, Any] = {
        "counterparty_name": "济南示例商贸有限公司",
        "counterparty_type": "法人及非法人组织",
        "counterparty_uscc": demo_uscc(999999, "91"),
        "legal_representative": "张某某",
        "document_name": DOCUMENT_NAMES.get(ActionKind(kind), "行政决定书"),
        "document_number": f"槐示例〔{today.year}〕1号",
        "decision_date": today,
        "use_scope": "公示",
        "remarks": "示例行：照此填写，导入前删除本行",
    }
    if kind == ActionKind.PENALTY:
        values.update(
            {
                "violation_type": "未按规定公示食品经营许可证",
                "violation_facts": "当事人未在经营场所显著位置悬挂食品经营许可证。",
                "penalty_basis": "《中华人民共和国食品安全法》第一百二十六条",
                "penalty_categories": PENALTY_CATEGORY_SEPARATOR.join(
                    [PENALTY_CATEGORIES["warning"], PENALTY_CATEGORIES["fine"]]
                ),
                "penalty_content": "警告，罚款五千元。",
                "fine_amount": Decimal("0.5"),
                "tier": "一般",
            }
        )
    elif kind == ActionKind.LICENSING:
        values.update(
            {
                "licence_category": "普通",
                "licence_certificate_name": "食品经营许可证",
                "licence_number": "JY23701040000001",
                "licence_content": "预包装食品销售",
                "valid_from": today,
                "valid_to": dt.date(today.year + 5, today.month, 1) - dt.timedelta(days=1),
                "licence_state": "正常",
            }
        )
    elif kind == ActionKind.OTHER:
        values["other_kind_name"] = "行政检查"
    return {header: values.get(key, "") for header, key in columns_for(kind, layout).items()}


def template_csv(kind: str, layout: str = PORTAL) -> str:
    out = io.StringIO()
    csv.writer(out).writerow(columns_for(kind, layout).keys())
    csv.writer(out).writerow(template_example(kind, layout).values())
    return "\ufeff" + out.getvalue()


def _notes() -> dict[str, str]:
    older = _("Older registration numbers, where known.")
    return {
        "counterparty_name": _("The company, organisation or person the decision concerns."),
        "business_registration_no": older,
        "organisation_code": older,
        "tax_registration_no": older,
        "institution_cert_no": older,
        "social_org_cert_no": older,
        "id_number": _("Each certificate type has its own check. Stored encrypted, never published."),
        "legal_representative_id_number": _("Stored encrypted, never published."),
        "document_number": _("Unique within your agency."),
        "decision_date": _("Not in the future. The publication deadline counts from this date."),
        "deciding_agency_name": _(
            "Blank or your agency. Another agency's decision only by the credit office, or with your agency as the "
            "data source."
        ),
        "data_source_uscc": _("Any valid unified social credit code; blank means your agency."),
        "use_scope": _("Blank: set by the rules (minor penalties are shared internally only)."),
        "violation_facts": _("No ID numbers, mobile numbers or the person's own name."),
        "publicity_end_stated": _("Honoured when within the legal maximum for the tier; a later date is refused."),
        "tier": _("Blank: derived from the penalty (revocation, closure, detention, large fines: 严重; else 一般)."),
        "valid_to": _("Not before the start of validity; blank if open-ended."),
        "other_kind_name": _("The name of this kind of administrative act."),
    }


def _formats() -> dict[str, str]:
    return {
        standard.TEXT: _("Text"),
        standard.CODE: _("Text (a code: keep leading zeros)"),
        standard.USCC: _("18 characters with a valid check character"),
        standard.ID_NUMBER: _("Text (a code: keep leading zeros)"),
        standard.DATE: _("Date, YYYY-MM-DD (also 2026/10/03, 20261003, 2026年10月3日)"),
        standard.AMOUNT: _("Number, in 10,000 yuan (0.5 = 5,000 yuan)"),
        standard.CHOICE: _("One value from the drop-down list"),
        standard.CHOICES: _("One or more values from the list, separated by ；"),
    }


def _required(value: Any) -> str:
    return {standard.YES: _("Yes"), standard.NO: _("No")}.get(value, str(value))


def template_xlsx(kind: str, layout: str = PORTAL) -> bytes:
    """The XLSX template: headers and an example row, drop-downs for the enumerated columns
    (a hint for 处罚类别, which takes several values), and a sheet explaining each column."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    columns = list(columns_for(kind, layout))
    keys = columns_for(kind, layout)
    example = template_example(kind, layout)
    enumerated = enumerated_columns(kind, layout)
    codes = text_columns(kind, layout)
    categories = PENALTY_CATEGORY_SEPARATOR.join(PENALTY_CATEGORIES.values())
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = str(ActionKind(kind).label)[:31].translate(str.maketrans("", "", "[]:*?/\\"))
    sheet.append(columns)
    sheet.append([example[c] for c in columns])
    sheet.freeze_panes = "A2"
    last_row = 1048576
    for index, header in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.column_dimensions[letter].width = max(12, min(40, len(header) * 2 + 4))
        cell = sheet.cell(row=2, column=index)
        if header in codes:
            sheet.column_dimensions[letter].number_format = "@"
            cell.number_format = "@"
        elif isinstance(example[header], dt.date):
            cell.number_format = "yyyy-mm-dd"
        cells = f"{letter}2:{letter}{last_row}"
        if header in enumerated:
            validation = DataValidation(
                type="list",
                formula1='"' + ",".join(enumerated[header]) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=header,
                error=_("Choose a value from the list."),
            )
        elif keys[header] == "penalty_categories":
            validation = DataValidation(
                showInputMessage=True,
                promptTitle=header,
                prompt=_("One or more of: %(values)s") % {"values": categories},
            )
        else:
            continue
        validation.add(cells)
        sheet.add_data_validation(validation)

    guide = book.create_sheet(_("Instructions")[:31])
    guide.append(
        [
            _(
                "Fill in one row per decision below the header of the first sheet; keep the column names as they "
                "are. Row 2 is an example: delete it before importing. A file with any bad row imports nothing."
            )
        ]
    )
    guide.append([_("Column"), _("Required"), _("Format"), _("Allowed values"), _("Notes")])
    notes, formats = _notes(), _formats()
    allowed = {**{h: "；".join(v) for h, v in enumerated.items()}}
    for col in standard.standard_columns(kind):
        header = _header(kind, col.key, layout)
        if col.key == "penalty_categories":
            allowed[header] = categories
        guide.append(
            [header, _required(col.required), formats[col.type], allowed.get(header, ""), notes.get(col.key, "")]
        )
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
