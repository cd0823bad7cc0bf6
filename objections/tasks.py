"""Celery tasks of the objections app. Names are a public contract."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from objections.services.clock import objection_sweep


@shared_task(name="objections.answer_sweep")
def answer_sweep() -> dict[str, int]:
    from objections.services.answer_mail import pending_answer_mails_enqueue

    result = objection_sweep(today=timezone.localdate())
    result["answer_mails_enqueued"] = pending_answer_mails_enqueue()
    return result


@shared_task(
    name="objections.send_counterparty_answer_mail",
    autoretry_for=(OSError,),
    # As the notification mail: short retries below the broker's visibility timeout; after
    # them the row stays pending and the sweep enqueues it again.
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=3,
)
def send_counterparty_answer_mail(objection_id: int) -> bool:
    from objections.services.answer_mail import counterparty_answer_mail_send

    return counterparty_answer_mail_send(objection_id=objection_id)


@shared_task(name="objections.repair_sweep")
def repair_sweep() -> dict[str, dict[str, int]]:
    from objections.services.answer_mail import pending_repair_mails_enqueue
    from objections.services.repair_clock import repair_sweep as sweep

    result = sweep(today=timezone.localdate())
    result["mails"] = {"decision_mails_enqueued": pending_repair_mails_enqueue()}
    return result


@shared_task(
    name="objections.send_counterparty_repair_mail",
    autoretry_for=(OSError,),
    # As the notification mail: short retries below the broker's visibility timeout; after
    # them the row stays pending and the sweep enqueues it again.
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=3,
)
def send_counterparty_repair_mail(request_id: int) -> bool:
    from objections.services.answer_mail import counterparty_repair_mail_send

    return counterparty_repair_mail_send(request_id=request_id)
