"""The answer mail to a counterparty, who has no account and so no portal notice: the answer
to an objection, the acceptance and the decision of a credit repair request.

The objection or request row is the mail's outbox, like a notification row is for staff
(core.services.notifications): a ``…_mail_pending`` flag is set in the answer's transaction,
the send task clears it under a row lock, and the sweeps enqueue whatever is still pending,
so a broker or mail server that is down delays the mail but never loses it. The mail says
the state the row has when it goes out.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from objections.models import Objection, RepairRequest, RepairStatus

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


def repair_decision_mail_enqueue(request: RepairRequest) -> None:
    RepairRequest.objects.filter(pk=request.pk).update(decision_mail_pending=True)
    request.decision_mail_pending = True
    transaction.on_commit(lambda: _enqueue_repairs([request.pk]))


def _enqueue_repairs(ids: list[int]) -> int:
    from objections.tasks import send_counterparty_repair_mail

    for done, pk in enumerate(ids):
        try:
            send_counterparty_repair_mail.delay(pk)
        except Exception as exc:  # noqa: BLE001 - the row is the record; the repair sweep retries
            logger.warning("decision mail of repair request %s not enqueued (%s); the repair sweep retries", pk, exc)
            return done
    return len(ids)


def counterparty_repair_mail_send(*, request_id: int) -> bool:
    with transaction.atomic():
        request = RepairRequest.objects.select_for_update().filter(pk=request_id, decision_mail_pending=True).first()
        if request is None:
            return False
        from django.core.mail import send_mail

        if request.status == RepairStatus.ACCEPTED:
            body = _("Your request has been accepted. The decision is due by %(due)s.") % {
                "due": request.decide_due_on.isoformat() if request.decide_due_on else _("pending the holiday schedule")
            }
        elif request.status == RepairStatus.APPROVED:
            body = request.decision_reasons or _("The decision has been repaired and taken off the public site.")
        else:
            body = request.decision_reasons
        send_mail(
            subject=_("Your credit repair request %(code)s: %(status)s")
            % {"code": request.query_code, "status": request.get_status_display()},
            message=_("%(body)s\n\nFollow your request with its query code %(code)s on the page %(url)s of the portal.")
            % {"body": body, "code": request.query_code, "url": reverse("objections:status")},
            from_email=None,
            recipient_list=[request.contact_email],
        )
        RepairRequest.objects.filter(pk=request.pk).update(
            decision_mail_pending=False, decision_mailed_at=timezone.now()
        )
    return True


def pending_repair_mails_enqueue() -> int:
    """The repair sweep's part: enqueue the decision mails still pending after a minute."""
    cutoff = timezone.now() - dt.timedelta(minutes=1)
    ids = list(
        RepairRequest.objects.filter(decision_mail_pending=True, filed_at__lt=cutoff).values_list("pk", flat=True)[:500]
    )
    return _enqueue_repairs(ids) if ids else 0
