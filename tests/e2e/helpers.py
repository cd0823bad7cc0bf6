"""What every journey does: sign in and out through the real admin login form, read the catalogue."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Page, expect

PASSWORD = "pw-for-tests-1"  # tests.factories.UserFactory


def zh(message: str, **values: Any) -> str:
    """The Chinese text for `message`, so a journey follows the catalogue."""
    with translation.override("zh-hans"):
        text = translation.gettext(message)
    return text % values if values else text


def sign_in(page: Page, username: str) -> None:
    page.goto(reverse("admin:login"))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#login-form [type=submit]").click()
    expect(page.locator("#logout-form")).to_be_attached()


def sign_out(page: Page) -> None:
    page.locator("#logout-form [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/logout/$"))
    expect(page.locator("#logout-form")).to_have_count(0)
