"""Celery tasks of the commitments app. Names are a public contract."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from commitments.services import clocks


@shared_task(name="commitments.publication_sweep")
def publication_sweep() -> dict[str, int]:
    return clocks.publication_sweep(today=timezone.localdate())


@shared_task(name="commitments.milestone_sweep")
def milestone_sweep() -> dict[str, int]:
    return clocks.milestone_sweep(today=timezone.localdate())
