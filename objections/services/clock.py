"""The 10-working-day answer clock of objections (plan item 9; docs/deadlines.md).

Due date: the filing date + ``OBJECTION_ANSWER_DAYS`` working days (the filing day not
counted), stored when the objection is filed; NULL while the calendar does not cover it
(「待节假日安排公布」) and filled in when the year is loaded (`recompute_objection_due`, a
calendar recomputer). The one reminder goes out ``OBJECTION_REMINDER_WORKDAYS`` working days
before the due date (stored as ``remind_on``); the day after the due date the overdue stage
escalates to the credit office and records the missed answer as an integrity fact.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from core.models import User
from core.roles import Role
from core.selectors import DatabaseCalendar, due_date_or_none
from core.services.clocks import Clock, Notice, Stage, clock_sweep
from core.services.notifications import credit_office_users
from integrity.lib.workdays import CalendarNotCovered
from objections.models import Objection
from records.models import IntegrityFact
from records.services.facts import integrity_fact_record

CLOCK_NAME = "objections.answer"


def answer_days() -> int:
    return int(settings.OBJECTION_ANSWER_DAYS)


def workdays_before(day: dt.date, n: int, calendar: DatabaseCalendar) -> dt.date | None:
    """The working day ``n`` working days before ``day`` (None if that reaches an uncovered year)."""
    current, counted = day, 0
    try:
        while counted < n:
            current -= dt.timedelta(days=1)
            if calendar.day(current).is_workday:
                counted += 1
    except CalendarNotCovered:
        return None
    return current


def answer_due(filed_on: dt.date, calendar: DatabaseCalendar | None = None) -> tuple[dt.date | None, dt.date | None]:
    """(due_on, remind_on) for an objection filed on ``filed_on``."""
    calendar = calendar or DatabaseCalendar()
    due = due_date_or_none(filed_on, answer_days(), calendar)
    if due is None:
        return None, None
    remind = workdays_before(due, int(settings.OBJECTION_REMINDER_WORKDAYS), calendar)
    return due, max(remind, filed_on) if remind else filed_on


def recompute_objection_due(first: dt.date, last: dt.date) -> int:
    """A calendar change between ``first`` and ``last``: re-derive the open objections' dates it
    can affect (filed before the change and due on or after it, or with no due date yet)."""
    affected = (
        Objection.objects.open()
        .filter(filed_on__lt=last)
        .filter(Q(due_on__isnull=True) | Q(due_on__gte=first))
        .only("id", "filed_on", "due_on", "remind_on")
    )
    calendar = DatabaseCalendar()
    changed = 0
    for objection in affected:
        due, remind = answer_due(objection.filed_on, calendar)
        if (due, remind) != (objection.due_on, objection.remind_on):
            Objection.objects.filter(pk=objection.pk).update(due_on=due, remind_on=remind)
            changed += 1
    return changed


def agency_reviewers(agency_id: int) -> list[User]:
    """Who answers the objections of an agency: its active reviewers."""
    return list(
        User.objects.filter(
            agency_id=agency_id, agency__is_active=True, is_active=True, is_staff=True, groups__name=Role.REVIEWER.value
        ).distinct()
    )


def _recipients(objection: Objection, stage: str) -> list[User]:
    reviewers = agency_reviewers(objection.agency_id)
    if stage == Stage.OVERDUE:
        return reviewers + [u for u in credit_office_users() if u not in reviewers]
    return reviewers


def _notice(objection: Objection, stage: str) -> Notice:
    url = reverse("admin:objections_objection_change", args=[objection.pk])
    due = objection.due_on.isoformat() if objection.due_on else ""
    if stage == Stage.REMINDER:
        return Notice(
            subject=_("Objection %(code)s: the answer is due on %(due)s") % {"code": objection.query_code, "due": due},
            body=_("Answer the objection in writing by %(due)s (10 working days from filing).") % {"due": due},
            url=url,
        )
    return Notice(
        subject=_("Objection %(code)s: the answer is overdue (due %(due)s)")
        % {"code": objection.query_code, "due": due},
        body=_(
            "The 10-working-day answer deadline has passed. The missed deadline is recorded in the agency's "
            "integrity file; answer the objection now."
        ),
        url=url,
    )


def record_missed_answer(objection: Objection) -> None:
    """The missed answer deadline, once, in the providing agency's file (plan items 9 and 16)."""
    assert objection.due_on is not None
    integrity_fact_record(
        agency_id=objection.agency_id,
        kind=IntegrityFact.Kind.LATE_OBJECTION_ANSWER,
        obj=objection,
        occurred_on=objection.due_on + dt.timedelta(days=1),
        details={"query_code": objection.query_code, "due_on": objection.due_on.isoformat()},
    )


def _open_objections() -> Any:
    return Objection.objects.open().select_related("agency")


ANSWER_CLOCK = Clock(
    name=CLOCK_NAME,
    open_items=_open_objections,
    recipients=_recipients,
    notice=_notice,
    remind_field="remind_on",
    on_overdue=record_missed_answer,
)


def objection_sweep(*, today: dt.date) -> dict[str, int]:
    return clock_sweep(ANSWER_CLOCK, today=today)
