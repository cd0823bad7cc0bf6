"""An import page that helps (issue 8, item 15): the kind chosen first, a file of another kind
named as such, templates in CSV and XLSX with an example row, drop-downs and an explanation,
and the import button only for those who may import."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from core.models import Agency, User
from disclosure.models import ActionKind, ImportJob
from disclosure.services.imports import columns_for, import_file, template_csv, template_xlsx
from tests.disclosure.conftest import penalty_row, write_csv

pytestmark = pytest.mark.django_db

IMPORT = "admin:disclosure_action_import"
TEMPLATE = "admin:disclosure_action_template"
TEMPLATE_XLSX = "admin:disclosure_action_template_xlsx"


@pytest.fixture
def post_import(client: Client, django_capture_on_commit_callbacks: Callable[..., Any]) -> Callable[..., Any]:
    def post(user: User, file: SimpleUploadedFile, kind: str) -> Any:
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse(IMPORT), {"kind": kind, "file": file, "submit": "on"})

    return post


def csv_upload(tmp_path: Path, kind: str, rows: list[dict[str, str]], name: str = "file.csv") -> SimpleUploadedFile:
    path = write_csv(tmp_path / name, rows, headers=list(columns_for(kind)))
    return SimpleUploadedFile(name, path.read_bytes(), content_type="text/csv")


# --- the kind first, no default ---


def test_the_kind_has_no_default(client: Client, clerk_a: User) -> None:
    client.force_login(clerk_a)
    form = client.get(reverse(IMPORT)).context["form"]
    assert form.fields["kind"].choices[0][0] == ""
    assert form.fields["kind"].required
    assert form["kind"].value() in (None, "")
    assert form.fields["kind"].widget.attrs.get("autofocus")


def test_an_upload_without_a_kind_is_a_form_error(tmp_path: Path, clerk_a: User, post_import: Any) -> None:
    response = post_import(clerk_a, csv_upload(tmp_path, "penalty", [penalty_row()]), kind="")
    assert response.status_code == 200
    assert "kind" in response.context["form"].errors
    assert not ImportJob.objects.exists()


def test_the_kind_comes_first_on_the_page(client: Client, clerk_a: User) -> None:
    client.force_login(clerk_a)
    html = client.get(reverse(IMPORT)).content.decode()
    assert html.index('name="kind"') < html.index('name="file"')


# --- a file of another kind ---


def test_a_licence_file_imported_as_penalties_is_a_file_error_naming_the_kind(
    client: Client, clerk_a: User, post_import: Any
) -> None:
    licence_file = SimpleUploadedFile("licences.csv", template_csv(ActionKind.LICENSING).encode("utf-8"))
    post_import(clerk_a, licence_file, kind=ActionKind.PENALTY)
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.FAILED
    assert [(e["row"], e["column"]) for e in job.errors] == [(1, "")]
    assert str(ActionKind.LICENSING.label) in job.errors[0]["message"]
    assert str(ActionKind.PENALTY.label) in job.errors[0]["message"]
    page = client.get(reverse("admin:disclosure_importjob_change", args=[job.pk])).content.decode()
    assert str(ActionKind.LICENSING.label) in page  # said on the job page, not only in the report


@pytest.mark.parametrize(
    ("file_kind", "chosen"),
    [
        (ActionKind.PENALTY, ActionKind.LICENSING),
        (ActionKind.PENALTY, ActionKind.CONFIRMATION),
        (ActionKind.OTHER, ActionKind.PENALTY),
        (ActionKind.LICENSING, ActionKind.OTHER),
    ],
)
def test_a_header_of_another_kind_is_refused(
    tmp_path: Path, agency_a: Agency, clerk_a: User, file_kind: str, chosen: str
) -> None:
    path = tmp_path / "t.csv"
    path.write_text(template_csv(file_kind), encoding="utf-8")
    result = import_file(path, kind=chosen, agency=agency_a, actor=clerk_a)
    assert [(e.row, e.column) for e in result.errors] == [(1, "")]
    assert str(ActionKind(file_kind).label) in result.errors[0].message


def test_a_penalty_file_is_not_mistaken_for_another_kind(tmp_path: Path, agency_a: Agency, clerk_a: User) -> None:
    result = import_file(write_csv(tmp_path / "p.csv", [penalty_row()]), kind="penalty", agency=agency_a, actor=clerk_a)
    assert result.ok, result.errors


def test_an_xlsx_of_another_kind_is_refused(tmp_path: Path, agency_a: Agency, clerk_a: User) -> None:
    path = tmp_path / "licences.xlsx"
    path.write_bytes(template_xlsx(ActionKind.LICENSING))
    result = import_file(path, kind=ActionKind.PENALTY, agency=agency_a, actor=clerk_a)
    assert [(e.row, e.column) for e in result.errors] == [(1, "")]
    assert str(ActionKind.LICENSING.label) in result.errors[0].message


# --- templates with an example row ---


@pytest.mark.parametrize("kind", ActionKind.values)
def test_the_csv_template_has_the_headers_and_an_importable_example_row(
    tmp_path: Path, agency_a: Agency, clerk_a: User, kind: str
) -> None:
    rows = list(csv.reader(io.StringIO(template_csv(kind).lstrip("\ufeff"))))
    assert rows[0] == list(columns_for(kind))
    assert len(rows) == 2 and len(rows[1]) == len(rows[0])
    example = dict(zip(rows[0], rows[1], strict=True))
    assert example["行政相对人名称"] and example["决定日期"]
    path = tmp_path / "t.csv"
    path.write_text(template_csv(kind), encoding="utf-8")
    result = import_file(path, kind=kind, agency=agency_a, actor=clerk_a, submit=False)
    assert result.ok, result.errors  # the example follows every rule it illustrates


def validations(sheet: Any) -> dict[str, Any]:
    """Header of the validated column → its DataValidation."""
    headers = {cell.column_letter: cell.value for cell in sheet[1]}
    found = {}
    for validation in sheet.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            letter = cell_range.coord.split(":")[0].rstrip("0123456789")
            found[headers[letter]] = validation
    return found


def test_the_xlsx_template_has_drop_downs_for_the_enumerated_columns() -> None:
    book = load_workbook(io.BytesIO(template_xlsx(ActionKind.PENALTY)))
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == list(columns_for(ActionKind.PENALTY))
    found = validations(sheet)
    lists = {header: v.formula1.strip('"').split(",") for header, v in found.items() if v.type == "list"}
    assert lists["行政相对人类别"] == ["法人及非法人组织", "自然人", "个体工商户"]
    assert "身份证" in lists["证件类型"] and "护照" in lists["证件类型"]
    assert lists["严重程度"] == ["轻微", "一般", "严重"]
    assert lists["信息使用范围"] == ["公示", "内部共享", "授权查询"]
    # several categories may be combined, so a hint rather than a one-value list
    hint = found["处罚类别"]
    assert hint.type is None and hint.showInputMessage
    assert "警告" in hint.prompt and "罚款" in hint.prompt


def test_the_licence_xlsx_template_offers_the_licence_states() -> None:
    sheet = load_workbook(io.BytesIO(template_xlsx(ActionKind.LICENSING))).worksheets[0]
    found = validations(sheet)
    assert found["当前状态"].formula1.strip('"').split(",") == ["正常", "撤销", "异议", "其他"]


def test_the_xlsx_template_explains_every_column_on_a_second_sheet() -> None:
    book = load_workbook(io.BytesIO(template_xlsx(ActionKind.PENALTY)))
    assert len(book.worksheets) == 2
    explained = [row for row in book.worksheets[1].iter_rows(min_row=3, values_only=True) if row[0]]
    assert [row[0] for row in explained] == list(columns_for(ActionKind.PENALTY))
    assert all(all(cell for cell in row[1:3]) for row in explained)  # required?, format
    allowed = {row[0]: row[3] for row in explained}
    assert "自然人" in allowed["行政相对人类别"] and "轻微" in allowed["严重程度"]


@pytest.mark.parametrize("kind", ActionKind.values)
def test_the_xlsx_template_example_row_imports(tmp_path: Path, agency_a: Agency, clerk_a: User, kind: str) -> None:
    path = tmp_path / "t.xlsx"
    path.write_bytes(template_xlsx(kind))
    result = import_file(path, kind=kind, agency=agency_a, actor=clerk_a, submit=False)
    assert result.ok, result.errors


def test_the_import_page_offers_csv_and_xlsx_templates(client: Client, clerk_a: User) -> None:
    client.force_login(clerk_a)
    html = client.get(reverse(IMPORT)).content.decode()
    for kind in ActionKind.values:
        assert reverse(TEMPLATE, args=[kind]) in html
        assert reverse(TEMPLATE_XLSX, args=[kind]) in html
    response = client.get(reverse(TEMPLATE_XLSX, args=["penalty"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response["Content-Disposition"]
    assert load_workbook(io.BytesIO(response.content)).worksheets[0]["A1"].value == "行政相对人名称"
    assert client.get(reverse(TEMPLATE_XLSX, args=["bogus"])).status_code == 404


# --- the button only for those who may import ---


def test_the_reviewer_does_not_see_the_import_button(client: Client, reviewer_a: User) -> None:
    client.force_login(reviewer_a)
    response = client.get(reverse("admin:disclosure_administrativeaction_changelist"))
    assert response.status_code == 200
    assert reverse(IMPORT) not in response.content.decode()


def test_the_clerk_sees_the_import_button(client: Client, clerk_a: User) -> None:
    client.force_login(clerk_a)
    html = client.get(reverse("admin:disclosure_administrativeaction_changelist")).content.decode()
    assert reverse(IMPORT) in html
