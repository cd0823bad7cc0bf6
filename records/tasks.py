"""Celery tasks of the records app. Names are a public contract."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from records.services.records import record_takedown_sweep


@shared_task(name="records.takedown_sweep")
def takedown_sweep() -> int:
    return record_takedown_sweep(today=timezone.localdate())


@shared_task(name="records.nightly_evaluation")
def nightly_evaluation() -> int:
    """The evaluation as of yesterday, the last whole day (beat runs it after midnight)."""
    from records.services.evaluation import evaluation_run

    return evaluation_run(as_of=timezone.localdate() - dt.timedelta(days=1), trigger="nightly")
