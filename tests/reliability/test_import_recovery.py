"""Imports that outlive the broker or their worker (issue 7, item 16): an upload while the
broker is down is accepted and waits; beat enqueues it later; a job whose worker died is run
again (PostgreSQL tells a dead worker from a live one by the job's lease) or failed with a
reason, never left 「校验中」 for ever."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from core.models import User
from disclosure import tasks
from disclosure.models import AdministrativeAction, ImportJob
from disclosure.services.import_recovery import LEASE_NAMESPACE, imports_recover
from tests.disclosure.conftest import penalty_row, write_csv
from tests.reliability.conftest import require_postgresql

pytestmark = pytest.mark.django_db


@pytest.fixture
def upload_job(
    tmp_path: Path, client: Client, clerk_a: User, django_capture_on_commit_callbacks: Callable[..., Any]
) -> Callable[[], Any]:
    """POST a two-row penalty file as clerk A through the admin; returns the response."""

    def post() -> Any:
        path = write_csv(tmp_path / "penalties.csv", [penalty_row(), penalty_row()])
        client.force_login(clerk_a)
        data = {"kind": "penalty", "submit": "on", "file": SimpleUploadedFile("penalties.csv", path.read_bytes())}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("admin:disclosure_action_import"), data)

    return post


def _later(minutes: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(minutes=minutes)


def test_an_upload_while_the_broker_is_down_is_accepted_and_waits(no_broker: None, upload_job: Any) -> None:
    response = upload_job()  # before the fix: the enqueue's error reached the clerk as a 500
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:disclosure_importjob_change", args=[job.pk])
    assert job.state == ImportJob.State.PENDING
    assert not AdministrativeAction.objects.exists()


def test_recovery_enqueues_a_job_left_pending_once_it_is_old_enough(upload_job: Any) -> None:
    with pytest.MonkeyPatch.context() as patch:
        from tests.reliability.conftest import broker_down

        patch.setattr(tasks.run_import, "delay", broker_down)
        upload_job()
    assert imports_recover(now=timezone.now()) == {"enqueued": 0, "resumed": 0, "failed": 0}
    assert imports_recover(now=_later(6)) == {"enqueued": 1, "resumed": 0, "failed": 0}
    assert ImportJob.objects.get().state == ImportJob.State.DONE
    assert AdministrativeAction.objects.count() == 2
    # Run again, nothing happens twice.
    assert imports_recover(now=_later(60)) == {"enqueued": 0, "resumed": 0, "failed": 0}
    assert AdministrativeAction.objects.count() == 2


def _orphan(upload_job: Any) -> ImportJob:
    """A job its worker claimed (RUNNING) and then died on: nothing committed, no lease held."""
    with pytest.MonkeyPatch.context() as patch:
        from tests.reliability.conftest import broker_down

        patch.setattr(tasks.run_import, "delay", broker_down)
        upload_job()
    ImportJob.objects.update(state=ImportJob.State.RUNNING, rows_done=1000)
    return ImportJob.objects.get()


def test_a_redelivered_task_runs_a_job_whose_worker_died(upload_job: Any) -> None:
    require_postgresql()
    job = _orphan(upload_job)
    # Before the lease, the redelivered task skipped the job as "already running", for ever.
    assert tasks.run_import.delay(job.pk).get() == "done"
    assert AdministrativeAction.objects.count() == 2


def test_recovery_resumes_a_job_whose_worker_died(upload_job: Any) -> None:
    require_postgresql()
    _orphan(upload_job)
    assert imports_recover(now=timezone.now()) == {"enqueued": 0, "resumed": 1, "failed": 0}
    assert ImportJob.objects.get().state == ImportJob.State.DONE
    assert AdministrativeAction.objects.count() == 2


@override_settings(IMPORT_GIVE_UP_MINUTES=60)
def test_recovery_fails_with_a_reason_an_orphan_too_old_to_run_again(upload_job: Any) -> None:
    require_postgresql()
    job = _orphan(upload_job)
    ImportJob.objects.update(created_at=timezone.now() - dt.timedelta(minutes=61))
    assert imports_recover(now=timezone.now()) == {"enqueued": 0, "resumed": 0, "failed": 1}
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED
    assert job.errors and job.errors[0]["row"] == 1 and job.errors[0]["message"]
    assert not AdministrativeAction.objects.exists()


@pytest.fixture
def lease_held_elsewhere(upload_job: Any) -> Iterator[ImportJob]:
    """A live worker on another connection holds the job's lease."""
    require_postgresql()
    import psycopg2

    job = _orphan(upload_job)
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    other = psycopg2.connect(**params)
    other.autocommit = True
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s, %s)", [LEASE_NAMESPACE, job.pk])
    try:
        yield job
    finally:
        other.close()


def test_a_job_with_a_live_worker_is_left_alone(lease_held_elsewhere: ImportJob) -> None:
    job = lease_held_elsewhere
    assert tasks.run_import.delay(job.pk).get() == "skipped"
    assert imports_recover(now=_later(24 * 60)) == {"enqueued": 0, "resumed": 0, "failed": 0}
    job.refresh_from_db()
    assert job.state == ImportJob.State.RUNNING
    assert not AdministrativeAction.objects.exists()


@override_settings(IMPORT_STUCK_MINUTES=30)
def test_without_leases_a_job_checking_too_long_is_failed_with_a_reason(upload_job: Any) -> None:
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL has leases: covered by the tests above")
    job = _orphan(upload_job)
    assert tasks.run_import.delay(job.pk).get() == "skipped"  # it may still be running
    assert imports_recover(now=_later(10)) == {"enqueued": 0, "resumed": 0, "failed": 0}
    assert imports_recover(now=_later(31)) == {"enqueued": 0, "resumed": 0, "failed": 1}
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED and job.errors[0]["message"]


def test_the_recovery_task_is_registered_and_scheduled() -> None:
    from django.conf import settings

    assert tasks.recover_imports.name == "disclosure.recover_imports"
    assert "disclosure.recover_imports" in {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
