"""The periodic sweeps Celery beat runs: publication reminders/alerts and takedowns.

Both are idempotent: a PublicationAlert row (unique per action and stage) or a Takedown row
(one per action) is created before anything is sent, inside a savepoint, so a second run or
a second worker finds it and sends nothing.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import User
from core.roles import Role
from core.services.audit import audit_record
from core.services.notifications import credit_office_users, notify
from core.workflow import LIVE_STATUSES, Status
from disclosure.models import AdministrativeAction, PublicationAlert, Takedown, UseScope

OPEN_STATUSES = [Status.DRAFT, Status.SUBMITTED, Status.RETURNED]


def _agency_staff(agency_id: int) -> list[User]:
    return list(
        User.objects.filter(
            agency_id=agency_id, is_active=True, groups__name__in=[Role.CLERK.value, Role.REVIEWER.value]
        ).distinct()
    )


def _claim(action: AdministrativeAction, stage: str) -> bool:
    try:
        with transaction.atomic():
            PublicationAlert.objects.create(action=action, stage=stage)
    except IntegrityError:
        return False
    return True


def publication_sweep(*, today: dt.date) -> dict[str, int]:
    sent = {"reminders": 0, "overdue": 0}
    soon = today + dt.timedelta(days=settings.DISCLOSURE_REMINDER_DAYS)
    due_soon = AdministrativeAction.objects.filter(
        status__in=OPEN_STATUSES, due_on__gte=today, due_on__lte=soon
    ).exclude(alerts__stage=PublicationAlert.Stage.REMINDER)
    for action in due_soon.select_related("agency"):
        with transaction.atomic():
            if not _claim(action, PublicationAlert.Stage.REMINDER):
                continue
            notify(
                recipients=_agency_staff(action.agency_id),
                kind="disclosure.due_soon",
                key=f"action-{action.pk}-reminder",
                subject=_("Publish by %(due)s: %(doc)s") % {"due": action.due_on, "doc": action.document_number},
                body=_("The decision of %(date)s must be published within 7 working days, by %(due)s.")
                % {"date": action.decision_date, "due": action.due_on},
                url=f"/admin/disclosure/administrativeaction/{action.pk}/change/",
            )
            sent["reminders"] += 1
    overdue = AdministrativeAction.objects.filter(status__in=OPEN_STATUSES, due_on__lt=today).exclude(
        alerts__stage=PublicationAlert.Stage.OVERDUE
    )
    for action in overdue.select_related("agency"):
        with transaction.atomic():
            if not _claim(action, PublicationAlert.Stage.OVERDUE):
                continue
            # A missed deadline is itself a government-integrity fact (plan item 16).
            audit_record(
                action="disclosure.administrativeaction.overdue",
                obj=action,
                from_state=action.status,
                to_state=action.status,
                data={"due_on": action.due_on.isoformat() if action.due_on else None},
            )
            notify(
                recipients=_agency_staff(action.agency_id) + credit_office_users(),
                kind="disclosure.overdue",
                key=f"action-{action.pk}-overdue",
                subject=_("Overdue publication: %(agency)s, %(doc)s")
                % {"agency": action.agency, "doc": action.document_number},
                body=_("Due %(due)s, not yet published.") % {"due": action.due_on},
                url=f"/admin/disclosure/administrativeaction/{action.pk}/change/",
            )
            sent["overdue"] += 1
    return sent


def takedown_sweep(*, today: dt.date) -> int:
    """Record every public item whose period ended; the query-time filter already hides it."""
    ended = AdministrativeAction.objects.filter(
        status__in=LIVE_STATUSES,
        use_scope=UseScope.PUBLIC,
        published_at__isnull=False,
        public_until__lt=today,
    )
    count = 0
    for action in ended:
        with transaction.atomic():
            moved = AdministrativeAction.objects.filter(pk=action.pk, status=action.status).update(
                status=Status.EXPIRED, left_public_at=timezone.now()
            )
            if not moved:
                continue  # another worker took it down first
            Takedown.objects.get_or_create(action=action, defaults={"reason": Takedown.Reason.EXPIRED})
            audit_record(
                action="disclosure.administrativeaction.expire",
                obj=action,
                from_state=action.status,
                to_state=Status.EXPIRED,
                reason=f"public_until {action.public_until}",
            )
            count += 1
    return count
