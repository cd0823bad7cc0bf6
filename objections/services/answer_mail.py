"""The answer mail to a counterparty, who has no account and so no portal notice.

The objection row is the mail's outbox, like a notification row is for staff
(core.services.notifications): ``answer_mail_pending`` is set in the answer's transaction,
the send task clears it under a row lock, and the answer sweep enqueues whatever is still
pending, so a broker or mail server that is down delays the mail but never loses it.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from objections.models import Objection

logger = logging.getLogger(__name__)


def counterparty_answer_mail_enqueue(objection: Objection) -> None:
    """In the answer's transaction: mark the mail pending, enqueue it once the answer is committed."""
    Objection.objects.filter(pk=objection.pk).update(answer_mail_pending=True)
    objection.answer_mail_pending = True
    transaction.on_commit(lambda: _enqueue([objection.pk]))


def _enqueue(ids: list[int]) -> int:
    from objections.tasks import send_counterparty_answer_mail

    for done, pk in enumerate(ids):
        try:
            send_counterparty_answer_mail.delay(pk)
        except Exception as exc:  # noqa: BLE001 - the row is the record; the sweep retries
            logger.warning("answer mail of objection %s not enqueued (%s); the answer sweep retries", pk, exc)
            return done
    return len(ids)


def counterparty_answer_mail_send(*, objection_id: int) -> bool:
    """Send one pending answer mail, at most once (the row is locked while it goes out)."""
    with transaction.atomic():
        objection = Objection.objects.select_for_update().filter(pk=objection_id, answer_mail_pending=True).first()
        if objection is None:
            return False
        from django.core.mail import send_mail

        status_url = reverse("objections:status")
        send_mail(
            subject=_("Your objection %(code)s has been answered: %(outcome)s")
            % {"code": objection.query_code, "outcome": objection.get_outcome_display()},
            message=_(
                "%(reply)s\n\nAnswered on %(day)s. Follow your objection with its query code %(code)s on the page %(url)s of the portal."
            )
            % {
                "reply": objection.reply,
                "day": objection.answered_on.isoformat() if objection.answered_on else "",
                "code": objection.query_code,
                "url": status_url,
            },
            from_email=None,
            recipient_list=[objection.contact_email],
        )
        Objection.objects.filter(pk=objection.pk).update(answer_mail_pending=False, answer_mailed_at=timezone.now())
    return True


def pending_answer_mails_enqueue() -> int:
    """The answer sweep's part: enqueue the answer mails still pending after a minute."""
    cutoff = timezone.now() - dt.timedelta(minutes=1)
    ids = list(
        Objection.objects.filter(answer_mail_pending=True, answered_at__lt=cutoff).values_list("pk", flat=True)[:500]
    )
    return _enqueue(ids) if ids else 0
