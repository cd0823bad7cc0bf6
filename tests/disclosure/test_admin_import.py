"""The admin import view: an ImportJob run by Celery (eager in tests), its error report."""

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

from core.models import User
from core.workflow import Status
from disclosure.models import AdministrativeAction, ImportJob
from tests.disclosure.conftest import PENALTY_HEADERS, penalty_row, write_csv

pytestmark = pytest.mark.django_db


def upload(tmp_path: Path, rows: list[dict[str, str]], name: str = "penalties.csv") -> SimpleUploadedFile:
    path = write_csv(tmp_path / name, rows)
    return SimpleUploadedFile(name, path.read_bytes(), content_type="text/csv")


@pytest.fixture
def post_import(client: Client, django_capture_on_commit_callbacks: Callable[..., Any]) -> Callable[..., Any]:
    def post(user: User, file: SimpleUploadedFile, submit: bool = True) -> Any:
        client.force_login(user)
        data: dict[str, Any] = {"kind": "penalty", "file": file}
        if submit:
            data["submit"] = "on"
        with django_capture_on_commit_callbacks(execute=True):  # the Celery task is enqueued on commit
            return client.post(reverse("admin:disclosure_action_import"), data)

    return post


def test_the_import_page_offers_a_template_per_kind(client: Client, clerk_a: User) -> None:
    client.force_login(clerk_a)
    page = client.get(reverse("admin:disclosure_action_import"))
    assert page.status_code == 200
    assert reverse("admin:disclosure_action_template", args=["licensing"]) in page.content.decode()
    template = client.get(reverse("admin:disclosure_action_template", args=["penalty"]))
    assert template["Content-Type"].startswith("text/csv")
    assert next(csv.reader(io.StringIO(template.content.decode("utf-8-sig")))) == PENALTY_HEADERS
    assert client.get(reverse("admin:disclosure_action_template", args=["bogus"])).status_code == 404


def test_a_good_upload_creates_a_job_that_imports_every_row(
    tmp_path: Path, clerk_a: User, post_import: Callable[..., Any]
) -> None:
    response = post_import(clerk_a, upload(tmp_path, [penalty_row(), penalty_row()]))
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:disclosure_importjob_change", args=[job.pk])
    assert (job.state, job.rows_total, job.rows_done, job.rows_imported, job.errors) == (
        ImportJob.State.DONE,
        2,
        2,
        2,
        [],
    )
    assert (job.agency, job.created_by, job.original_name) == (clerk_a.agency, clerk_a, "penalties.csv")
    assert set(AdministrativeAction.objects.values_list("status", "agency")) == {(Status.SUBMITTED, clerk_a.agency_id)}


def test_a_bad_upload_fails_imports_nothing_and_keeps_a_report(
    tmp_path: Path, clerk_a: User, post_import: Callable[..., Any], client: Client
) -> None:
    post_import(clerk_a, upload(tmp_path, [penalty_row(), penalty_row(**{"决定日期": "2026/02/30"})]))
    job = ImportJob.objects.get()
    assert (job.state, job.rows_total, job.rows_imported) == (ImportJob.State.FAILED, 2, 0)
    assert {(e["row"], e["column"]) for e in job.errors} == {(3, "决定日期")}
    assert not AdministrativeAction.objects.exists()
    page = client.get(reverse("admin:disclosure_importjob_change", args=[job.pk]))
    assert page.status_code == 200
    assert reverse("admin:disclosure_importjob_errors", args=[job.pk]) in page.content.decode()


def test_the_error_report_downloads_only_for_the_own_agency(
    tmp_path: Path,
    clerk_a: User,
    reviewer_a: User,
    clerk_b: User,
    credit_office: User,
    post_import: Callable[..., Any],
    client: Client,
) -> None:
    post_import(clerk_a, upload(tmp_path, [penalty_row(**{"行政相对人类别": "公司"})]))
    url = reverse("admin:disclosure_importjob_errors", args=[ImportJob.objects.get().pk])
    for user in (clerk_a, reviewer_a, credit_office):
        client.force_login(user)
        report = client.get(url)
        assert report.status_code == 200, user
        rows = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig"))))
        assert rows[0] == ["行号", "列", "问题"] and rows[1][:2] == ["2", "行政相对人类别"]
    client.force_login(clerk_b)
    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("admin:disclosure_importjob_change", args=[ImportJob.objects.get().pk])).status_code != 200
    )


def test_a_wrong_extension_is_refused_by_the_form(
    tmp_path: Path, clerk_a: User, post_import: Callable[..., Any]
) -> None:
    response = post_import(clerk_a, upload(tmp_path, [penalty_row()], name="penalties.txt"))
    assert response.status_code == 200  # the form again, with its error
    assert not ImportJob.objects.exists()


def test_only_a_clerk_with_an_agency_may_import(
    tmp_path: Path, reviewer_a: User, credit_office: User, post_import: Callable[..., Any]
) -> None:
    assert post_import(reviewer_a, upload(tmp_path, [penalty_row()])).status_code == 403
    assert post_import(credit_office, upload(tmp_path, [penalty_row()])).status_code == 403
    assert not ImportJob.objects.exists()
    assert not AdministrativeAction.objects.exists()


def test_a_redelivered_import_task_does_nothing_twice(
    tmp_path: Path, clerk_a: User, post_import: Callable[..., Any]
) -> None:
    from disclosure.tasks import run_import

    post_import(clerk_a, upload(tmp_path, [penalty_row()]))
    assert run_import.delay(ImportJob.objects.get().pk).get() == "skipped"
    assert AdministrativeAction.objects.count() == 1
