"""Journey (issue 8, item 7): the credit office follows the missing-year notice from the admin
home to the upload page, uploads the 2027 schedule, checks the preview and confirms it; then
finds a day by typing its date in the calendar-day search."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from core.models import AuditEvent, CalendarDay, CalendarYear, User
from core.services.calendar import calendar_check_next_year

pytestmark = pytest.mark.e2e

PASSWORD = "pw-for-tests-1"  # tests.factories.UserFactory


def sign_in(page: Page, username: str) -> None:
    page.goto(reverse("admin:login"))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#login-form [type=submit]").click()
    expect(page.locator("#logout-form")).to_be_attached()


def test_credit_office_loads_the_missing_year_from_its_notice(
    page: Page, screenshot: Callable[..., Path], credit_office: User, tmp_path: Path
) -> None:
    calendar_check_next_year(today=dt.date(2026, 11, 27))
    schedule = tmp_path / "2027.csv"
    schedule.write_text("date,kind,note\n2027-01-01,holiday,元旦\n2027-02-20,makeup,春节调休上班\n", encoding="utf-8")

    sign_in(page, credit_office.username)
    page.goto(reverse("admin:index"))
    page.locator(".messagelist li.warning a", has_text="2027").click()
    expect(page).to_have_url(re.compile(r"/admin/core/calendaryear/upload/\?year=2027$"))
    expect(page.locator("#id_year")).to_have_value("2027")
    page.locator("#id_source").fill("国办发明电〔2026〕7号")
    page.locator("#id_file").set_input_files(schedule)
    screenshot("calendar-upload")
    page.locator("form[enctype] [type=submit]").click()

    rows = page.locator("#schedule-preview tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(1)).to_contain_text("2027-02-20")
    expect(rows.nth(1)).to_contain_text("春节调休上班")
    assert not CalendarYear.objects.filter(year=2027).exists()
    screenshot("calendar-upload-preview")
    page.locator("[name=confirm]").click()

    expect(page).to_have_url(re.compile(r"/admin/core/calendaryear/$"))
    expect(page.locator(".messagelist .success")).to_contain_text("2027")
    assert CalendarDay.objects.filter(date__year=2027).count() == 365
    assert AuditEvent.objects.get(action="calendar.year.load").actor == credit_office

    page.goto(reverse("admin:core_calendarday_changelist"))
    page.locator("#searchbar").fill("2027-02-20")
    page.locator("#searchbar").press("Enter")
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    screenshot("calendar-day-search")
