"""Notices of published dishonesty records to the bodies the plan names (R-3, plan item 3).

A civil servant's record goes to the reviewers of the person's agency, the discipline-
inspection overseers and the person; an agency's to its superior agency and to the audit
agency (`RECORDS_AUDIT_AGENCY_USCC`). Each goes once: the record row is locked while they
are written, `notified_at` marks it done, and a `RecordNotice` is unique per record,
recipient and kind, so a redelivered task or the catch-up sweep sends nothing twice. The
in-portal notice and its mail are `core.services.notifications.notify` (the mail outbox).
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import Agency, User
from core.roles import Role
from core.services.audit import audit_record
from core.services.notifications import notify
from core.workflow import Status
from records.models import CreditRecord, Polarity, RecordNotice
from records.selectors import record_notice_prefix

logger = logging.getLogger(__name__)
Audience = RecordNotice.Audience


def agency_users(agency_id: int | None, roles: list[Role]) -> list[User]:
    """The active staff of an agency holding one of ``roles``, in a stable order."""
    if agency_id is None:
        return []
    return list(
        User.objects.filter(agency_id=agency_id, is_active=True, groups__name__in=[r.value for r in roles])
        .distinct()
        .order_by("pk")
    )


def _overseers() -> list[User]:
    users = User.objects.filter(is_active=True, groups__name=Role.OVERSEER.value)
    uscc = settings.RECORDS_DISCIPLINE_AGENCY_USCC
    if uscc:  # only the discipline-inspection body's overseers, when it is named
        users = users.filter(agency__uscc=uscc)
    return list(users.distinct().order_by("pk"))


def _audit_agency_id() -> int | None:
    uscc = settings.RECORDS_AUDIT_AGENCY_USCC
    if not uscc:
        return None
    return Agency.objects.filter(uscc=uscc.strip().upper(), is_active=True).values_list("pk", flat=True).first()


# The staff of a receiving agency who read its notices.
RECEIVING_ROLES = [Role.REVIEWER, Role.OVERSEER]


def notice_recipients(record: CreditRecord) -> list[tuple[User, str]]:
    """Who is told of ``record``, each once (the first audience that names them), in order."""
    pairs: list[tuple[User, str]] = []
    if record.civil_servant_id is not None:
        pairs += [(u, Audience.AGENCY_REVIEWER) for u in agency_users(record.agency_id, [Role.REVIEWER])]
        pairs += [(u, Audience.OVERSEER) for u in _overseers()]
        person = record.civil_servant.user if record.civil_servant else None
        if person is not None and person.is_active:
            pairs.append((person, Audience.PERSON))
    else:
        subject = record.subject_agency
        superior = subject.parent_id if subject is not None else None
        pairs += [(u, Audience.SUPERIOR) for u in agency_users(superior, RECEIVING_ROLES)]
        audit = _audit_agency_id()
        if audit is not None and audit != record.subject_agency_id:
            pairs += [(u, Audience.AUDIT) for u in agency_users(audit, RECEIVING_ROLES)]
    seen: set[int] = set()
    unique = []
    for user, audience in pairs:
        if user.pk not in seen:
            seen.add(user.pk)
            unique.append((user, audience))
    return unique


def _words(record: CreditRecord) -> dict[str, Any]:
    # No natural person's name: the mail leaves the portal (R-P); the link shows the rest.
    return {
        "category": record.get_category_display(),
        "tier": record.get_tier_display(),
        "agency": str(record.agency),
        "date": record.decision_date.isoformat(),
        "number": record.document_number or "—",
    }


def record_notices_send(*, record_id: int) -> list[RecordNotice]:
    """Tell the bodies R-3 names that a dishonesty record was published; at most once.

    Returns the notices written now (none when it was done before, or the record is not a
    published dishonesty record).
    """
    with transaction.atomic():
        record = (
            CreditRecord.objects.select_for_update(of=("self",))
            .select_related("agency", "subject_agency", "civil_servant__user")
            .filter(pk=record_id)
            .first()
        )
        if record is None or record.notified_at is not None:
            return []
        if record.status != Status.PUBLISHED or record.polarity != Polarity.DISHONEST:
            return []
        words = _words(record)
        staff_url = reverse("admin:records_creditrecord_change", args=[record.pk])
        written = []
        for user, audience in notice_recipients(record):
            try:
                with transaction.atomic():
                    notice = RecordNotice.objects.create(
                        record=record, recipient=user, audience=audience, recipient_agency_id=user.agency_id
                    )
            except IntegrityError:
                continue  # told before (a second worker, or a record published again)
            sent = notify(
                recipients=[user],
                kind=RecordNotice.KIND_PUBLISHED,
                key=f"{record_notice_prefix(record.pk)}{RecordNotice.KIND_PUBLISHED}",  # found by the file page
                subject=_("Dishonesty record published: %(category)s, %(agency)s") % words,
                body=_(
                    "A dishonesty record (%(tier)s) of %(agency)s was published: %(category)s, decided on "
                    "%(date)s, document number %(number)s."
                )
                % words,
                url="" if audience == Audience.PERSON else staff_url,  # the person has no back office
            )
            if sent:
                notice.notification = sent[0]
                notice.save(update_fields=["notification"])
            written.append(notice)
        record.notified_at = timezone.now()
        record.save(update_fields=["notified_at"])
        audit_record(
            action="records.creditrecord.notify",
            obj=record,
            from_state=record.status,
            to_state=record.status,
            data={"recipients": [n.recipient_id for n in written], "audiences": sorted({n.audience for n in written})},
        )
    return written


def record_notices_enqueue(record_id: int) -> None:
    """After commit of a publication: hand the notices to the broker; never raises. When the
    broker is down the catch-up sweep (`records.notice_sweep`) sends them."""
    from records.tasks import send_record_notices

    try:
        send_record_notices.delay(record_id)
    except Exception as exc:  # noqa: BLE001 - whatever the broker's client raises, the sweep retries
        logger.warning(
            "notices of record %s not enqueued (%s: %s); records.notice_sweep retries",
            record_id,
            type(exc).__name__,
            exc,
        )


def record_notices_due() -> list[int]:
    """Published dishonesty records whose notices were not sent yet (for the sweep)."""
    return list(
        CreditRecord.objects.filter(
            Q(status=Status.PUBLISHED) & Q(polarity=Polarity.DISHONEST) & Q(notified_at__isnull=True)
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
