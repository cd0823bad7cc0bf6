"""The commitments' clocks on frozen time: publication within 7 working days of the day made,
and the milestones of published commitments; each reminded once and alerted once."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from commitments.models import Commitment, Milestone
from commitments.services.clocks import milestone_sweep, publication_sweep
from commitments.services.commitments import commitment_create, commitment_move
from commitments.services.progress import progress_add
from commitments.tasks import milestone_sweep as milestone_task
from core.models import Agency, AuditEvent, CivilServant, Notification, User
from core.services.calendar import calendar_day_update
from integrity.lib.workdays import DayKind
from records.models import CreditRecord, IntegrityFact
from tests.commitments.conftest import commitment_data, make_commitment

pytestmark = pytest.mark.django_db

D = dt.date.fromisoformat
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(stamp: str) -> dt.datetime:
    return dt.datetime.fromisoformat(stamp).replace(tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("made", "due"),
    [
        ("2026-09-30", "2026-10-15"),  # across the National Day holiday and the make-up Saturday 10 Oct
        ("2026-11-02", "2026-11-11"),  # an ordinary week
    ],
)
def test_publication_is_due_seven_working_days_after_the_day_made(
    clerk_a: User, agency_a: Agency, person_a: CivilServant, made: str, due: str
) -> None:
    with time_machine.travel(at("2026-11-20 09:00")):
        c = make_commitment(clerk_a, agency_a, person_a, made_on=D(made), with_parts=False)
    assert Commitment.objects.get(pk=c.pk).due_on == D(due)


def test_a_calendar_edit_moves_an_open_due_date(
    clerk_a: User, credit_office: User, agency_a: Agency, person_a: CivilServant
) -> None:
    with time_machine.travel(at("2026-11-03 09:00")):
        c = make_commitment(clerk_a, agency_a, person_a, made_on=D("2026-11-02"), with_parts=False)
        assert c.due_on == D("2026-11-11")
        calendar_day_update(actor=credit_office, date=D("2026-11-05"), kind=DayKind.HOLIDAY, note="测试调休")
    assert Commitment.objects.get(pk=c.pk).due_on == D("2026-11-12")


def test_the_publication_clock_reminds_once_then_alerts_once_and_files_the_fact(
    clerk_a: User, reviewer_a: User, credit_office: User, agency_a: Agency, person_a: CivilServant
) -> None:
    with time_machine.travel(at("2026-11-02 09:00")):
        c = make_commitment(clerk_a, agency_a, person_a, made_on=D("2026-11-02"), with_parts=False)
    assert c.due_on == D("2026-11-11")
    assert publication_sweep(today=D("2026-11-05")) == {"reminders": 0, "overdue": 0}
    assert publication_sweep(today=D("2026-11-09")) == {"reminders": 1, "overdue": 0}
    assert publication_sweep(today=D("2026-11-10")) == {"reminders": 0, "overdue": 0}
    reminded = set(
        Notification.objects.filter(kind="commitments.publication.reminder").values_list("recipient", flat=True)
    )
    assert reminded == {clerk_a.pk, reviewer_a.pk}
    assert publication_sweep(today=D("2026-11-12")) == {"reminders": 0, "overdue": 1}
    assert publication_sweep(today=D("2026-11-20")) == {"reminders": 0, "overdue": 0}
    alerted = set(
        Notification.objects.filter(kind="commitments.publication.overdue").values_list("recipient", flat=True)
    )
    assert alerted == {clerk_a.pk, reviewer_a.pk, credit_office.pk}
    fact = IntegrityFact.objects.get(object_type="commitments.commitment", object_id=str(c.pk))
    assert (fact.kind, fact.occurred_on) == ("late_publication", D("2026-11-12"))
    assert CreditRecord.objects.automatic().filter(subject_agency=agency_a).count() == 1
    assert AuditEvent.objects.filter(action="commitments.commitment.overdue").count() == 1


def test_a_published_commitment_is_not_on_the_publication_clock(
    clerk_a: User, reviewer_a: User, agency_a: Agency, person_a: CivilServant
) -> None:
    with time_machine.travel(at("2026-11-02 09:00")):
        c = make_commitment(clerk_a, agency_a, person_a, made_on=D("2026-11-02"), with_parts=False)
        commitment_move(c, move="submit", actor=clerk_a)
        commitment_move(c, move="publish", actor=reviewer_a)
    assert publication_sweep(today=D("2026-11-20")) == {"reminders": 0, "overdue": 0}
    assert not IntegrityFact.objects.exists()


def _published_with_milestone(clerk: User, reviewer: User, agency: Agency, person: CivilServant) -> Commitment:
    with time_machine.travel(at("2026-10-12 09:00")):
        c = commitment_create(
            actor=clerk,
            data=commitment_data(agency, person, made_on=D("2026-10-12")),
            parts={"milestones": [{"title": "完成土地供应", "due_on": D("2026-11-20")}]},
        )
        commitment_move(c, move="submit", actor=clerk)
        commitment_move(c, move="publish", actor=reviewer)
    return c


def test_a_milestone_is_reminded_once_then_alerted_once(
    clerk_a: User, reviewer_a: User, credit_office: User, agency_a: Agency, person_a: CivilServant
) -> None:
    c = _published_with_milestone(clerk_a, reviewer_a, agency_a, person_a)
    assert milestone_sweep(today=D("2026-11-10")) == {"reminders": 0, "overdue": 0}
    assert milestone_sweep(today=D("2026-11-16")) == {"reminders": 1, "overdue": 0}  # 5 days before
    assert milestone_sweep(today=D("2026-11-18")) == {"reminders": 0, "overdue": 0}
    assert milestone_sweep(today=D("2026-11-21")) == {"reminders": 0, "overdue": 1}
    assert milestone_sweep(today=D("2026-11-30")) == {"reminders": 0, "overdue": 0}
    alerted = set(Notification.objects.filter(kind="commitments.milestone.overdue").values_list("recipient", flat=True))
    assert alerted == {clerk_a.pk, reviewer_a.pk, credit_office.pk}
    event = AuditEvent.objects.get(action="commitments.milestone.overdue")
    assert event.object_id == str(c.pk)


def test_a_reached_milestone_is_not_alerted(
    clerk_a: User, reviewer_a: User, agency_a: Agency, person_a: CivilServant
) -> None:
    c = _published_with_milestone(clerk_a, reviewer_a, agency_a, person_a)
    milestone = Milestone.objects.get(commitment=c)
    with time_machine.travel(at("2026-11-19 10:00")):
        progress_add(
            actor=clerk_a,
            data={
                "commitment": c,
                "reported_on": D("2026-11-19"),
                "description": "土地已挂牌出让",
                "milestone": milestone,
            },
        )
    assert milestone_sweep(today=D("2026-11-25")) == {"reminders": 0, "overdue": 0}


def test_milestones_of_a_settled_commitment_are_not_alerted(
    clerk_a: User, reviewer_a: User, agency_a: Agency, person_a: CivilServant
) -> None:
    from commitments.services.fulfilment import commitment_fulfil

    c = _published_with_milestone(clerk_a, reviewer_a, agency_a, person_a)
    with time_machine.travel(at("2026-11-02 10:00")):
        commitment_fulfil(commitment=c, actor=reviewer_a, on=D("2026-11-02"), note="提前完成")
    assert milestone_sweep(today=D("2026-11-25")) == {"reminders": 0, "overdue": 0}


def test_the_celery_task_runs_the_sweep_for_today(
    clerk_a: User, reviewer_a: User, agency_a: Agency, person_a: CivilServant
) -> None:
    _published_with_milestone(clerk_a, reviewer_a, agency_a, person_a)
    with time_machine.travel(at("2026-11-23 07:30")):
        assert milestone_task.delay().get() == {"reminders": 0, "overdue": 1}
