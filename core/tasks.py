"""Celery tasks of the core app. Names are a public contract: never rename one silently.

Every task here is safe to run twice (brokers redeliver): settings make them acknowledge
late and go back to the queue when their worker dies (CELERY_TASK_ACKS_LATE,
CELERY_TASK_REJECT_ON_WORKER_LOST); their retry delays stay below the broker's visibility
timeout (tests/reliability/test_celery_configuration.py).
"""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from core.models import User
from core.services.calendar import calendar_check_next_year
from core.services.notifications import mail_outbox_flush, notification_mail_send


@shared_task(name="core.check_next_year_calendar")
def check_next_year_calendar() -> int:
    return calendar_check_next_year(today=timezone.localdate())


@shared_task(name="core.anchor_audit_chain")
def anchor_audit_chain() -> str:
    """Daily: the chain's count and head hash, outside the database and to the overseers."""
    from django.utils.translation import gettext as _

    from core.roles import Role
    from core.services.audit import audit_anchor
    from core.services.notifications import notify

    anchor = audit_anchor()
    today = timezone.localdate().isoformat()
    overseers = User.objects.filter(is_active=True, groups__name=Role.OVERSEER.value).distinct()
    notify(
        recipients=list(overseers),
        kind="audit.anchor",
        key=f"audit-anchor-{today}",
        subject=_("Audit log anchor of %(date)s") % {"date": today},
        body=_(
            "Keep this message. On %(date)s the audit log had %(count)s events ending in %(hash)s. "
            "`verify_audit --anchor %(count)s:%(hash)s` checks the log against it."
        )
        % {"date": today, "count": anchor.count, "hash": anchor.head_hash},
    )
    return f"{anchor.count}:{anchor.head_hash}"


@shared_task(
    name="core.send_notification_mail",
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=3,
)
def send_notification_mail(notification_id: int) -> bool:
    return notification_mail_send(notification_id=notification_id)


@shared_task(name="core.flush_mail_outbox")
def flush_mail_outbox() -> int:
    return mail_outbox_flush()


@shared_task(name="core.send_sharing_message")
def send_sharing_message(message_id: int) -> str:
    """The fast path after commit. No Celery retry: the row's own backoff and the flush retry."""
    from core.services.sharing import sharing_message_send

    message = sharing_message_send(message_id=message_id)
    return message.state if message is not None else ""


@shared_task(name="core.flush_sharing_outbox")
def flush_sharing_outbox() -> int:
    from core.services.sharing import sharing_outbox_flush

    return sharing_outbox_flush()
