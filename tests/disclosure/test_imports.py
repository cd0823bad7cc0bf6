"""Bulk import (`services.imports.import_file`): every row checked, all rows or none."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import Workbook

from core.imports import RowError, error_report_csv
from core.models import Agency, AuditEvent, User
from core.workflow import Status
from disclosure.models import ActionKind, AdministrativeAction, CounterpartyType, IdType
from disclosure.services.imports import import_file, template_csv
from tests.disclosure.conftest import (
    PENALTY_HEADERS,
    ActionFactory,
    natural_person_row,
    penalty_row,
    resident_id,
    write_csv,
)

pytestmark = pytest.mark.django_db

GOOD_ID = resident_id(dt.date(1979, 8, 15), 602)


def problems(result: object) -> set[tuple[int, str]]:
    return {(e.row, e.column) for e in result.errors}  # type: ignore[attr-defined]


def test_the_template_has_the_standards_chinese_headers() -> None:
    headers = next(csv.reader(io.StringIO(template_csv("penalty").lstrip("\ufeff"))))
    assert headers == PENALTY_HEADERS
    assert {"行政相对人名称", "统一社会信用代码", "罚款金额（万元）", "严重程度"} <= set(headers)


def test_a_good_csv_imports_every_row_as_submitted(tmp_path: Path, agency_a: Agency, clerk_a: User) -> None:
    rows = [penalty_row(), penalty_row(), natural_person_row("周大伟", GOOD_ID)]
    result = import_file(write_csv(tmp_path / "good.csv", rows), kind="penalty", agency=agency_a, actor=clerk_a)
    assert (result.ok, result.rows, result.imported) == (True, 3, 3)
    actions = AdministrativeAction.objects.order_by("id")
    assert [a.document_number for a in actions] == [r["决定文书号"] for r in rows]
    assert {(a.status, a.submitted_by, a.agency) for a in actions} == {(Status.SUBMITTED, clerk_a, agency_a)}
    first = actions[0]
    assert first.penalty_categories == ["warning", "fine"]
    assert first.fine_amount == Decimal("0.5")
    assert first.due_on is not None and first.search_text
    person = actions[2]
    assert (person.counterparty_type, person.id_type, person.id_number) == (
        CounterpartyType.NATURAL_PERSON,
        IdType.RESIDENT_ID,
        GOOD_ID,
    )
    submits = AuditEvent.objects.filter(action="disclosure.administrativeaction.submit")
    assert sorted(int(e.object_id) for e in submits) == [a.pk for a in actions]
    assert {e.data["import"] for e in submits} == {"good.csv"}


def test_an_import_can_leave_the_rows_as_drafts(tmp_path: Path, agency_a: Agency, clerk_a: User) -> None:
    result = import_file(
        write_csv(tmp_path / "d.csv", [penalty_row()]), kind="penalty", agency=agency_a, actor=clerk_a, submit=False
    )
    assert result.ok
    assert AdministrativeAction.objects.get().status == Status.DRAFT


def test_a_good_xlsx_with_chinese_headers_imports(tmp_path: Path, agency_a: Agency, clerk_a: User) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(PENALTY_HEADERS)
    decided = timezone.localdate() - dt.timedelta(days=4)
    for row in (penalty_row(), penalty_row()):
        values: list[object] = [row[h] for h in PENALTY_HEADERS]
        values[PENALTY_HEADERS.index("决定日期")] = dt.datetime.combine(decided, dt.time())  # a real date cell
        values[PENALTY_HEADERS.index("罚款金额（万元）")] = 3.0  # a number cell
        sheet.append(values)
    sheet.append([None] * len(PENALTY_HEADERS))  # a trailing empty row is not a row
    book.save(tmp_path / "good.xlsx")
    result = import_file(tmp_path / "good.xlsx", kind="penalty", agency=agency_a, actor=clerk_a)
    assert (result.ok, result.rows, result.imported) == (True, 2, 2), result.errors
    assert {(a.decision_date, a.fine_amount) for a in AdministrativeAction.objects.all()} == {(decided, Decimal(3))}


BAD_ROWS = [
    pytest.param({"决定文书名称": ""}, "决定文书名称", id="missing required"),
    pytest.param({"统一社会信用代码": "91370104MA0005000X"}, "统一社会信用代码", id="bad USCC check char"),
    pytest.param({"决定日期": "2026-13-01"}, "决定日期", id="bad date"),
    # Both used to crash the whole import with a TypeError in the clock (fixed in stamp_clocks).
    pytest.param({"决定日期": ""}, "决定日期", id="missing decision date"),
    pytest.param({"决定日期": "2099-01-01"}, "决定日期", id="future date"),
    pytest.param({"行政相对人类别": "公司"}, "行政相对人类别", id="unknown enumeration"),
    pytest.param({"严重程度": "特别严重"}, "严重程度", id="unknown tier"),
    pytest.param({"处罚类别": "罚款；鞭刑"}, "处罚类别", id="unknown penalty category"),
    pytest.param({"罚款金额（万元）": ""}, "罚款金额（万元）", id="fine without amount"),
    pytest.param({"罚款金额（万元）": "五千元"}, "罚款金额（万元）", id="amount not a number"),
    pytest.param({"法定代表人": ""}, "法定代表人", id="legal person without representative"),
]


@pytest.mark.parametrize(("change", "column"), BAD_ROWS)
def test_a_bad_row_is_reported_by_row_and_column_and_nothing_is_saved(
    tmp_path: Path, agency_a: Agency, clerk_a: User, change: dict[str, str], column: str
) -> None:
    rows = [penalty_row(), penalty_row(**change), penalty_row()]
    result = import_file(write_csv(tmp_path / "bad.csv", rows), kind="penalty", agency=agency_a, actor=clerk_a)
    assert not result.ok
    assert (3, column) in problems(result)  # row 1 is the header: the second data row is row 3
    assert {e.row for e in result.errors} == {3}
    assert all(e.message for e in result.errors)
    assert result.imported == 0
    assert not AdministrativeAction.objects.exists()
    assert not AuditEvent.objects.filter(action="disclosure.administrativeaction.import").exists()


def test_a_natural_person_with_a_bad_id_number_is_reported(tmp_path: Path, agency_a: Agency, clerk_a: User) -> None:
    wrong = GOOD_ID[:17] + ("0" if GOOD_ID[17] != "0" else "1")
    rows = [natural_person_row("周大伟", GOOD_ID), natural_person_row("吴静怡", wrong)]
    result = import_file(write_csv(tmp_path / "id.csv", rows), kind="penalty", agency=agency_a, actor=clerk_a)
    assert problems(result) == {(3, "证件号码")}
    assert wrong not in " ".join(e.message for e in result.errors)  # the report does not repeat the number
    assert not AdministrativeAction.objects.exists()


def test_a_natural_person_without_an_id_number_is_reported(tmp_path: Path, agency_a: Agency, clerk_a: User) -> None:
    result = import_file(
        write_csv(tmp_path / "id.csv", [natural_person_row("周大伟", "")]),
        kind="penalty",
        agency=agency_a,
        actor=clerk_a,
    )
    assert (2, "证件号码") in problems(result)


def test_a_document_number_twice_in_the_file_is_reported_on_the_second_row(
    tmp_path: Path, agency_a: Agency, clerk_a: User
) -> None:
    first = penalty_row()
    rows = [first, penalty_row(), penalty_row(**{"决定文书号": first["决定文书号"]})]
    result = import_file(write_csv(tmp_path / "dup.csv", rows), kind="penalty", agency=agency_a, actor=clerk_a)
    assert problems(result) == {(4, "决定文书号")}
    assert "2" in result.errors[0].message  # names the row it repeats
    assert not AdministrativeAction.objects.exists()


def test_a_document_number_already_in_the_database_is_reported(
    tmp_path: Path, agency_a: Agency, agency_b: Agency, clerk_a: User
) -> None:
    existing = ActionFactory.create(agency=agency_a)
    other_agency = ActionFactory.create(agency=agency_b)
    rows = [
        penalty_row(**{"决定文书号": other_agency.document_number}),
        penalty_row(**{"决定文书号": existing.document_number}),
    ]
    result = import_file(write_csv(tmp_path / "dup.csv", rows), kind="penalty", agency=agency_a, actor=clerk_a)
    assert problems(result) == {(3, "决定文书号")}  # another agency's number is no conflict
    assert AdministrativeAction.objects.count() == 2


def test_every_bad_row_of_a_file_is_reported_not_just_the_first(
    tmp_path: Path, agency_a: Agency, clerk_a: User
) -> None:
    rows = [
        penalty_row(**{"决定日期": "昨天"}),
        penalty_row(),
        penalty_row(**{"行政相对人类别": "公司"}),
        penalty_row(**{"罚款金额（万元）": ""}),
    ]
    result = import_file(write_csv(tmp_path / "bad.csv", rows), kind="penalty", agency=agency_a, actor=clerk_a)
    assert {(2, "决定日期"), (4, "行政相对人类别"), (5, "罚款金额（万元）")} <= problems(result)
    assert {e.row for e in result.errors} == {2, 4, 5}


def test_cells_that_look_like_formulas_are_imported_as_text(tmp_path: Path, agency_a: Agency, clerk_a: User) -> None:
    row = penalty_row(
        **{
            "行政相对人名称": '=HYPERLINK("http://evil.invalid","点击")',
            "违法事实": "+1+1",
            "处罚内容": "-2+3",
            "备注": "@SUM(A1:A9)",
        }
    )
    result = import_file(write_csv(tmp_path / "f.csv", [row]), kind="penalty", agency=agency_a, actor=clerk_a)
    assert result.ok, result.errors
    action = AdministrativeAction.objects.get()
    assert (action.counterparty_name, action.violation_facts, action.penalty_content, action.remarks) == (
        '=HYPERLINK("http://evil.invalid","点击")',
        "+1+1",
        "-2+3",
        "@SUM(A1:A9)",
    )


def test_the_error_report_neutralises_formulas() -> None:
    report = error_report_csv(
        [
            RowError(2, "=cmd|' /C calc'!A0", "+1"),
            {"row": 3, "column": "备注", "message": "@SUM(A1)"},
            {"row": 4, "column": "决定日期", "message": "-5 不是日期"},
        ]
    )
    rows = list(csv.reader(io.StringIO(report.lstrip("\ufeff"))))
    assert rows[0] == ["行号", "列", "问题"]
    assert rows[1] == ["2", "'=cmd|' /C calc'!A0", "'+1"]
    assert rows[2][2] == "'@SUM(A1)"
    assert rows[3][2] == "'-5 不是日期"


def test_the_error_report_of_a_real_import_lists_each_problem(tmp_path: Path, agency_a: Agency, clerk_a: User) -> None:
    result = import_file(
        write_csv(tmp_path / "b.csv", [penalty_row(**{"决定日期": "=1+1"})]),
        kind="penalty",
        agency=agency_a,
        actor=clerk_a,
    )
    rows = list(csv.reader(io.StringIO(error_report_csv(result.errors).lstrip("\ufeff"))))
    assert ["2", "决定日期"] in [r[:2] for r in rows[1:]]
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r)


def test_a_file_with_the_wrong_extension_is_refused(tmp_path: Path, agency_a: Agency) -> None:
    path = write_csv(tmp_path / "actions.txt", [penalty_row()])
    result = import_file(path, kind="penalty", agency=agency_a, submit=False)
    assert [(e.row, e.column) for e in result.errors] == [(1, "")]
    assert ".csv" in result.errors[0].message and ".xlsx" in result.errors[0].message
    assert not AdministrativeAction.objects.exists()


def test_a_file_missing_required_columns_names_them(tmp_path: Path, agency_a: Agency) -> None:
    headers = [h for h in PENALTY_HEADERS if h not in ("决定文书号", "决定日期")]
    result = import_file(
        write_csv(tmp_path / "cols.csv", [penalty_row()], headers=headers),
        kind="penalty",
        agency=agency_a,
        submit=False,
    )
    assert len(result.errors) == 1
    assert "决定文书号" in result.errors[0].message and "决定日期" in result.errors[0].message
    assert not AdministrativeAction.objects.exists()


def test_a_csv_that_is_not_utf8_is_refused_with_a_clear_message(tmp_path: Path, agency_a: Agency) -> None:
    result = import_file(
        write_csv(tmp_path / "gbk.csv", [penalty_row()], encoding="gbk"), kind="penalty", agency=agency_a, submit=False
    )
    assert "UTF-8" in result.errors[0].message
    assert not AdministrativeAction.objects.exists()


def test_a_file_that_is_not_really_xlsx_is_refused(tmp_path: Path, agency_a: Agency) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("not a workbook", encoding="utf-8")
    result = import_file(path, kind="penalty", agency=agency_a, submit=False)
    assert result.errors[0].row == 1 and "XLSX" in result.errors[0].message


def test_a_file_with_only_headers_imports_nothing_and_says_so(tmp_path: Path, agency_a: Agency) -> None:
    result = import_file(write_csv(tmp_path / "empty.csv", []), kind="penalty", agency=agency_a, submit=False)
    assert not result.ok
    assert "没有数据行" in result.errors[0].message


def test_an_import_that_submits_needs_the_clerk_who_answers_for_it(tmp_path: Path, agency_a: Agency) -> None:
    # Four eyes: a submission without a person would let any reviewer publish it unchecked.
    result = import_file(write_csv(tmp_path / "anon.csv", [penalty_row()]), kind="penalty", agency=agency_a)
    assert [(e.row, e.column) for e in result.errors] == [(1, "")]
    assert "录入员" in result.errors[0].message  # 须指明对其负责的录入员
    assert not AdministrativeAction.objects.exists()


def test_every_imported_item_has_its_own_create_and_submit_events(
    tmp_path: Path, agency_a: Agency, clerk_a: User
) -> None:
    from core.models import AuditEvent
    from core.services.audit import audit_verify

    result = import_file(
        write_csv(tmp_path / "two.csv", [penalty_row(), penalty_row()]), kind="penalty", agency=agency_a, actor=clerk_a
    )
    assert result.ok
    for action in AdministrativeAction.objects.all():
        history = list(
            AuditEvent.objects.filter(object_type="disclosure.administrativeaction", object_id=str(action.pk))
            .order_by("id")
            .values_list("action", "actor_label", "from_state", "to_state")
        )
        assert history == [
            ("disclosure.administrativeaction.create", "clerk_a", "", "draft"),
            ("disclosure.administrativeaction.submit", "clerk_a", "draft", "submitted"),
        ]
    assert audit_verify()[1] is None  # the bulk-written events keep the chain intact


def test_the_number_of_queries_does_not_grow_with_the_rows(
    tmp_path: Path, agency_a: Agency, clerk_a: User, django_assert_max_num_queries: Any
) -> None:
    # One calendar read for the whole file, not two queries per row (bench/README.md).
    path = write_csv(tmp_path / "many.csv", [penalty_row() for _ in range(60)])
    with django_assert_max_num_queries(25):
        result = import_file(path, kind=ActionKind.PENALTY, agency=agency_a, actor=clerk_a)
    assert result.ok and result.imported == 60
