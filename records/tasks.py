"""Celery tasks of the records app. Names are a public contract."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from records.services.notices import record_notices_due, record_notices_send
from records.services.records import record_takedown_sweep
from records.services.sanction_clock import sanction_sweep as run_sanction_sweep


@shared_task(name="records.takedown_sweep")
def takedown_sweep() -> int:
    return record_takedown_sweep(today=timezone.localdate())


@shared_task(name="records.sanction_sweep")
def sanction_sweep() -> dict[str, int]:
    return run_sanction_sweep(today=timezone.localdate())


@shared_task(name="records.send_record_notices")
def send_record_notices(record_id: int) -> int:
    """Enqueued on commit of a publication; a redelivery finds the notices sent and sends none."""
    return len(record_notices_send(record_id=record_id))


@shared_task(name="records.notice_sweep")
def notice_sweep() -> int:
    """The catch-up for a publication whose task never reached the broker."""
    return sum(len(record_notices_send(record_id=pk)) for pk in record_notices_due())


@shared_task(name="records.nightly_evaluation")
def nightly_evaluation() -> int:
    """The evaluation as of yesterday, the last whole day (beat runs it after midnight)."""
    from records.services.evaluation import evaluation_run

    return evaluation_run(as_of=timezone.localdate() - dt.timedelta(days=1), trigger="nightly")
