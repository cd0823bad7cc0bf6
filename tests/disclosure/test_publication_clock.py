"""The 7-working-day publication clock (`services.clock`), around the 2026 National Day."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from core.models import Agency, User
from core.services.calendar import calendar_day_update, calendar_load_year
from core.workflow import Status
from disclosure.models import AdministrativeAction
from disclosure.selectors import late_publication_count, late_publications
from disclosure.services.actions import action_create
from integrity.lib.workdays import Day, DayKind
from tests.disclosure.conftest import ActionFactory, penalty_data

pytestmark = pytest.mark.django_db

D = dt.date.fromisoformat
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(stamp: str) -> dt.datetime:
    return dt.datetime.fromisoformat(stamp).replace(tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("decided", "due"),
    [
        # Across the National Day holiday (1–7 Oct) and the make-up working Saturday 10 Oct.
        ("2026-09-30", "2026-10-15"),
        # Across the make-up Sunday 20 Sep and the Mid-Autumn holiday 25–27 Sep.
        ("2026-09-18", "2026-09-29"),
        # An ordinary week: Monday + 7 working days is the Wednesday after next.
        ("2026-11-02", "2026-11-11"),
    ],
)
def test_the_due_date_is_the_decision_date_plus_seven_working_days(clerk_a: User, decided: str, due: str) -> None:
    with time_machine.travel(at("2026-11-20 09:00")):
        action = action_create(actor=clerk_a, data=penalty_data(decision_date=D(decided)))
    assert action.due_on == D(due)
    assert AdministrativeAction.objects.get(pk=action.pk).due_on == D(due)


def test_a_decision_in_late_december_is_pending_calendar_until_next_year_is_loaded(clerk_a: User) -> None:
    with time_machine.travel(at("2026-12-29 09:00")):
        action = action_create(actor=clerk_a, data=penalty_data(decision_date=D("2026-12-28")))
        assert action.due_on is None  # 2027 is not in the calendar yet ("pending calendar")
        calendar_load_year(
            year=2027, special_days=[Day(D("2027-01-01"), DayKind.HOLIDAY, "元旦")], source="国办发明电〔2026〕"
        )
    # 29, 30, 31 Dec; 1 Jan is a holiday, 2–3 Jan a weekend; then 4, 5, 6, 7 Jan.
    assert AdministrativeAction.objects.get(pk=action.pk).due_on == D("2027-01-07")


def test_a_calendar_edit_inside_an_open_window_moves_the_due_date(clerk_a: User, credit_office: User) -> None:
    with time_machine.travel(at("2026-10-09 09:00")):
        action = action_create(actor=clerk_a, data=penalty_data(decision_date=D("2026-09-30")))
        assert action.due_on == D("2026-10-15")
        calendar_day_update(
            date=D("2026-10-12"), kind=DayKind.HOLIDAY, note="临时调整", actor=credit_office, reason="测试"
        )
    assert AdministrativeAction.objects.get(pk=action.pk).due_on == D("2026-10-16")


def test_a_calendar_edit_does_not_rewrite_the_clock_of_a_published_action(
    agency_a: Agency, credit_office: User
) -> None:
    with time_machine.travel(at("2026-10-09 09:00")):
        action = ActionFactory.create(agency=agency_a, decision_date=D("2026-09-30"), published=True)
        calendar_day_update(
            date=D("2026-10-12"), kind=DayKind.HOLIDAY, note="临时调整", actor=credit_office, reason="测试"
        )
    assert AdministrativeAction.objects.get(pk=action.pk).due_on == D("2026-10-15")


def test_a_calendar_edit_after_the_window_leaves_the_due_date_alone(clerk_a: User, credit_office: User) -> None:
    with time_machine.travel(at("2026-10-09 09:00")):
        action = action_create(actor=clerk_a, data=penalty_data(decision_date=D("2026-09-30")))
        calendar_day_update(
            date=D("2026-10-19"), kind=DayKind.HOLIDAY, note="临时调整", actor=credit_office, reason="测试"
        )
    assert AdministrativeAction.objects.get(pk=action.pk).due_on == D("2026-10-15")


@pytest.fixture
def clocks(agency_a: Agency, agency_b: Agency) -> dict[str, AdministrativeAction]:
    """Four actions decided 30 Sep 2026 (due 15 Oct), published at different times."""
    with time_machine.travel(at("2026-10-01 09:00")):
        make = {
            "on_time": (agency_a, at("2026-10-15 23:30")),  # the due day itself, late evening
            "one_day": (agency_a, at("2026-10-16 00:30")),  # the day after: 16:30 UTC on the 15th
            "four_days": (agency_a, at("2026-10-19 10:00")),
            "other_agency_on_time": (agency_b, at("2026-10-12 10:00")),
        }
        out = {
            name: ActionFactory.create(agency=agency, decision_date=D("2026-09-30"), published=True, published_at=when)
            for name, (agency, when) in make.items()
        }
        out["open"] = ActionFactory.create(agency=agency_a, decision_date=D("2026-09-30"), status=Status.SUBMITTED)
    return out


def test_late_publications_count_days_late_in_local_time(
    clocks: dict[str, AdministrativeAction], credit_office: User
) -> None:
    late = {item.action.pk: item.days_late for item in late_publications(credit_office, today=D("2026-10-20"))}
    assert late == {clocks["one_day"].pk: 1, clocks["four_days"].pk: 4, clocks["open"].pk: 5}


def test_late_publication_count_is_of_what_the_user_may_see(
    clocks: dict[str, AdministrativeAction], credit_office: User, clerk_a: User, clerk_b: User
) -> None:
    assert late_publication_count(credit_office, today=D("2026-10-20")) == 3
    assert late_publication_count(clerk_a, today=D("2026-10-20")) == 3
    # On the due day itself an unpublished action is not yet late.
    assert late_publication_count(clerk_a, today=D("2026-10-15")) == 2
    assert late_publication_count(clerk_b, today=D("2026-10-20")) == 0


def test_late_publications_of_another_agency_are_not_listed(
    clocks: dict[str, AdministrativeAction], clerk_b: User
) -> None:
    assert late_publications(clerk_b, today=D("2026-10-20")) == []
