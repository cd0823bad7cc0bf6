"""Celery tasks of the core app. Names are a public contract: never rename one silently."""

from __future__ import annotations

from celery import shared_task
from django.core.mail import send_mail
from django.utils import timezone

from core.models import Notification, User
from core.services.calendar import calendar_check_next_year


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
    max_retries=5,
)
def send_notification_mail(notification_id: int) -> bool:
    notice = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notice is None or not notice.recipient.email:
        return False
    send_mail(notice.subject, notice.body, None, [notice.recipient.email])
    return True
