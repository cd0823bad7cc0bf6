"""The sanction clock: a reminder N working days before an explanation or rectification is
due, one alert to the credit office when it is missed; each once, however often it runs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from core.models import Agency, AuditEvent, ClockAlert, Notification, User
from records.models import CreditRecord, Sanction
from records.services.records import record_create
from records.services.sanction_clock import sanction_sweep
from records.services.sanctions import sanction_create, sanction_update, sanctions_lift
from records.tasks import sanction_sweep as sanction_sweep_task
from tests.records.conftest import agency_record_data, published_record, sanction_data

pytestmark = pytest.mark.django_db

# Tuesday before National Day 2026: three working days on are 30 Sep, 8 Oct and 9 Oct.
TUESDAY = dt.date(2026, 9, 29)
THREE_WORKDAYS_ON = dt.date(2026, 10, 9)


@pytest.fixture(autouse=True)
def _on_tuesday(settings: Any) -> Iterator[None]:
    settings.SANCTION_REMINDER_WORKDAYS = 3
    with time_machine.travel(dt.datetime(2026, 9, 29, 9, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        yield


@pytest.fixture
def record(clerk_a: User, reviewer_a: User, agency_a: Agency) -> CreditRecord:
    return published_record(clerk_a, reviewer_a, agency_record_data(agency_a))


def due(clerk: User, record: CreditRecord, on: dt.date, kind: str = "rectification") -> Sanction:
    return sanction_create(actor=clerk, data=sanction_data(record, kind, due_on=on))


def told(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def test_reminds_the_agencys_clerks_and_reviewers_three_working_days_ahead_once(
    clerk_a: User, reviewer_a: User, clerk_b: User, record: CreditRecord
) -> None:
    on_time = due(clerk_a, record, THREE_WORKDAYS_ON)
    due(clerk_a, record, THREE_WORKDAYS_ON + dt.timedelta(days=3), kind="explanation")  # 4 working days: not yet
    assert sanction_sweep(today=TUESDAY) == {"reminders": 1, "overdue": 0}
    assert told("records.sanction_due.reminder") == {"clerk_a", "reviewer_a"}
    assert sanction_sweep(today=TUESDAY) == {"reminders": 0, "overdue": 0}
    assert Notification.objects.filter(kind="records.sanction_due.reminder").count() == 2
    assert ClockAlert.objects.get(stage="reminder").object_id == on_time.pk


def test_a_missed_deadline_alerts_the_credit_office_once(
    clerk_a: User, reviewer_a: User, credit_office: User, record: CreditRecord
) -> None:
    sanction = due(clerk_a, record, THREE_WORKDAYS_ON, kind="explanation")
    day_after = THREE_WORKDAYS_ON + dt.timedelta(days=1)
    assert sanction_sweep(today=THREE_WORKDAYS_ON) == {"reminders": 1, "overdue": 0}  # on the day: still on time
    assert sanction_sweep(today=day_after) == {"reminders": 0, "overdue": 1}
    assert told("records.sanction_due.overdue") == {"office", "reviewer_a"}
    for later in (day_after, day_after + dt.timedelta(days=5)):
        assert sanction_sweep(today=later) == {"reminders": 0, "overdue": 0}
    assert Notification.objects.filter(kind="records.sanction_due.overdue").count() == 2
    assert AuditEvent.objects.filter(action="records.sanction.overdue", object_id=str(sanction.pk)).count() == 1


def test_done_lifted_or_unpublished_sanctions_are_not_chased(
    clerk_a: User, credit_office: User, agency_a: Agency, record: CreditRecord
) -> None:
    done = due(clerk_a, record, TUESDAY)
    sanction_update(sanction=done, actor=clerk_a, data={"kind": "explanation", "completed_on": TUESDAY}, version=1)
    draft = record_create(actor=clerk_a, data=agency_record_data(agency_a))
    due(clerk_a, draft, TUESDAY)
    other = published_record(clerk_a, credit_office, agency_record_data(agency_a))
    due(clerk_a, other, TUESDAY)
    from django.db import transaction

    with transaction.atomic():
        sanctions_lift(record=other, reason="信用修复")
    award = sanction_create(actor=clerk_a, data=sanction_data(record, "award_ineligibility"))
    assert award.due_on is None
    assert sanction_sweep(today=TUESDAY + dt.timedelta(days=30)) == {"reminders": 0, "overdue": 0}
    assert not Notification.objects.filter(kind__startswith="records.sanction_due").exists()


def test_the_beat_task_runs_the_sweep_for_today(clerk_a: User, record: CreditRecord) -> None:
    due(clerk_a, record, TUESDAY)
    assert sanction_sweep_task() == {"reminders": 1, "overdue": 0}
    assert sanction_sweep_task() == {"reminders": 0, "overdue": 0}
