"""Redis stopped while 100 items are published, 5 files uploaded and the publication sweep
sends its alerts: nothing lost, everything delivered once after Redis returns (a worker with
beat: core.flush_mail_outbox, disclosure.recover_imports), and no web request hangs
(issue 7, item 16). Real processes: a private Redis, a prefork worker with embedded beat, on
the test's PostgreSQL database.

Before: each upload answered 500 and left a job that never ran; each alert's mail was lost.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from core.models import AuditEvent, Notification, User
from core.workflow import Status
from disclosure.models import AdministrativeAction, ImportJob
from disclosure.services.sweeps import publication_sweep
from tests.disclosure.conftest import ActionFactory, penalty_row, write_csv
from tests.reliability.harness import CeleryOn, RedisServer, Worker, wait_for, worker_database_url

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

PUBLISHED = 100
UPLOADS = 5
OVERDUE = 10  # each alerts its clerk, its reviewer and the credit office: 30 mails
REQUEST_BOUND_SECONDS = 3.0


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[RedisServer]:
    worker_database_url()
    server = RedisServer(tmp_path)
    server.start()
    celery = CeleryOn(server.url)
    try:
        yield server
    finally:
        celery.undo()
        server.stop()


def _timed(call: Any) -> tuple[Any, float]:
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def _messages(mail_dir: Path) -> int:
    return sum(
        len(re.findall(r"^Message-ID: ", p.read_text(errors="replace"), re.MULTILINE)) for p in mail_dir.glob("*")
    )


@override_settings(NOTIFICATION_MAIL_RETRY_SECONDS=1)
def test_nothing_is_lost_while_the_broker_is_down(
    redis: RedisServer, tmp_path: Path, clerk_a: User, reviewer_a: User, credit_office: User
) -> None:
    submitted = [ActionFactory.create(agency=clerk_a.agency, status=Status.SUBMITTED) for _ in range(PUBLISHED)]
    with time_machine.travel(dt.datetime(2026, 10, 1, 9, tzinfo=ZoneInfo("Asia/Shanghai"))):
        for _ in range(OVERDUE):
            ActionFactory.create(agency=clerk_a.agency, decision_date=dt.date(2026, 9, 30), status=Status.SUBMITTED)
    reviewer, clerk = Client(raise_request_exception=False), Client(raise_request_exception=False)
    reviewer.force_login(reviewer_a)
    clerk.force_login(clerk_a)

    redis.stop()  # ----- the outage
    publish_times = []
    for action in submitted:
        response, seconds = _timed(lambda a=action: reviewer.post(f"/api/v1/staff/actions/{a.pk}/publish/"))
        assert response.status_code == 200, response.content
        publish_times.append(seconds)
    upload_times = []
    for n in range(UPLOADS):
        path = write_csv(tmp_path / f"outage-{n}.csv", [penalty_row(), penalty_row()])
        data = {"kind": "penalty", "submit": "on", "file": SimpleUploadedFile(path.name, path.read_bytes())}
        response, seconds = _timed(lambda d=data: clerk.post(reverse("admin:disclosure_action_import"), d))
        assert response.status_code == 302, response.content[:2000]
        upload_times.append(seconds)
    sent, sweep_seconds = _timed(lambda: publication_sweep(today=dt.date(2026, 10, 16)))
    assert sent["overdue"] == OVERDUE

    # Committed, audited, waiting: nothing lost.
    assert AdministrativeAction.objects.filter(status=Status.PUBLISHED).count() == PUBLISHED
    assert AuditEvent.objects.filter(action__endswith=".publish").count() == PUBLISHED
    assert ImportJob.objects.filter(state=ImportJob.State.PENDING).count() == UPLOADS
    notices = Notification.objects.filter(kind="disclosure.publication.overdue")
    assert notices.count() == 3 * OVERDUE
    assert notices.filter(mail_pending=True).count() == 3 * OVERDUE

    redis.start()  # ----- the broker is back, and a worker with beat
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    worker = Worker(
        broker_url=redis.url,
        mail_dir=mail_dir,
        log_path=tmp_path / "worker.log",
        WITH_BEAT="1",
        MAIL_OUTBOX_INTERVAL_SECONDS="2",
        IMPORT_RECOVERY_INTERVAL_SECONDS="2",
        IMPORT_RESUME_PENDING_MINUTES="0",
    )
    back = time.monotonic()
    try:
        wait_for(
            lambda: (
                ImportJob.objects.filter(state=ImportJob.State.DONE).count() == UPLOADS
                and not Notification.objects.filter(mail_pending=True).exists()
            ),
            "delivery of every upload and mail",
            seconds=120,
            workers=[worker],
        )
        delivered = time.monotonic() - back
        time.sleep(5)  # two more beat rounds: nothing may go out twice
        messages = _messages(mail_dir)
    finally:
        worker.stop()
    print(
        f"outage: {PUBLISHED} published (max {max(publish_times) * 1000:.0f} ms,"
        f" mean {sum(publish_times) / len(publish_times) * 1000:.0f} ms), {UPLOADS} uploads"
        f" (max {max(upload_times) * 1000:.0f} ms), sweep with {3 * OVERDUE} mails {sweep_seconds * 1000:.0f} ms;"
        f" delivered {delivered:.1f} s after the broker returned: {messages} mails,"
        f" {AdministrativeAction.objects.count() - PUBLISHED - OVERDUE} imported rows"
    )
    assert messages == 3 * OVERDUE
    assert AdministrativeAction.objects.count() == PUBLISHED + OVERDUE + 2 * UPLOADS
    assert max(publish_times + upload_times) < REQUEST_BOUND_SECONDS
    assert sweep_seconds < REQUEST_BOUND_SECONDS * OVERDUE
