"""Bulk entry of credit records (issue 9, item 10): templates, every row checked, all or
nothing, row errors, civil servants found by ID number through the keyed hash, and rows
for another agency's people refused."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from core.models import AuditEvent, CivilServant, User
from core.workflow import Status
from records.models import Category, CreditRecord, Polarity, SanctionKind
from records.services import imports

pytestmark = pytest.mark.django_db

IMPORT = "admin:records_creditrecord_import"


def row(person: CivilServant, **overrides: str) -> dict[str, str]:
    data = {
        "身份证号": person.id_number,
        "姓名": person.name,
        "类别": "年度考核结果",
        "性质": "守信",
        "认定日期": "2026-01-15",
        "文号": "槐考〔2026〕3号",
        "内容摘要": "2025年度考核结果：优秀。",
    }
    data.update(overrides)
    return data


def csv_file(rows: list[dict[str, str]], name: str = "考核.csv") -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(imports.COLUMNS), restval="")
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile(name, ("\ufeff" + out.getvalue()).encode())


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(user: User, upload: SimpleUploadedFile, submit: bool = True) -> Any:
    data: dict[str, Any] = {"file": upload}
    if submit:
        data["submit"] = "on"
    return logged_in(user).post(reverse(IMPORT), data)


def test_a_clerk_imports_a_hundred_assessment_results_submitted_for_review(clerk_a: User, agency_a: Any) -> None:
    from tests.factories import CivilServantFactory

    people = CivilServantFactory.create_batch(100, agency=agency_a)
    response = post(clerk_a, csv_file([row(p) for p in people]))
    assert response.status_code == 302, response.content.decode()[-3000:]
    records = CreditRecord.objects.filter(civil_servant__in=people)
    assert records.count() == 100
    assert set(records.values_list("status", "category", "polarity", "agency_id", "use_scope")) == {
        (Status.SUBMITTED, Category.ANNUAL_ASSESSMENT, Polarity.TRUSTWORTHY, agency_a.pk, "internal")
    }
    assert AuditEvent.objects.filter(action="records.creditrecord.create").count() == 100
    assert AuditEvent.objects.filter(action="records.creditrecord.submit").count() == 100


def test_one_bad_row_imports_nothing_and_every_problem_is_listed_by_row(clerk_a: User, person_a: CivilServant) -> None:
    rows = [
        row(person_a),
        row(person_a, 类别="不存在的类别", 认定日期="2026-13-01"),
        row(person_a, 性质="失信", 文号="槐考〔2026〕9号"),  # dishonest without a tier
    ]
    response = post(clerk_a, csv_file(rows))
    assert response.status_code == 200
    errors = {(e.row, e.column) for e in response.context["result"].errors}
    assert {(3, "类别"), (3, "认定日期"), (4, "严重程度")} <= errors
    assert not CreditRecord.objects.exists()
    assert 'id="import-errors"' in response.content.decode()


def test_a_row_for_another_agencys_civil_servant_is_refused_like_an_unknown_number(
    clerk_a: User, person_a: CivilServant, person_b: CivilServant
) -> None:
    response = post(clerk_a, csv_file([row(person_a), row(person_b, 文号="槐考〔2026〕4号")]))
    errors = [(e.row, e.column, e.message) for e in response.context["result"].errors]
    assert errors == [(3, "身份证号", imports.NOT_OURS)]
    assert not CreditRecord.objects.exists()


def test_the_name_must_match_the_id_number(clerk_a: User, person_a: CivilServant) -> None:
    response = post(clerk_a, csv_file([row(person_a, 姓名="张冒名")]))
    assert [(e.row, e.column) for e in response.context["result"].errors] == [(2, "姓名")]


def test_a_duplicate_row_in_the_file_is_an_error(clerk_a: User, person_a: CivilServant) -> None:
    response = post(clerk_a, csv_file([row(person_a), row(person_a)]))
    assert [(e.row, e.column) for e in response.context["result"].errors] == [(3, "身份证号")]


def test_a_sanction_row_gets_its_influence_period(clerk_a: User, person_a: CivilServant) -> None:
    response = post(
        clerk_a,
        csv_file(
            [row(person_a, 类别="政务处分", 性质="失信", 严重程度="一般", 处分种类="记过", 内容摘要="违反工作纪律。")]
        ),
        submit=False,
    )
    assert response.status_code == 302
    record = CreditRecord.objects.get()
    assert (record.status, record.sanction_kind, str(record.influence_until)) == (
        Status.DRAFT,
        SanctionKind.DEMERIT,
        "2027-01-14",  # 12 months from the effective date, its last day
    )


def test_a_file_over_the_row_limit_is_refused_whole_at_the_first_row_over_it(
    clerk_a: User, person_a: CivilServant, settings: Any
) -> None:
    # Checked in the request: a file too large to check before the web server's timeout must
    # get a clear refusal, not a killed worker.
    settings.RECORDS_IMPORT_MAX_ROWS = 3
    rows = [row(person_a, 文号=f"槐考〔2026〕{n}号") for n in range(4)]
    response = post(clerk_a, csv_file(rows))
    assert response.status_code == 200
    result = response.context["result"]
    assert [(e.row, e.message) for e in result.errors] == [
        (5, "文件超过 3 行数据，请拆分后分批导入（more than 3 data rows: split the file）")
    ]
    assert "文件超过 3 行数据" in response.content.decode()
    assert not CreditRecord.objects.filter(civil_servant=person_a).exists()
    settings.RECORDS_IMPORT_MAX_ROWS = 4  # at the limit the same file imports
    assert post(clerk_a, csv_file(rows)).status_code == 302
    assert CreditRecord.objects.filter(civil_servant=person_a).count() == 4


def test_a_reviewer_may_not_import(reviewer_a: User, person_a: CivilServant) -> None:
    assert post(reviewer_a, csv_file([row(person_a)])).status_code == 403
    assert logged_in(reviewer_a).get(reverse("admin:records_creditrecord_template", args=["csv"])).status_code == 403


def test_a_file_without_the_required_columns_is_a_file_error(clerk_a: User) -> None:
    upload = SimpleUploadedFile("x.csv", "姓名,内容摘要\n王某,摘要\n".encode())
    response = post(clerk_a, upload)
    assert "身份证号" in response.context["result"].errors[0].message


def test_not_a_spreadsheet_is_a_form_error(clerk_a: User) -> None:
    response = post(clerk_a, SimpleUploadedFile("x.pdf", b"%PDF-1.7"))
    assert response.status_code == 200 and "file" in response.context["form"].errors


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_template_example_row_imports_once_its_person_exists(
    fmt: str, clerk_a: User, agency_a: Any, tmp_path: Path
) -> None:
    from tests.factories import CivilServantFactory

    example = imports.template_example()
    CivilServantFactory.create(agency=agency_a, name=example["姓名"], id_number=example["身份证号"])
    response = logged_in(clerk_a).get(reverse("admin:records_creditrecord_template", args=[fmt]))
    assert response.status_code == 200
    path = tmp_path / f"template.{fmt}"
    path.write_bytes(response.content)
    if fmt == "xlsx":
        book = load_workbook(path)
        assert [c.value for c in book.worksheets[0][1]] == list(imports.COLUMNS)
        assert book.worksheets[0].data_validations.dataValidation  # the drop-downs
    result = imports.records_import(actor=clerk_a, path=path, original_name=path.name, submit=False)
    assert result.ok and result.imported == 1, result.errors
