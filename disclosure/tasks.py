"""Celery tasks of the disclosure app. Names are a public contract."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from disclosure.services import sweeps


@shared_task(name="disclosure.publication_sweep")
def publication_sweep() -> dict[str, int]:
    return sweeps.publication_sweep(today=timezone.localdate())


@shared_task(name="disclosure.takedown_sweep")
def takedown_sweep() -> int:
    return sweeps.takedown_sweep(today=timezone.localdate())


@shared_task(name="disclosure.run_import", acks_late=True)
def run_import(job_id: int) -> str:
    from disclosure.services.imports import import_job_run

    return import_job_run(job_id=job_id)
