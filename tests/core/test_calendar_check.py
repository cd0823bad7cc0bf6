"""From 1 November, warn the credit office once if next year's holiday schedule is missing."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from pytest_django import DjangoCaptureOnCommitCallbacks

from core.models import Notification, User
from core.roles import Role
from core.services.calendar import calendar_check_next_year, calendar_load_year
from integrity.celery import app as celery_app
from tests.factories import UserFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


@pytest.fixture
def second_office_user(credit_office: User) -> User:
    return UserFactory.create(username="office2", agency=credit_office.agency, is_staff=True, role=Role.CREDIT_OFFICE)


def test_missing_next_year_notifies_every_credit_office_user_once(
    credit_office: User, second_office_user: User, clerk_a: User
) -> None:
    inactive = UserFactory(username="office_left", is_active=False, role=Role.CREDIT_OFFICE)
    assert calendar_check_next_year(today=dt.date(2026, 11, 27)) == 2
    notices = Notification.objects.filter(kind="calendar.missing_year")
    assert sorted(n.recipient.username for n in notices) == ["office", "office2"]
    assert all("2027" in n.subject and n.key == "calendar-missing-2027" for n in notices)
    assert not Notification.objects.filter(recipient__in=[clerk_a, inactive]).exists()


def test_checking_again_creates_no_second_notice(credit_office: User, second_office_user: User) -> None:
    calendar_check_next_year(today=dt.date(2026, 11, 27))
    assert calendar_check_next_year(today=dt.date(2026, 11, 28)) == 0
    assert Notification.objects.count() == 2


def test_notice_is_mailed_once_after_commit(
    credit_office: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        calendar_check_next_year(today=dt.date(2026, 11, 27))
    with django_capture_on_commit_callbacks(execute=True):
        calendar_check_next_year(today=dt.date(2026, 11, 28))
    assert [m.to for m in mail.outbox] == [[credit_office.email]]
    assert "2027" in mail.outbox[0].subject


def test_nothing_happens_before_november(credit_office: User) -> None:
    assert calendar_check_next_year(today=dt.date(2026, 10, 31)) == 0
    assert not Notification.objects.exists()


def test_nothing_happens_once_next_year_is_loaded(credit_office: User) -> None:
    calendar_load_year(year=2027, special_days=[], source="测试", audit=False)
    assert calendar_check_next_year(today=dt.date(2026, 11, 27)) == 0
    assert not Notification.objects.exists()


def test_daily_task_runs_by_its_public_name_on_shanghai_date(credit_office: User) -> None:
    task = celery_app.tasks["core.check_next_year_calendar"]
    with time_machine.travel(dt.datetime(2026, 11, 27, 8, 0, tzinfo=SHANGHAI), tick=False):
        assert task.delay().get() == 1
    assert Notification.objects.get(recipient=credit_office).key == "calendar-missing-2027"


def test_daily_task_uses_the_local_date_not_utc(credit_office: User) -> None:
    task = celery_app.tasks["core.check_next_year_calendar"]
    # 1 November 00:30 in Shanghai is still 31 October in UTC.
    with time_machine.travel(dt.datetime(2026, 10, 31, 23, 30, tzinfo=SHANGHAI), tick=False):
        assert task.delay().get() == 0
    with time_machine.travel(dt.datetime(2026, 11, 1, 0, 30, tzinfo=SHANGHAI), tick=False):
        assert task.delay().get() == 1


def test_beat_schedules_the_check_daily_by_its_registered_name() -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["calendar-check-next-year"]
    assert entry["task"] == "core.check_next_year_calendar"
    assert entry["task"] in celery_app.tasks
