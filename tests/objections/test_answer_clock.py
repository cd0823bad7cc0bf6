"""The 10-working-day answer clock: due dates across National Day 2026 and its make-up
Saturday, across the end of the covered calendar, one reminder two working days before, one
escalation to the credit office and one integrity fact when the due date passes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from core.models import CivilServant, Notification, User
from core.services.calendar import calendar_load_year
from integrity.lib.workdays import Day, DayKind
from objections.models import Objection, Outcome
from objections.services.clock import answer_due, objection_sweep
from objections.services.objections import objection_answer
from records.models import CreditRecord, IntegrityFact
from tests.objections.conftest import at, file_objection

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("filed", "due", "remind"),
    [
        # Mid-Autumn (25 Sep) and National Day (1-7 Oct) skipped, the make-up Saturday 10 Oct counted.
        (dt.date(2026, 9, 24), dt.date(2026, 10, 15), dt.date(2026, 10, 13)),
        (dt.date(2026, 9, 30), dt.date(2026, 10, 20), dt.date(2026, 10, 16)),
        # Filed on the make-up Saturday: counted from the next working day.
        (dt.date(2026, 10, 10), dt.date(2026, 10, 23), dt.date(2026, 10, 21)),
        # An ordinary fortnight.
        (dt.date(2026, 11, 2), dt.date(2026, 11, 16), dt.date(2026, 11, 12)),
    ],
)
def test_the_due_date_counts_working_days_of_the_calendar(filed: dt.date, due: dt.date, remind: dt.date) -> None:
    assert answer_due(filed) == (due, remind)


def test_the_reminder_before_a_make_up_saturday_due_date_counts_it(db: None) -> None:
    # Due Mon 12 Oct: two working days before are Sat 10 Oct (make-up) and Fri 9 Oct.
    due, remind = answer_due(dt.date(2026, 9, 21))
    assert (due, remind) == (dt.date(2026, 10, 12), dt.date(2026, 10, 9))


def test_across_the_end_of_the_calendar_no_date_is_guessed_until_the_year_is_loaded(
    civil_servant: CivilServant, own_record: CreditRecord
) -> None:
    objection = file_objection(civil_servant, own_record, dt.date(2026, 12, 24))
    assert objection.due_on is None and objection.remind_on is None
    with at(dt.date(2027, 1, 20)):
        assert objection_sweep(today=dt.date(2027, 1, 20)) == {"reminder": 0, "overdue": 0}
    with transaction.atomic():
        calendar_load_year(
            year=2027,
            special_days=[Day(dt.date(2027, 1, 1), DayKind.HOLIDAY, "元旦")],
            source="国办发明电〔2026〕测试号",
        )
    objection.refresh_from_db()
    # 25, 28-31 Dec (5), then 4-8 Jan 2027 (1 Jan a holiday): the 10th is Fri 8 Jan.
    assert objection.due_on == dt.date(2027, 1, 8)
    assert objection.remind_on == dt.date(2027, 1, 6)


def test_one_reminder_two_working_days_before_then_one_escalation_and_one_fact(
    civil_servant: CivilServant, own_record: CreditRecord, reviewer_a: User, credit_office: User
) -> None:
    objection = file_objection(civil_servant, own_record, dt.date(2026, 9, 24))  # due 15 Oct
    assert objection_sweep(today=dt.date(2026, 10, 12)) == {"reminder": 0, "overdue": 0}
    assert objection_sweep(today=dt.date(2026, 10, 13)) == {"reminder": 1, "overdue": 0}
    assert objection_sweep(today=dt.date(2026, 10, 14)) == {"reminder": 0, "overdue": 0}
    assert objection_sweep(today=dt.date(2026, 10, 15)) == {"reminder": 0, "overdue": 0}  # due today: on time
    reminders = Notification.objects.filter(kind="objections.answer.reminder")
    assert list(reminders.values_list("recipient__username", flat=True)) == ["reviewer_a"]
    assert objection_sweep(today=dt.date(2026, 10, 16)) == {"reminder": 0, "overdue": 1}
    assert objection_sweep(today=dt.date(2026, 10, 17)) == {"reminder": 0, "overdue": 0}
    overdue = Notification.objects.filter(kind="objections.answer.overdue")
    assert set(overdue.values_list("recipient__username", flat=True)) == {"reviewer_a", "office"}
    fact = IntegrityFact.objects.get(kind="late_objection_answer")
    assert fact.object_id == str(objection.pk) and fact.occurred_on == dt.date(2026, 10, 16)
    assert fact.credit_record.subject_agency_id == objection.agency_id  # in the provider agency's file
    assert list(Objection.objects.overdue(dt.date(2026, 10, 16))) == [objection]


def test_an_answered_objection_is_not_reminded(
    civil_servant: CivilServant, own_record: CreditRecord, reviewer_a: User
) -> None:
    objection = file_objection(civil_servant, own_record, dt.date(2026, 9, 24))
    with at(dt.date(2026, 10, 9)):
        objection_answer(objection=objection, actor=reviewer_a, outcome=Outcome.UPHELD, reply="依据充分，予以维持。")
    assert objection_sweep(today=dt.date(2026, 10, 13)) == {"reminder": 0, "overdue": 0}
    assert objection_sweep(today=dt.date(2026, 10, 20)) == {"reminder": 0, "overdue": 0}
    assert not IntegrityFact.objects.exists()
    assert not Objection.objects.overdue(dt.date(2026, 10, 20)).exists()


def test_the_sweep_task_has_its_public_name() -> None:
    from objections.tasks import answer_sweep

    assert answer_sweep.name == "objections.answer_sweep"


def test_a_calendar_day_made_a_holiday_moves_the_open_due_date(
    civil_servant: CivilServant, own_record: CreditRecord, credit_office: User
) -> None:
    from core.services.calendar import calendar_day_update

    objection = file_objection(civil_servant, own_record, dt.date(2026, 11, 2))  # due Mon 16 Nov
    with transaction.atomic():
        calendar_day_update(
            date=dt.date(2026, 11, 10), kind=DayKind.HOLIDAY, note="测试调整", actor=credit_office, reason="测试"
        )
    objection.refresh_from_db()
    assert (objection.due_on, objection.remind_on) == (dt.date(2026, 11, 17), dt.date(2026, 11, 13))
