"""`python manage.py import_actions FILE --agency USCC`: the import path from the shell."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from core.models import Agency, User
from core.workflow import Status
from disclosure.models import ActionKind, AdministrativeAction
from tests.disclosure.conftest import licence_data, penalty_row, write_csv

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_actions", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_good_file_is_imported_for_the_agency_as_submitted(tmp_path: Path, agency_a: Agency, clerk_a: User) -> None:
    path = write_csv(tmp_path / "good.csv", [penalty_row(), penalty_row()])
    out, _ = run(str(path), "--agency", agency_a.uscc.lower(), "--user", "clerk_a")
    assert "imported 2 rows" in out
    assert (
        list(AdministrativeAction.objects.values_list("agency", "status", "submitted_by"))
        == [(agency_a.pk, Status.SUBMITTED, clerk_a.pk)] * 2
    )


def test_draft_and_kind_options(tmp_path: Path, agency_a: Agency) -> None:
    from disclosure.services.imports import columns_for

    licence = licence_data()
    headers = list(columns_for(ActionKind.LICENSING))
    row = {
        "行政相对人名称": licence["counterparty_name"],
        "行政相对人类别": "法人及非法人组织",
        "统一社会信用代码": licence["counterparty_uscc"],
        "法定代表人": "冯志远",
        "决定文书名称": "食品经营许可决定书",
        "决定文书号": licence["document_number"],
        "决定日期": licence["decision_date"].isoformat(),
        "许可证书名称": "食品经营许可证",
        "许可编号": "JY23701040001",
        "许可内容": "预包装食品销售",
        "有效期自": licence["valid_from"].isoformat(),
        "有效期至": licence["valid_to"].isoformat(),
        "当前状态": "正常",
    }
    path = write_csv(tmp_path / "licences.csv", [row], headers=headers)
    run(str(path), "--agency", agency_a.uscc, "--kind", "licensing", "--draft")
    action = AdministrativeAction.objects.get()
    assert (action.kind, action.status, action.public_until) == (
        ActionKind.LICENSING,
        Status.DRAFT,
        licence["valid_to"],
    )


def test_a_bad_file_exits_non_zero_lists_the_rows_and_imports_nothing(tmp_path: Path, agency_a: Agency) -> None:
    path = write_csv(tmp_path / "bad.csv", [penalty_row(), penalty_row(**{"行政相对人类别": "公司"})])
    report = tmp_path / "errors.csv"
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("import_actions", str(path), "--agency", agency_a.uscc, "--errors", str(report), stderr=err)
    assert "row 3 行政相对人类别" in err.getvalue()
    assert "行政相对人类别" in report.read_text(encoding="utf-8")
    assert not AdministrativeAction.objects.exists()


def test_a_file_of_the_wrong_kind_exits_non_zero(tmp_path: Path, agency_a: Agency) -> None:
    path = write_csv(tmp_path / "actions.txt", [penalty_row()])
    with pytest.raises(CommandError, match="nothing imported"):
        run(str(path), "--agency", agency_a.uscc)


def test_an_unknown_agency_exits_non_zero(tmp_path: Path, agency_a: Agency) -> None:
    path = write_csv(tmp_path / "good.csv", [penalty_row()])
    with pytest.raises(CommandError, match="no agency with USCC 91370104MA0009999X"):
        run(str(path), "--agency", "91370104MA0009999X")
    assert not AdministrativeAction.objects.exists()


def test_a_missing_file_exits_non_zero(tmp_path: Path, agency_a: Agency) -> None:
    with pytest.raises(CommandError, match="no such file"):
        run(str(tmp_path / "nowhere.csv"), "--agency", agency_a.uscc)


def test_an_unknown_user_exits_non_zero(tmp_path: Path, agency_a: Agency) -> None:
    path = write_csv(tmp_path / "good.csv", [penalty_row()])
    with pytest.raises(CommandError, match="no user nobody"):
        run(str(path), "--agency", agency_a.uscc, "--user", "nobody")
    assert not AdministrativeAction.objects.exists()


def test_the_recorded_clerk_must_be_a_clerk_of_the_agency(tmp_path: Path, agency_a: Agency, clerk_b: User) -> None:
    path = write_csv(tmp_path / "good.csv", [penalty_row()])
    with pytest.raises(CommandError, match="只有本单位的录入员"):
        run(str(path), "--agency", agency_a.uscc, "--user", "clerk_b")
    assert not AdministrativeAction.objects.exists()
