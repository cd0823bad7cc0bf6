"""50 slow tasks; the worker's pool child and then the whole worker killed with SIGKILL; a new
worker started: every effect exactly once (issue 7, item 16). Real processes: a private Redis,
prefork workers on the test's PostgreSQL database.

Before: killing the pool child acknowledged its message (no task_reject_on_worker_lost) and
the task was lost; after the whole worker died, the redelivered import skipped its job as
already running, and it stayed 「校验中」 for ever.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from core.models import Notification, User
from core.services.notifications import notify
from disclosure.models import AdministrativeAction, ImportJob
from disclosure.services.imports import import_job_create
from tests.disclosure.conftest import penalty_row, write_csv
from tests.factories import UserFactory
from tests.reliability.harness import CeleryOn, RedisServer, Worker, mails_sent, wait_for, worker_database_url

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

JOBS = 25
MAILS = JOBS  # one after each import
TASK_SECONDS = "0.6"  # each task's critical section: long enough for a kill to land inside it
VISIBILITY = "6"  # what the dead worker had taken comes back after this many seconds


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[RedisServer]:
    worker_database_url()  # PostgreSQL first: the skip names the missing service
    server = RedisServer(tmp_path)
    server.start()
    celery = CeleryOn(server.url)
    try:
        yield server
    finally:
        celery.undo()
        server.stop()


def _enqueue_fifty(tmp_path: Path, clerk: User) -> None:
    """An import, a mail, an import, …: each committed, then enqueued on commit."""
    for n in range(JOBS):
        path = write_csv(tmp_path / f"kill-{n}.csv", [penalty_row(), penalty_row()])
        with transaction.atomic():
            import_job_create(
                actor=clerk, kind="penalty", upload=SimpleUploadedFile(path.name, path.read_bytes()), submit=True
            )
        user = UserFactory.create(username=f"reader{n}")
        with transaction.atomic():
            notify(recipients=[user], kind="test.kill", key=f"kill-{n}", subject=f"mail-{n}", body="")


def _effects(mail_dir: Path) -> dict[str, Any]:
    sent = mails_sent(mail_dir)
    return {
        "jobs_done": ImportJob.objects.filter(state=ImportJob.State.DONE).count(),
        "jobs_failed": ImportJob.objects.filter(state=ImportJob.State.FAILED).count(),
        "actions": AdministrativeAction.objects.count(),
        "mails": len(sent),
        "mails_duplicated": sum(n - 1 for n in sent.values()),
        "pending": Notification.objects.filter(mail_pending=True).count(),
    }


def _done(mail_dir: Path) -> int:
    effects = _effects(mail_dir)
    return int(effects["jobs_done"] + effects["mails"])


def test_killed_workers_lose_and_double_nothing(redis: RedisServer, tmp_path: Path, clerk_a: User) -> None:
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    _enqueue_fifty(tmp_path, clerk_a)
    env = {"TEST_TASK_SECONDS": TASK_SECONDS, "BROKER_VISIBILITY_TIMEOUT_SECONDS": VISIBILITY}
    first = Worker(broker_url=redis.url, mail_dir=mail_dir, log_path=tmp_path / "first.log", **env)
    workers = [first]
    try:
        wait_for(lambda: _done(mail_dir) >= 6, "first six effects", seconds=60, workers=workers)
        child_in_flight = first.in_flight()
        first.kill_child()
        wait_for(
            lambda: _done(mail_dir) >= 20, "twenty effects after the child was killed", seconds=60, workers=workers
        )
        worker_in_flight = first.in_flight()
        first.kill()
        killed_at = _effects(mail_dir)
        second = Worker(broker_url=redis.url, mail_dir=mail_dir, log_path=tmp_path / "second.log", **env)
        workers.append(second)
        started = time.monotonic()
        wait_for(lambda: _done(mail_dir) >= JOBS + MAILS, "all fifty effects", seconds=120, workers=workers)
        time.sleep(float(VISIBILITY) + 2)  # anything redelivered late would show now
        effects = _effects(mail_dir)
        print(
            f"killed: pool child with {child_in_flight} task(s) in hand, then the worker with {worker_in_flight};"
            f" at the worker's death {killed_at}; after the new worker ({time.monotonic() - started:.1f} s): {effects}"
        )
        assert effects == {
            "jobs_done": JOBS,
            "jobs_failed": 0,
            "actions": 2 * JOBS,
            "mails": MAILS,
            "mails_duplicated": 0,
            "pending": 0,
        }
        assert child_in_flight >= 1 and worker_in_flight >= 1
    finally:
        for worker in workers:
            worker.stop()
