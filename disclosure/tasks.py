"""Celery tasks of the disclosure app. Names are a public contract.

Each is safe to run twice (acks late, rejected back to the queue when its worker dies):
the sweeps claim each effect under a unique constraint, the import runs under its lease.
"""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from disclosure.services import import_recovery, sweeps


@shared_task(name="disclosure.publication_sweep")
def publication_sweep() -> dict[str, int]:
    return sweeps.publication_sweep(today=timezone.localdate())


@shared_task(name="disclosure.takedown_sweep")
def takedown_sweep() -> int:
    return sweeps.takedown_sweep(today=timezone.localdate())


@shared_task(name="disclosure.run_import")
def run_import(job_id: int) -> str:
    return import_recovery.import_job_run_leased(job_id=job_id)


@shared_task(name="disclosure.recover_imports")
def recover_imports() -> dict[str, int]:
    return import_recovery.imports_recover()
