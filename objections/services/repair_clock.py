"""The two clocks of a credit repair request (信用修复管理办法; docs/deadlines.md).

Both count from the filing date (the filing day not counted) on the core working-day clock:
accepted or refused within ``REPAIR_ACCEPT_WORKING_DAYS`` (3) working days, decided within
``REPAIR_DECIDE_WORKING_DAYS`` (10). The due dates are stored when the request is filed;
NULL while the calendar does not cover them (「待节假日安排公布」), filled in when the year
is loaded (`recompute_repair_due`, a calendar recomputer). The reviewers of the deciding
agency are reminded the working day before the acceptance deadline and two working days
before the decision deadline; an overdue request escalates to the credit office.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from core.models import User
from core.selectors import DatabaseCalendar, due_date_or_none
from core.services.clocks import Clock, Notice, Stage, clock_sweep
from core.services.notifications import credit_office_users
from objections.repair_models import RepairRequest, RepairStatus
from objections.services.clock import agency_reviewers, workdays_before

ACCEPT_CLOCK_NAME = "objections.repair_accept"
DECIDE_CLOCK_NAME = "objections.repair_decide"
DECIDE_REMINDER_WORKDAYS = 2


def repair_due(filed_on: dt.date, calendar: DatabaseCalendar | None = None) -> dict[str, dt.date | None]:
    """The stored dates of a request filed on ``filed_on``."""
    calendar = calendar or DatabaseCalendar()
    accept = due_date_or_none(filed_on, int(settings.REPAIR_ACCEPT_WORKING_DAYS), calendar)
    decide = due_date_or_none(filed_on, int(settings.REPAIR_DECIDE_WORKING_DAYS), calendar)
    remind = workdays_before(decide, DECIDE_REMINDER_WORKDAYS, calendar) if decide else None
    return {
        "accept_due_on": accept,
        "decide_due_on": decide,
        "decide_remind_on": (max(remind, filed_on) if remind else filed_on) if decide else None,
    }


def recompute_repair_due(first: dt.date, last: dt.date) -> int:
    """A calendar change between ``first`` and ``last``: re-derive the open requests' dates it
    can affect (filed before the change and due on or after it, or with no due date yet)."""
    affected = (
        RepairRequest.objects.open()
        .filter(filed_on__lt=last)
        .filter(Q(decide_due_on__isnull=True) | Q(accept_due_on__isnull=True) | Q(decide_due_on__gte=first))
        .only("id", "filed_on", "accept_due_on", "decide_due_on", "decide_remind_on")
    )
    calendar = DatabaseCalendar()
    changed = 0
    for request in affected:
        dates = repair_due(request.filed_on, calendar)
        if any(getattr(request, name) != value for name, value in dates.items()):
            RepairRequest.objects.filter(pk=request.pk).update(**dates)
            changed += 1
    return changed


def _recipients(request: RepairRequest, stage: str) -> list[User]:
    reviewers = agency_reviewers(request.agency_id)
    if stage == Stage.OVERDUE:
        return reviewers + [u for u in credit_office_users() if u not in reviewers]
    return reviewers


def _url(request: RepairRequest) -> str:
    return reverse("admin:objections_repairrequest_change", args=[request.pk])


def _accept_notice(request: RepairRequest, stage: str) -> Notice:
    due = request.accept_due_on.isoformat() if request.accept_due_on else ""
    if stage == Stage.REMINDER:
        subject = _("Credit repair request %(id)s: accept or refuse it by %(due)s")
    else:
        subject = _("Credit repair request %(id)s: the acceptance deadline %(due)s has passed")
    body = _("A credit repair request is accepted or refused within 3 working days of filing.")
    return Notice(subject=subject % {"id": request.pk, "due": due}, body=body, url=_url(request))


def _decide_notice(request: RepairRequest, stage: str) -> Notice:
    due = request.decide_due_on.isoformat() if request.decide_due_on else ""
    if stage == Stage.REMINDER:
        subject = _("Credit repair request %(id)s: the decision is due on %(due)s")
    else:
        subject = _("Credit repair request %(id)s: the decision is overdue (due %(due)s)")
    body = _("A credit repair request is decided within 10 working days of filing.")
    return Notice(subject=subject % {"id": request.pk, "due": due}, body=body, url=_url(request))


def _tomorrows_workday(today: dt.date) -> dt.date | None:
    """The acceptance reminder covers deadlines up to the next working day."""
    return due_date_or_none(today, 1)


def _awaiting_acceptance() -> Any:
    return RepairRequest.objects.filter(status=RepairStatus.SUBMITTED)


def _awaiting_decision() -> Any:
    return RepairRequest.objects.open()


ACCEPT_CLOCK = Clock(
    name=ACCEPT_CLOCK_NAME,
    open_items=_awaiting_acceptance,
    recipients=_recipients,
    notice=_accept_notice,
    due_field="accept_due_on",
    remind_days=1,
    remind_until=_tomorrows_workday,
)
DECIDE_CLOCK = Clock(
    name=DECIDE_CLOCK_NAME,
    open_items=_awaiting_decision,
    recipients=_recipients,
    notice=_decide_notice,
    due_field="decide_due_on",
    remind_field="decide_remind_on",
)


def repair_sweep(*, today: dt.date) -> dict[str, dict[str, int]]:
    return {"accept": clock_sweep(ACCEPT_CLOCK, today=today), "decide": clock_sweep(DECIDE_CLOCK, today=today)}
