"""Celery tasks of the records app. Names are a public contract."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from records.services.records import record_takedown_sweep


@shared_task(name="records.takedown_sweep")
def takedown_sweep() -> int:
    return record_takedown_sweep(today=timezone.localdate())
