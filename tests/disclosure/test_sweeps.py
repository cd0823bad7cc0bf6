"""`publication_sweep` (core's generic clock sweep on the publication clock): one reminder
before the due date, one overdue alert after it, and the missed deadline recorded as an
integrity fact."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from core.models import Agency, AuditEvent, ClockAlert, Notification, User
from core.workflow import Status
from disclosure import tasks
from disclosure.models import AdministrativeAction
from disclosure.services.sweeps import PUBLICATION_CLOCK, publication_sweep
from records.models import IntegrityFact
from tests.disclosure.conftest import ActionFactory

pytestmark = pytest.mark.django_db

D = dt.date.fromisoformat


@pytest.fixture
def open_action(
    agency_a: Agency, clerk_a: User, reviewer_a: User, clerk_b: User, credit_office: User
) -> AdministrativeAction:
    """Submitted, decided 30 Sep 2026, due 15 Oct 2026; every persona exists."""
    with time_machine.travel(dt.datetime(2026, 10, 1, 9, tzinfo=ZoneInfo("Asia/Shanghai"))):
        action = ActionFactory.create(agency=agency_a, decision_date=D("2026-09-30"), status=Status.SUBMITTED)
    assert action.due_on == D("2026-10-15")
    return action


def alerts(action: AdministrativeAction, stage: str) -> QuerySet[ClockAlert]:
    content_type = ContentType.objects.get_for_model(AdministrativeAction)
    return ClockAlert.objects.filter(
        clock=PUBLICATION_CLOCK.name, content_type=content_type, object_id=action.pk, stage=stage
    )


def notices(kind: str) -> Counter[str]:
    return Counter(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def test_nothing_is_sent_before_the_reminder_window(open_action: AdministrativeAction) -> None:
    assert publication_sweep(today=D("2026-10-12")) == {"reminders": 0, "overdue": 0}
    assert not Notification.objects.exists()


def test_the_reminder_goes_once_to_the_agencys_clerks_and_reviewers(open_action: AdministrativeAction) -> None:
    assert publication_sweep(today=D("2026-10-13")) == {"reminders": 1, "overdue": 0}
    assert publication_sweep(today=D("2026-10-14")) == {"reminders": 0, "overdue": 0}
    assert notices("disclosure.publication.reminder") == {"clerk_a": 1, "reviewer_a": 1}
    assert alerts(open_action, "reminder").count() == 1


def test_the_due_day_itself_is_not_overdue(open_action: AdministrativeAction) -> None:
    assert publication_sweep(today=D("2026-10-15"))["overdue"] == 0


def test_the_overdue_alert_goes_once_to_the_agency_and_the_credit_office_and_is_audited(
    open_action: AdministrativeAction,
) -> None:
    assert publication_sweep(today=D("2026-10-16")) == {"reminders": 0, "overdue": 1}
    assert publication_sweep(today=D("2026-10-17")) == {"reminders": 0, "overdue": 0}
    assert notices("disclosure.publication.overdue") == {"clerk_a": 1, "reviewer_a": 1, "office": 1}
    event = AuditEvent.objects.get(action="disclosure.administrativeaction.overdue")
    assert (event.object_id, event.from_state, event.to_state) == (
        str(open_action.pk),
        Status.SUBMITTED,
        Status.SUBMITTED,
    )
    assert event.data == {"due_on": "2026-10-15"}
    # The missed deadline counts against the agency (plan item 16), once.
    fact = IntegrityFact.objects.get()
    assert (fact.agency_id, fact.kind, fact.object_id, fact.occurred_on) == (
        open_action.agency_id,
        IntegrityFact.Kind.LATE_PUBLICATION,
        str(open_action.pk),
        D("2026-10-16"),
    )


def test_a_published_action_gets_no_alert(agency_a: Agency, clerk_a: User) -> None:
    with time_machine.travel(dt.datetime(2026, 10, 1, 9, tzinfo=ZoneInfo("Asia/Shanghai"))):
        ActionFactory.create(agency=agency_a, decision_date=D("2026-09-30"), published=True)
    assert publication_sweep(today=D("2026-10-20")) == {"reminders": 0, "overdue": 0}
    assert not Notification.objects.exists()


def test_an_action_pending_calendar_gets_no_alert(agency_a: Agency, clerk_a: User) -> None:
    ActionFactory.create(agency=agency_a, status=Status.SUBMITTED, due_on=None)
    AdministrativeAction.objects.update(due_on=None)
    assert publication_sweep(today=D("2026-12-31")) == {"reminders": 0, "overdue": 0}


def test_the_celery_task_runs_the_sweep_for_today(open_action: AdministrativeAction) -> None:
    with time_machine.travel(dt.datetime(2026, 10, 16, 8, tzinfo=ZoneInfo("Asia/Shanghai"))):
        result = tasks.publication_sweep.delay().get()
    assert result == {"reminders": 0, "overdue": 1}
    assert tasks.publication_sweep.name == "disclosure.publication_sweep"


def test_a_second_alert_row_for_the_same_stage_is_refused_by_the_database(open_action: AdministrativeAction) -> None:
    from django.db import IntegrityError, transaction

    content_type = ContentType.objects.get_for_model(AdministrativeAction)
    fields = {"clock": PUBLICATION_CLOCK.name, "content_type": content_type, "object_id": open_action.pk}
    ClockAlert.objects.create(**fields, stage=ClockAlert.Stage.REMINDER)
    with pytest.raises(IntegrityError), transaction.atomic():
        ClockAlert.objects.create(**fields, stage=ClockAlert.Stage.REMINDER)
    # A claimed stage is not sent again by the sweep.
    assert publication_sweep(today=D("2026-10-13")) == {"reminders": 0, "overdue": 0}


def test_publishing_after_the_due_date_records_the_missed_deadline_once(
    open_action: AdministrativeAction, reviewer_a: User
) -> None:
    from disclosure.services.actions import action_publish

    with time_machine.travel(dt.datetime(2026, 10, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai"))):
        action_publish(action=open_action, actor=reviewer_a)
    fact = IntegrityFact.objects.get()
    assert (fact.kind, fact.object_id, fact.occurred_on) == (
        IntegrityFact.Kind.LATE_PUBLICATION,
        str(open_action.pk),
        D("2026-10-16"),
    )
