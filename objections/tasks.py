"""Celery tasks of the objections app. Names are a public contract."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from objections.services.clock import objection_sweep


@shared_task(name="objections.answer_sweep")
def answer_sweep() -> dict[str, int]:
    return objection_sweep(today=timezone.localdate())


@shared_task(name="objections.repair_sweep")
def repair_sweep() -> dict[str, dict[str, int]]:
    from objections.services.repair_clock import repair_sweep as sweep

    return sweep(today=timezone.localdate())
