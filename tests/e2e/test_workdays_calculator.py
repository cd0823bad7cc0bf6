"""Journey: a visitor computes a deadline that crosses the 2026 National Day holiday."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

NATIONAL_DAY_2026 = [f"2026-10-0{day}" for day in range(1, 8)]


def test_visitor_sees_deadline_skip_national_day_and_count_makeup_saturday(
    page: Page, screenshot: Callable[..., Path]
) -> None:
    page.goto(reverse("core:workdays"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")

    page.locator("input[name=start]").fill("2026-09-30")
    page.locator("input[name=days]").fill("7")
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"start=2026-09-30&days=7"))
    expect(page.get_by_test_id("due")).to_have_text("2026-10-15")
    expect(page.get_by_test_id("holidays").locator("time")).to_have_text(NATIONAL_DAY_2026)
    expect(page.get_by_test_id("holidays")).to_contain_text("国庆节")
    expect(page.get_by_test_id("makeup").locator("time")).to_have_text(["2026-10-10"])

    path = screenshot("workdays")
    assert path.stat().st_size > 10_000
