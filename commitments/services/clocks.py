"""The commitments' clocks (docs/deadlines.md): publication within 7 working days of the day
a commitment is made, and the due dates of the milestones of published commitments.

Both are `core.services.clocks.Clock`s: one reminder, then one overdue alert per item, each
claimed once. A publication that misses its due date is an integrity fact against the agency
(records.services.facts), like a late administrative action.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments.models import Commitment, Milestone
from core.models import User
from core.selectors import DatabaseCalendar, due_date_or_none
from core.services.audit import audit_record
from core.services.clocks import Clock, Notice, Stage, clock_sweep
from core.services.notifications import agency_staff_users, credit_office_users
from records.services.facts import Kind as FactKind
from records.services.facts import integrity_fact_record

# The earliest date a commitment can have been made (the founding; an earlier year is a typo).
EARLIEST = dt.date(1949, 10, 1)


def publication_days() -> int:
    return int(settings.COMMITMENT_PUBLICATION_DAYS)


def publication_due(commitment: Commitment, calendar: DatabaseCalendar | None = None) -> dt.date | None:
    """The day made + N working days; None while the calendar does not cover it."""
    if commitment.made_on is None:
        return None
    return due_date_or_none(commitment.made_on, publication_days(), calendar)


def stamp_due(commitment: Commitment) -> None:
    made = commitment.made_on
    # A date out of range is reported by check_commitment; there is nothing to count from
    # (and year 9999 would overflow the arithmetic).
    valid = made is not None and EARLIEST <= made <= timezone.localdate()
    commitment.due_on = publication_due(commitment) if valid else None


def recompute_publication_due(first: dt.date, last: dt.date) -> int:
    """The calendar changed between first and last: re-derive the open clocks it can affect."""
    affected = Commitment.objects.open().filter(made_on__lt=last).filter(Q(due_on__isnull=True) | Q(due_on__gte=first))
    changed = 0
    for commitment in affected.only("id", "made_on", "due_on"):
        due = publication_due(commitment)
        if due != commitment.due_on:
            Commitment.objects.filter(pk=commitment.pk).update(due_on=due)
            changed += 1
    return changed


def record_late_publication(commitment: Commitment, *, occurred_on: dt.date) -> None:
    """A missed publication clock is a government-integrity fact (plan item 16)."""
    integrity_fact_record(
        agency_id=commitment.agency_id,
        kind=FactKind.LATE_PUBLICATION,
        obj=commitment,
        occurred_on=occurred_on,
        details={"due_on": commitment.due_on.isoformat() if commitment.due_on else None},
    )


def _change_url(commitment_id: int) -> str:
    return reverse("admin:commitments_commitment_change", args=[commitment_id])


# --- publication ---


def _publication_recipients(commitment: Commitment, stage: str) -> list[User]:
    staff = agency_staff_users(commitment.agency_id)
    return staff if stage == Stage.REMINDER else staff + credit_office_users()


def _publication_notice(commitment: Commitment, stage: str) -> Notice:
    words = {"title": commitment.title, "due": commitment.due_on, "agency": commitment.agency}
    if stage == Stage.REMINDER:
        return Notice(
            subject=_("Publish the commitment by %(due)s: %(title)s") % words,
            body=_("A commitment must be published within %(days)s working days of being made, by %(due)s.")
            % {**words, "days": publication_days()},
            url=_change_url(commitment.pk),
        )
    return Notice(
        subject=_("Overdue commitment publication: %(agency)s, %(title)s") % words,
        body=_("Due %(due)s, not yet published.") % words,
        url=_change_url(commitment.pk),
    )


def _publication_overdue(commitment: Commitment) -> None:
    assert commitment.due_on is not None  # the clock only selects commitments with a due date
    audit_record(
        action="commitments.commitment.overdue",
        obj=commitment,
        from_state=commitment.status,
        to_state=commitment.status,
        data={"due_on": commitment.due_on.isoformat()},
    )
    record_late_publication(commitment, occurred_on=commitment.due_on + dt.timedelta(days=1))


def _open_commitments() -> Any:
    return Commitment.objects.open().select_related("agency")


PUBLICATION_CLOCK = Clock(
    name="commitments.publication",
    open_items=_open_commitments,
    recipients=_publication_recipients,
    notice=_publication_notice,
    remind_days=lambda: settings.COMMITMENT_REMINDER_DAYS,
    on_overdue=_publication_overdue,
)


# --- milestones ---


def _milestone_recipients(milestone: Milestone, stage: str) -> list[User]:
    staff = agency_staff_users(milestone.commitment.agency_id)
    return staff if stage == Stage.REMINDER else staff + credit_office_users()


def _milestone_notice(milestone: Milestone, stage: str) -> Notice:
    words = {"milestone": milestone.title, "title": milestone.commitment.title, "due": milestone.due_on}
    if stage == Stage.REMINDER:
        return Notice(
            subject=_("Milestone due %(due)s: %(milestone)s") % words,
            body=_("The milestone “%(milestone)s” of the commitment “%(title)s” is due on %(due)s.") % words,
            url=_change_url(milestone.commitment_id),
        )
    return Notice(
        subject=_("Overdue milestone: %(milestone)s") % words,
        body=_(
            "The milestone “%(milestone)s” of the commitment “%(title)s” was due on %(due)s and is not reported reached."
        )
        % words,
        url=_change_url(milestone.commitment_id),
    )


def _milestone_overdue(milestone: Milestone) -> None:
    audit_record(
        action="commitments.milestone.overdue",
        obj=milestone.commitment,
        data={"milestone_id": milestone.pk, "due_on": milestone.due_on.isoformat()},
    )


def _open_milestones() -> Any:
    return Milestone.objects.open().select_related("commitment", "commitment__agency")


MILESTONE_CLOCK = Clock(
    name="commitments.milestone",
    open_items=_open_milestones,
    recipients=_milestone_recipients,
    notice=_milestone_notice,
    remind_days=lambda: settings.COMMITMENT_MILESTONE_REMINDER_DAYS,
    on_overdue=_milestone_overdue,
)


def publication_sweep(*, today: dt.date) -> dict[str, int]:
    sent = clock_sweep(PUBLICATION_CLOCK, today=today)
    return {"reminders": sent[Stage.REMINDER], "overdue": sent[Stage.OVERDUE]}


def milestone_sweep(*, today: dt.date) -> dict[str, int]:
    sent = clock_sweep(MILESTONE_CLOCK, today=today)
    return {"reminders": sent[Stage.REMINDER], "overdue": sent[Stage.OVERDUE]}
