"""A real Celery worker process on the real broker runs the calendar check (CI: PostgreSQL + Redis).

Eager mode only emulates a worker in the caller, so this test starts `celery worker` as a
separate process against the test database and the configured Redis broker. It is skipped,
with the reason, where the suite runs on SQLite or the embedded filesystem broker.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import quote

import pytest
from celery.result import EagerResult
from django.conf import settings
from django.db import connection
from django.test import override_settings

from core.models import CalendarYear, Notification, User
from core.tasks import check_next_year_calendar

# The day the worker stands on: after 1 November, with the next year (2027) not in the calendar.
WORKER_TODAY = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
WAIT_SECONDS = 30

# `celery worker`, with the wall clock moved to WORKER_TODAY (still ticking) so the check's
# timezone.localdate() is the same whatever day the suite runs on.
WORKER_BOOT = """
import datetime as dt, sys
import time_machine
time_machine.travel(dt.datetime.fromisoformat(sys.argv.pop(1)), tick=True).start()
sys.argv[0] = "celery"
from celery.__main__ import main
main()
"""


def _skip_unless_services(reason: str) -> NoReturn:
    # .ci/run sets this on its PostgreSQL + Redis run, where a skip would hide a broken setup.
    if os.environ.get("INTEGRATION_REQUIRED", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"INTEGRATION_REQUIRED is set, but this test {reason}")
    pytest.skip(reason)


def _redis_broker_url() -> str:
    url: str = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://")):
        _skip_unless_services(f"needs a Redis broker (CELERY_BROKER_URL=redis://…), not {url.split('://')[0]}://")
    return url


def _test_database_url() -> str:
    if connection.vendor != "postgresql":
        _skip_unless_services(
            f"needs PostgreSQL (DATABASE_URL=postgres://…): a worker process cannot share"
            f" {connection.vendor}'s test database"
        )
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}@{db['HOST'] or ''}{port}/{quote(db['NAME'], safe='')}"


class Worker:
    def __init__(self, process: subprocess.Popen[bytes], log_path: Path) -> None:
        self.process = process
        self.log_path = log_path

    def output(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.terminate()  # warm shutdown: finishes the task in hand
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        return self.process.returncode


@pytest.fixture
def celery_worker(transactional_db: Any, tmp_path: Path) -> Iterator[Worker]:
    """A `celery -A integrity worker` process on the test database and the Redis broker."""
    broker_url = _redis_broker_url()
    database_url = _test_database_url()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "integrity.settings_test",
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": broker_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        # No persistent connection: the test database is dropped at the end of the session.
        "CONN_MAX_AGE": "0",
        "PYTHONUNBUFFERED": "1",
    }
    log_path = tmp_path / "celery-worker.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                WORKER_BOOT,
                WORKER_TODAY.isoformat(),
                "-A",
                "integrity",
                "worker",
                "--pool=solo",
                "-Q",
                "celery",
                "--loglevel=INFO",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "-n",
                f"pytest-{uuid.uuid4().hex[:8]}@%h",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    worker = Worker(process, log_path)
    try:
        yield worker
    finally:
        code = worker.stop()
        # Shown by pytest only when the test fails.
        print(f"--- celery worker output (exit code {code}) ---\n{worker.output()}")


def _wait_for(condition: Any, worker: Worker, what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        if worker.process.poll() is not None:
            pytest.fail(f"the worker exited ({worker.process.returncode}) before {what}:\n{worker.output()}")
        time.sleep(0.25)
    pytest.fail(f"no {what} within {WAIT_SECONDS} s; worker output:\n{worker.output()}")


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_worker_process_runs_calendar_check_and_notifies_credit_office_of_missing_2027(
    celery_worker: Worker, credit_office: User
) -> None:
    assert not CalendarYear.objects.filter(year=2027).exists()

    with override_settings(CELERY_TASK_ALWAYS_EAGER=False):
        result = check_next_year_calendar.delay()
    assert not isinstance(result, EagerResult), "the task ran in the test process, not in the worker"

    notices = Notification.objects.filter(recipient=credit_office, key="calendar-missing-2027")
    _wait_for(notices.exists, celery_worker, "notification calendar-missing-2027")
    _wait_for(lambda: f"[{result.id}] succeeded" in celery_worker.output(), celery_worker, "task success log line")

    notice = notices.get()
    assert notice.kind == "calendar.missing_year"
    assert "2027" in notice.subject
    assert celery_worker.stop() == 0


@pytest.mark.django_db
def test_readyz_reports_redis_broker_ok(client: Any) -> None:
    _redis_broker_url()

    with override_settings(CELERY_TASK_ALWAYS_EAGER=False):
        response = client.get("/readyz")

    assert response.status_code == 200, response.content
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "broker": "ok"}}


@pytest.mark.django_db
def test_readyz_is_unavailable_when_broker_does_not_answer(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # Celery reads a CELERY_BROKER_URL environment variable before the Django setting.
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    # Port 1 on loopback: nothing listens, so the connection is refused at once.
    with override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL="redis://127.0.0.1:1/0"):
        response = client.get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["broker"].startswith("error: ")
