"""`calendar_day_update` and `calendar_load_year`: every calendar change, audited and recomputed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from core.models import AuditEvent, CalendarDay, CalendarYear, User
from core.selectors import deadline
from core.services import calendar as calendar_service
from core.services.calendar import (
    CalendarError,
    calendar_day_update,
    calendar_load_year,
    calendar_seed_official,
    register_deadline_recomputer,
)
from integrity.lib.workdays import Day, DayKind

D = dt.date.fromisoformat
pytestmark = pytest.mark.django_db


@pytest.fixture
def recomputed() -> Iterator[list[tuple[dt.date, dt.date]]]:
    """A fake app's recomputer that records the dates it was called with."""
    calls: list[tuple[dt.date, dt.date]] = []

    def recompute(first: dt.date, last: dt.date) -> int:
        calls.append((first, last))
        return 3

    register_deadline_recomputer(recompute)
    yield calls
    calendar_service._recomputers.remove(recompute)


def test_day_update_changes_the_day_and_the_deadlines_that_cross_it(credit_office: User) -> None:
    assert deadline(D("2026-10-08"), 1).due == D("2026-10-09")
    calendar_day_update(date=D("2026-10-09"), kind=DayKind.HOLIDAY, note="临时调整", actor=credit_office, reason="测试")
    day = CalendarDay.objects.get(date=D("2026-10-09"))
    assert (day.kind, day.note) == ("holiday", "临时调整")
    assert deadline(D("2026-10-08"), 1).due == D("2026-10-10")


def test_day_update_writes_an_audit_event_with_from_and_to(credit_office: User) -> None:
    calendar_day_update(date=D("2026-10-10"), kind=DayKind.WEEKEND, note="", actor=credit_office, reason="通知更正")
    event = AuditEvent.objects.get(action="calendar.day.update")
    assert (event.from_state, event.to_state) == ("makeup", "weekend")
    assert (event.object_type, event.object_id) == ("core.calendarday", "2026-10-10")
    assert event.actor == credit_office
    assert event.reason == "通知更正"
    assert event.data == {"note_before": "国庆节调休上班", "note_after": ""}


def test_day_update_calls_registered_recomputers_with_the_changed_date(
    credit_office: User, recomputed: list[tuple[dt.date, dt.date]]
) -> None:
    calendar_day_update(date=D("2026-10-09"), kind=DayKind.HOLIDAY, note="", actor=credit_office, reason="测试")
    assert recomputed == [(D("2026-10-09"), D("2026-10-09"))]


def test_day_update_that_changes_nothing_writes_no_event_and_recomputes_nothing(
    credit_office: User, recomputed: list[tuple[dt.date, dt.date]]
) -> None:
    calendar_day_update(date=D("2026-10-01"), kind=DayKind.HOLIDAY, note="国庆节", actor=credit_office)
    assert not AuditEvent.objects.exists()
    assert recomputed == []


@pytest.mark.parametrize(
    ("date", "kind"),
    [
        ("2026-10-09", DayKind.MAKEUP),  # a Friday cannot be a make-up working day
        ("2026-10-09", DayKind.WEEKEND),  # nor a weekend day
        ("2026-10-17", DayKind.WORKDAY),  # a Saturday that is worked is a make-up day, not a workday
    ],
)
def test_day_update_refuses_a_kind_that_contradicts_the_weekday(
    credit_office: User, recomputed: list[tuple[dt.date, dt.date]], date: str, kind: DayKind
) -> None:
    before = CalendarDay.objects.get(date=D(date))
    with pytest.raises(CalendarError):
        calendar_day_update(date=D(date), kind=kind, note="", actor=credit_office, reason="测试")
    assert CalendarDay.objects.get(date=D(date)).kind == before.kind
    assert not AuditEvent.objects.exists()
    assert recomputed == []


def test_day_update_refuses_a_day_of_an_uncovered_year(credit_office: User) -> None:
    with pytest.raises(CalendarError, match="2027"):
        calendar_day_update(date=D("2027-01-01"), kind=DayKind.HOLIDAY, note="元旦", actor=credit_office)
    assert not CalendarDay.objects.filter(date__year=2027).exists()


def test_load_year_calls_recomputers_for_the_whole_year(recomputed: list[tuple[dt.date, dt.date]]) -> None:
    calendar_load_year(year=2027, special_days=[Day(D("2027-01-01"), DayKind.HOLIDAY, "元旦")], source="测试")
    assert recomputed == [(D("2027-01-01"), D("2027-12-31"))]


def test_load_year_refuses_a_day_from_another_year() -> None:
    with pytest.raises(CalendarError):
        calendar_load_year(year=2027, special_days=[Day(D("2028-01-01"), DayKind.HOLIDAY, "元旦")], source="测试")
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_seeding_official_years_again_loads_nothing() -> None:
    assert calendar_seed_official() == []
