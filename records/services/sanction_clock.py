"""The sanction clock (docs/deadlines.md, "Sanctions"): the written explanation and the
rectification a sanction sets are due by the date it names.

A `core.services.clocks.Clock`: the agency's clerks and reviewers are reminded
`SANCTION_REMINDER_WORKDAYS` working days before the due date, and the credit office (with
the agency's reviewers) is alerted once when it passes without completion. Each stage is
claimed as a `ClockAlert` before it is sent, so a second run sends nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from core.models import User
from core.roles import Role
from core.selectors import due_date_or_none
from core.services.audit import audit_record
from core.services.clocks import Clock, Notice, Stage, clock_sweep
from core.services.notifications import credit_office_users
from records.models import Sanction
from records.services.notices import agency_users


def _recipients(sanction: Sanction, stage: str) -> list[User]:
    if stage == Stage.REMINDER:
        return agency_users(sanction.agency_id, [Role.CLERK, Role.REVIEWER])
    office = credit_office_users()
    return office + [u for u in agency_users(sanction.agency_id, [Role.REVIEWER]) if u not in office]


def _notice(sanction: Sanction, stage: str) -> Notice:
    url = reverse("admin:records_sanction_change", args=[sanction.pk])
    words = {
        "kind": sanction.get_kind_display(),
        "due": sanction.due_on.isoformat() if sanction.due_on else "",
        "agency": str(sanction.agency),
        "record": str(sanction.record),
    }
    if stage == Stage.REMINDER:
        return Notice(
            subject=_("Due by %(due)s: %(kind)s (%(agency)s)") % words,
            body=_("The %(kind)s set on the record %(record)s is due by %(due)s.") % words,
            url=url,
        )
    return Notice(
        subject=_("Missed: %(kind)s due %(due)s (%(agency)s)") % words,
        body=_("The %(kind)s set on the record %(record)s was due by %(due)s and is not done.") % words,
        url=url,
    )


def _overdue(sanction: Sanction) -> None:
    audit_record(
        action="records.sanction.overdue",
        obj=sanction,
        from_state="pending",
        to_state="overdue",
        data={"due_on": sanction.due_on.isoformat() if sanction.due_on else None, "record_id": sanction.record_id},
    )


def _remind_until(today: dt.date) -> dt.date | None:
    return due_date_or_none(today, settings.SANCTION_REMINDER_WORKDAYS)


def _open_sanctions() -> Any:
    return Sanction.objects.clock_running().select_related("agency", "record")


SANCTION_CLOCK = Clock(
    name="records.sanction_due",
    open_items=_open_sanctions,
    recipients=_recipients,
    notice=_notice,
    remind_days=lambda: settings.SANCTION_REMINDER_WORKDAYS,
    remind_until=_remind_until,
    on_overdue=_overdue,
)


def sanction_sweep(*, today: dt.date) -> dict[str, int]:
    sent = clock_sweep(SANCTION_CLOCK, today=today)
    return {"reminders": sent[Stage.REMINDER], "overdue": sent[Stage.OVERDUE]}
