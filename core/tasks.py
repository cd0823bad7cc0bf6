"""Celery tasks of the core app. Names are a public contract: never rename one silently."""

from __future__ import annotations

from celery import shared_task
from django.core.mail import send_mail
from django.utils import timezone

from core.models import Notification
from core.services.calendar import calendar_check_next_year


@shared_task(name="core.check_next_year_calendar")
def check_next_year_calendar() -> int:
    return calendar_check_next_year(today=timezone.localdate())


@shared_task(
    name="core.send_notification_mail",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_notification_mail(notification_id: int) -> bool:
    notice = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notice is None or not notice.recipient.email:
        return False
    send_mail(notice.subject, notice.body, None, [notice.recipient.email])
    return True
