"""Notifications: in-portal notices plus mail, each sent once per recipient and key.

The Notification row is the mail's outbox (docs/architecture.md, "Celery and faults"): it is
written in the transaction of the change that caused it, marked ``mail_pending`` when the
recipient has an address, and the mail task clears the mark under a row lock after sending.
The on-commit enqueue is only the fast path: when the broker is down it is logged and
skipped, and ``mail_outbox_flush`` (beat, ``core.flush_mail_outbox``) enqueues whatever is
still pending once the broker is back. A redelivered or doubled task sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from core.models import Notification, User
from core.roles import Role

# What each kind of notice is called where a person reads it (apps add theirs at start-up).
_KIND_LABELS: dict[str, Any] = {
    "calendar.missing_year": gettext_lazy("Holiday schedule missing"),
    "audit.anchor": gettext_lazy("Audit log anchor"),
    "workflow.submit": gettext_lazy("Submitted for review"),
    "workflow.return": gettext_lazy("Returned"),
    "workflow.publish": gettext_lazy("Published"),
}


def register_notification_kind(kind: str, label: Any) -> None:
    _KIND_LABELS[kind] = label


def notification_kind_label(kind: str) -> str:
    return str(_KIND_LABELS.get(kind, gettext_lazy("Notice")))


logger = logging.getLogger(__name__)


def _retry_after(attempts: int) -> dt.timedelta:
    """How long the outbox waits before it enqueues a pending mail again (grows with failures)."""
    base = settings.NOTIFICATION_MAIL_RETRY_SECONDS
    return dt.timedelta(seconds=min(base * (2 ** max(attempts - 1, 0)), 6 * 3600))


def notify(
    *, recipients: Iterable[Any], kind: str, key: str, subject: str, body: str = "", url: str = ""
) -> list[Notification]:
    """Create one notification per recipient unless one with the same key exists.

    Safe to call twice or on two workers at once: the unique (recipient, key) constraint
    decides, and only newly created notices are mailed.
    """
    created = []
    first_retry = timezone.now() + _retry_after(0)
    for recipient in recipients:
        has_address = bool(recipient.email)
        try:
            with transaction.atomic():
                notice = Notification.objects.create(
                    recipient=recipient,
                    kind=kind,
                    key=key,
                    subject=subject,
                    body=body,
                    url=url,
                    mail_pending=has_address,
                    mail_next_try_at=first_retry if has_address else None,
                )
        except IntegrityError:
            continue
        created.append(notice)
    ids = [n.pk for n in created if n.mail_pending]
    if ids:
        transaction.on_commit(lambda: notification_mails_enqueue(ids=ids))
    return created


def notification_mails_enqueue(*, ids: list[int]) -> int:
    """Hand the mails to the broker; never raises. Returns how many were enqueued.

    Runs after commit, in the request or task that notified: a broker that is down must not
    turn a committed change into an error page, and the rows stay pending for the outbox.
    """
    from core.tasks import send_notification_mail

    for done, pk in enumerate(ids):
        try:
            send_notification_mail.delay(pk)
        except Exception as exc:  # noqa: BLE001 - whatever the broker's client raises, the row is the record
            # Stop at the first failure: the broker is down, and each further try would
            # cost the caller another connection timeout.
            logger.warning(
                "mail of notification %s (and %d more) not enqueued (%s: %s); core.flush_mail_outbox retries",
                pk,
                len(ids) - done - 1,
                type(exc).__name__,
                exc,
            )
            return done
    return len(ids)


def notification_mail_send(*, notification_id: int) -> bool:
    """Send one pending mail, at most once; True if it was sent now.

    The row is locked while the mail goes out, so a second delivery of the same task waits
    and then finds it no longer pending. A failure counts an attempt, schedules the next one
    and is raised again (the task's own retry, then the outbox, try again).
    """
    error: Exception | None = None
    with transaction.atomic():
        notice = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id, mail_pending=True)
            .first()
        )
        if notice is None:
            return False  # already mailed, or never to be mailed
        now = timezone.now()
        if not notice.recipient.email:
            notice.mail_pending = False
            notice.save(update_fields=["mail_pending"])
            return False
        try:
            send_mail(notice.subject, notice.body, None, [notice.recipient.email])
        except Exception as exc:  # noqa: BLE001 - recorded on the row, then raised again below
            notice.mail_attempts += 1
            notice.mail_next_try_at = now + _retry_after(notice.mail_attempts)
            notice.save(update_fields=["mail_attempts", "mail_next_try_at"])
            if notice.mail_attempts >= settings.NOTIFICATION_MAIL_MAX_ATTEMPTS:
                logger.error("mail of notification %s failed %d times: giving up", notice.pk, notice.mail_attempts)
            error = exc
        else:
            notice.mail_pending = False
            notice.mailed_at = now
            notice.save(update_fields=["mail_pending", "mailed_at"])
    if error is not None:
        raise error
    return True


def mail_outbox_flush(*, now: dt.datetime | None = None, limit: int = 500) -> int:
    """Enqueue the pending mails whose next try is due (beat). Returns how many were enqueued.

    The next try is pushed out before enqueuing, so a message still waiting in the queue is
    not doubled by every run; were it doubled, the send would still happen once.
    """
    now = now or timezone.now()
    # Rows another flush or a send holds are skipped, never waited for: two flushes updating
    # the same rows in different orders deadlocked (seen with 20 at once on PostgreSQL).
    with transaction.atomic():
        due = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(
                mail_pending=True,
                mail_next_try_at__lte=now,
                mail_attempts__lt=settings.NOTIFICATION_MAIL_MAX_ATTEMPTS,
            )
            .order_by("mail_next_try_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        if not due:
            return 0
        Notification.objects.filter(pk__in=due, mail_pending=True).update(mail_next_try_at=now + _retry_after(0))
    return notification_mails_enqueue(ids=due)


def agency_staff_users(agency_id: int) -> list[User]:
    """The active clerks and reviewers of an agency: who a clock's reminder goes to."""
    return list(
        User.objects.filter(
            agency_id=agency_id, is_active=True, groups__name__in=[Role.CLERK.value, Role.REVIEWER.value]
        ).distinct()
    )


def credit_office_users() -> list[User]:
    from django.db.models import Q

    return list(
        User.objects.filter(Q(groups__name=Role.CREDIT_OFFICE.value) | Q(is_superuser=True), is_active=True).distinct()
    )
