"""Import jobs always end (issue 7, item 9): every failure is FAILED with a readable reason,
limits are row errors, and the error report stays small."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from openpyxl import Workbook

from core.imports import REPORT_MAX_ERRORS, REPORT_MAX_MESSAGE, error_report_csv
from core.models import Agency, User
from disclosure.models import DECISION_DATE_EARLIEST, AdministrativeAction, ImportJob
from disclosure.services import imports
from disclosure.services.imports import import_file, import_job_run
from tests.disclosure.conftest import PENALTY_HEADERS, ActionFactory, penalty_row, write_csv

pytestmark = pytest.mark.django_db


def job_for(path: Path, agency: Agency, clerk: User) -> ImportJob:
    job = ImportJob.objects.create(agency=agency, kind="penalty", original_name=path.name, created_by=clerk)
    job.file.save(path.name, ContentFile(path.read_bytes()), save=True)
    return job


def run(path: Path, agency: Agency, clerk: User) -> ImportJob:
    job = job_for(path, agency, clerk)
    import_job_run(job_id=job.pk)
    job.refresh_from_db()
    return job


def columns(job: ImportJob) -> set[str]:
    return {e["column"] for e in job.errors}


def test_a_nul_byte_in_a_cell_is_a_row_error(tmp_path: Path, agency_a: Agency, clerk_a: User) -> None:
    path = write_csv(tmp_path / "nul.csv", [penalty_row(), penalty_row(违法事实="事实\x00清楚")])
    job = run(path, agency_a, clerk_a)
    assert job.state == ImportJob.State.FAILED
    assert {(e["row"], e["column"]) for e in job.errors} == {(3, "违法事实")}
    assert job.failure_reason
    assert not AdministrativeAction.objects.exists()


def test_a_cell_longer_than_the_csv_limit_fails_the_job_with_its_row(
    tmp_path: Path, agency_a: Agency, clerk_a: User
) -> None:
    path = write_csv(tmp_path / "huge.csv", [penalty_row(), penalty_row(违法事实="查" * 131_073)])
    job = run(path, agency_a, clerk_a)
    assert job.state == ImportJob.State.FAILED
    assert job.failure_reason
    assert [e["row"] for e in job.errors] == [3]


def test_a_cell_longer_than_its_field_is_a_row_error(tmp_path: Path, agency_a: Agency, clerk_a: User) -> None:
    rows = [penalty_row(违法事实="查" * 6000), penalty_row(决定文书号="号" * 101)]
    result = import_file(write_csv(tmp_path / "long.csv", rows), kind="penalty", agency=agency_a, actor=clerk_a)
    assert {(e.row, e.column) for e in result.errors} == {(2, "违法事实"), (3, "决定文书号")}
    assert all(len(e.message) <= REPORT_MAX_MESSAGE for e in result.errors)


def test_a_600_kb_text_in_an_xlsx_is_a_row_error(tmp_path: Path, agency_a: Agency, clerk_a: User) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(PENALTY_HEADERS)
    row = penalty_row(处罚内容="罚" * 200_000)  # 600 KB in UTF-8
    sheet.append([row[h] for h in PENALTY_HEADERS])
    book.save(tmp_path / "big.xlsx")
    job = run(tmp_path / "big.xlsx", agency_a, clerk_a)
    assert job.state == ImportJob.State.FAILED
    assert columns(job) == {"处罚内容"}


@pytest.mark.parametrize("date", ["9999-12-31", "1900-01-01", "0001-01-01"])
def test_a_decision_date_out_of_range_is_a_row_error(
    tmp_path: Path, agency_a: Agency, clerk_a: User, date: str
) -> None:
    job = run(write_csv(tmp_path / "date.csv", [penalty_row(决定日期=date)]), agency_a, clerk_a)
    assert job.state == ImportJob.State.FAILED
    assert columns(job) == {"决定日期"}


def test_a_decision_date_before_the_lower_bound_is_refused_by_the_model(agency_a: Agency) -> None:
    action = ActionFactory.create(agency=agency_a)
    action.decision_date = DECISION_DATE_EARLIEST - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        action.full_clean()
    assert "decision_date" in caught.value.message_dict


def test_a_concurrent_insert_of_the_same_number_fails_the_job_not_the_task(
    tmp_path: Path, agency_a: Agency, clerk_a: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    row = penalty_row()
    original = imports.check_and_build

    def racing(*args: Any, **kwargs: Any) -> Any:
        built = original(*args, **kwargs)
        # Someone saves the same document number after the file was checked.
        ActionFactory.create(agency=agency_a, document_number=row["决定文书号"])
        return built

    monkeypatch.setattr(imports, "check_and_build", racing)
    job = run(write_csv(tmp_path / "race.csv", [row, penalty_row()]), agency_a, clerk_a)
    assert job.state == ImportJob.State.FAILED
    assert columns(job) == {"决定文书号"}
    assert AdministrativeAction.objects.count() == 1  # only the racing one


def test_an_unexpected_error_fails_the_job_and_is_logged_with_its_id(
    tmp_path: Path,
    agency_a: Agency,
    clerk_a: User,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(imports, "check_and_build", broken)
    job = job_for(write_csv(tmp_path / "x.csv", [penalty_row()]), agency_a, clerk_a)
    with caplog.at_level(logging.ERROR, logger="disclosure.services.imports"):
        assert import_job_run(job_id=job.pk) == "failed"
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED
    assert job.failure_reason
    assert "disk on fire" not in job.failure_reason  # the clerk gets a reason, the log gets the cause
    assert any(str(job.pk) in r.getMessage() and r.exc_info for r in caplog.records)


def test_the_task_of_a_job_that_fails_unexpectedly_ends_it(
    tmp_path: Path, agency_a: Agency, clerk_a: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from disclosure.tasks import run_import

    monkeypatch.setattr(imports, "check_and_build", lambda *a, **k: 1 / 0)
    job = job_for(write_csv(tmp_path / "x.csv", [penalty_row()]), agency_a, clerk_a)
    assert run_import.delay(job.pk).get() == "failed"
    assert ImportJob.objects.get(pk=job.pk).state == ImportJob.State.FAILED


def test_the_error_report_is_bounded_and_says_what_was_cut(tmp_path: Path, agency_a: Agency, clerk_a: User) -> None:
    # Every row wrong in three columns with long values: the shape of the 20 MB report.
    bad = {"信息使用范围": "范" * 1000, "严重程度": "程" * 1000, "行政相对人类别": "类" * 1000}
    rows = [penalty_row(**bad) for _ in range(REPORT_MAX_ERRORS // 3 + 10)]
    job = run(write_csv(tmp_path / "bad.csv", rows), agency_a, clerk_a)
    assert job.state == ImportJob.State.FAILED
    assert len(job.errors) == REPORT_MAX_ERRORS
    assert job.errors_total >= 3 * len(rows) > REPORT_MAX_ERRORS
    assert all(len(e["message"]) <= REPORT_MAX_MESSAGE for e in job.errors)
    report = error_report_csv(job.errors, total=job.errors_total)
    assert len(report.encode()) < 400_000
    assert str(job.errors_total - REPORT_MAX_ERRORS) in report.splitlines()[-1]  # "… more were not listed"


def test_the_reason_shows_on_the_jobs_admin_page(tmp_path: Path, agency_a: Agency, clerk_a: User, client: Any) -> None:
    from django.urls import reverse
    from django.utils.html import escape

    job = run(write_csv(tmp_path / "nul.csv", [penalty_row(备注="\x00")]), agency_a, clerk_a)
    client.force_login(clerk_a)
    page = client.get(reverse("admin:disclosure_importjob_change", args=[job.pk]))
    assert page.status_code == 200
    assert escape(job.failure_reason) in page.content.decode()
