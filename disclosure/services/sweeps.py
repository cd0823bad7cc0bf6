"""The periodic sweeps Celery beat runs: the publication clock and takedowns.

Both are idempotent. The publication clock is a `core.services.clocks.Clock`: one
`ClockAlert` per action and stage is claimed before anything is sent. An expiry is a
conditional move through the workflow, so a second run or worker finds nothing to move.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from core.models import User
from core.services.audit import audit_record
from core.services.clocks import Clock, Notice, Stage, clock_sweep
from core.services.notifications import agency_staff_users, credit_office_users
from core.services.takedowns import TakedownReason
from core.workflow import ConcurrentChange, WorkflowError, item_expire
from disclosure.models import AdministrativeAction, UseScope
from disclosure.services.actions import action_take_down, record_late_publication
from disclosure.services.clock import publication_days


def _recipients(action: AdministrativeAction, stage: str) -> list[User]:
    staff = agency_staff_users(action.agency_id)
    return staff if stage == Stage.REMINDER else staff + credit_office_users()


def _notice(action: AdministrativeAction, stage: str) -> Notice:
    url = reverse("admin:disclosure_administrativeaction_change", args=[action.pk])
    if stage == Stage.REMINDER:
        return Notice(
            subject=_("Publish by %(due)s: %(doc)s") % {"due": action.due_on, "doc": action.document_number},
            body=_("The decision of %(date)s must be published within %(days)s working days, by %(due)s.")
            % {"date": action.decision_date, "days": publication_days(action.kind), "due": action.due_on},
            url=url,
        )
    return Notice(
        subject=_("Overdue publication: %(agency)s, %(doc)s")
        % {"agency": action.agency, "doc": action.document_number},
        body=_("Due %(due)s, not yet published.") % {"due": action.due_on},
        url=url,
    )


def _overdue(action: AdministrativeAction) -> None:
    audit_record(
        action="disclosure.administrativeaction.overdue",
        obj=action,
        from_state=action.status,
        to_state=action.status,
        data={"due_on": action.due_on.isoformat() if action.due_on else None},
    )
    assert action.due_on is not None  # the clock only selects actions with a due date
    record_late_publication(action, occurred_on=action.due_on + dt.timedelta(days=1))


def _open_actions() -> Any:
    return AdministrativeAction.objects.open().select_related("agency")


PUBLICATION_CLOCK = Clock(
    name="disclosure.publication",
    open_items=_open_actions,
    recipients=_recipients,
    notice=_notice,
    remind_days=lambda: settings.DISCLOSURE_REMINDER_DAYS,
    on_overdue=_overdue,
)


def publication_sweep(*, today: dt.date) -> dict[str, int]:
    sent = clock_sweep(PUBLICATION_CLOCK, today=today)
    return {"reminders": sent[Stage.REMINDER], "overdue": sent[Stage.OVERDUE]}


def takedown_sweep(*, today: dt.date) -> int:
    """Expire every public item whose period ended; the query-time filter already hides it."""
    ended = AdministrativeAction.objects.published().filter(
        use_scope=UseScope.PUBLIC, published_at__isnull=False, public_until__lt=today
    )
    count = 0
    for action in ended:
        try:
            with transaction.atomic(durable=True):
                item_expire(
                    item=action,
                    reason=f"public_until {action.public_until}",
                    after=lambda item: action_take_down(item, reason=TakedownReason.EXPIRED),
                )
        except (ConcurrentChange, WorkflowError):
            continue  # another worker expired or revoked it first
        count += 1
    return count
