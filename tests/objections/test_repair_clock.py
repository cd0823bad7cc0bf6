"""The 3- and 10-working-day clocks of credit repair on the core clock: across National Day
2026 (1-7 Oct, Mid-Autumn 25-27 Sep, make-up Saturdays 20 Sep and 10 Oct in the calendar
data), past the end of the covered calendar, reminders and the escalation to the credit office."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from core.models import CivilServant, Notification, User
from core.services.calendar import calendar_load_year
from integrity.lib.workdays import Day, DayKind
from objections.services.repair import repair_accept
from objections.services.repair_clock import repair_due, repair_sweep
from records.models import CreditRecord
from tests.objections.repair_helpers import dishonest_record, file_repair

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(civil_servant: CivilServant, clerk_a: User, reviewer_a: User) -> CreditRecord:
    return dishonest_record(civil_servant, clerk_a, reviewer_a)


@pytest.mark.parametrize(
    ("filed", "accept", "decide"),
    [
        # Mid-Autumn (25-27 Sep) skipped: 28, 29, 30 Sep; National Day skipped, make-up Sat 10 Oct counted.
        (dt.date(2026, 9, 24), dt.date(2026, 9, 30), dt.date(2026, 10, 15)),
        # 8, 9 and the make-up Saturday 10 Oct.
        (dt.date(2026, 9, 30), dt.date(2026, 10, 10), dt.date(2026, 10, 20)),
        # Filed on the make-up Sunday 20 Sep (not counted itself); the 10th is the make-up Saturday 10 Oct.
        (dt.date(2026, 9, 20), dt.date(2026, 9, 23), dt.date(2026, 10, 10)),
        (dt.date(2026, 11, 2), dt.date(2026, 11, 5), dt.date(2026, 11, 16)),
    ],
)
def test_due_dates_count_working_days_of_the_calendar(
    db: None, filed: dt.date, accept: dt.date, decide: dt.date
) -> None:
    dates = repair_due(filed)
    assert (dates["accept_due_on"], dates["decide_due_on"]) == (accept, decide)


def test_the_settings_set_the_number_of_days(db: None, settings: object) -> None:
    settings.REPAIR_ACCEPT_WORKING_DAYS = 5  # type: ignore[attr-defined]
    assert repair_due(dt.date(2026, 11, 2))["accept_due_on"] == dt.date(2026, 11, 9)


def test_past_the_covered_calendar_no_date_is_guessed_until_the_year_is_loaded(
    civil_servant: CivilServant, record: CreditRecord
) -> None:
    request = file_repair(civil_servant, record, dt.date(2026, 12, 28))
    assert request.accept_due_on == dt.date(2026, 12, 31)  # 29, 30, 31 Dec: still 2026
    assert request.decide_due_on is None and request.decide_remind_on is None
    assert repair_sweep(today=dt.date(2027, 1, 20))["decide"] == {"reminder": 0, "overdue": 0}
    with transaction.atomic():
        calendar_load_year(
            year=2027,
            special_days=[Day(dt.date(2027, 1, 1), DayKind.HOLIDAY, "元旦")],
            source="国办发明电〔2026〕测试号",
        )
    request.refresh_from_db()
    # 29-31 Dec (3), 1 Jan a holiday, 4-8 Jan (8), 11, 12 Jan: the 10th is Tue 12 Jan.
    assert request.decide_due_on == dt.date(2027, 1, 12)
    assert request.decide_remind_on == dt.date(2027, 1, 8)


def test_reminders_then_one_escalation_to_the_credit_office(
    civil_servant: CivilServant, record: CreditRecord, reviewer_a: User, credit_office: User
) -> None:
    request = file_repair(civil_servant, record, dt.date(2026, 9, 24))  # accept by 30 Sep, decide by 15 Oct
    assert repair_sweep(today=dt.date(2026, 9, 28))["accept"] == {"reminder": 0, "overdue": 0}
    assert repair_sweep(today=dt.date(2026, 9, 29))["accept"] == {"reminder": 1, "overdue": 0}
    assert repair_sweep(today=dt.date(2026, 9, 30))["accept"] == {"reminder": 0, "overdue": 0}
    assert repair_sweep(today=dt.date(2026, 10, 1))["accept"] == {"reminder": 0, "overdue": 1}
    overdue = Notification.objects.filter(kind="objections.repair_accept.overdue")
    assert set(overdue.values_list("recipient__username", flat=True)) == {"reviewer_a", "office"}
    repair_accept(request=request, actor=reviewer_a)
    assert repair_sweep(today=dt.date(2026, 10, 13))["decide"] == {"reminder": 1, "overdue": 0}
    assert repair_sweep(today=dt.date(2026, 10, 15))["decide"] == {"reminder": 0, "overdue": 0}
    assert repair_sweep(today=dt.date(2026, 10, 16))["decide"] == {"reminder": 0, "overdue": 1}
    assert repair_sweep(today=dt.date(2026, 10, 17))["decide"] == {"reminder": 0, "overdue": 0}
