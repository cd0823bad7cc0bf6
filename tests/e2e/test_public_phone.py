"""The public list on a 390 px phone (issue 8, item 12): a one-line header, the filters
folded, and the first result on the first screen."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, ViewportSize

from tests.disclosure.conftest import ActionFactory
from tests.e2e.conftest import ScreenshotTaker
from tests.factories import AgencyFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE: ViewportSize = {"width": 390, "height": 844}


def test_the_first_result_is_on_the_first_phone_screen(page: Page, screenshot: ScreenshotTaker) -> None:
    agency = AgencyFactory.create(name="测试市场监督管理局")
    for i in range(25):
        ActionFactory.create(
            agency=agency, published=True, decision_date=timezone.localdate() - dt.timedelta(days=1 + i)
        )
    page.set_viewport_size(PHONE)
    page.goto(reverse("disclosure:list"))
    header = page.locator("header.site-header").bounding_box()
    assert header is not None and header["height"] < 60  # one line
    assert not page.locator(".nav-wide").is_visible()
    assert not page.locator("#id_kind").is_visible()  # folded behind 「更多筛选」
    first = page.locator("article.item").first.bounding_box()
    assert first is not None and first["y"] + 40 < PHONE["height"]
    screenshot("public-list-phone", full_page=False)
    page.locator(".nav-narrow summary").click()
    assert page.locator(".nav-narrow a[href='/open-data/']").is_visible()
    page.locator(".nav-narrow summary").click()  # closes the menu again
    page.locator(".more-filters summary").click()
    assert page.locator("#id_agency").is_visible()
    screenshot("public-list-phone-open", full_page=False)
