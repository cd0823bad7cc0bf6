"""The public deadline calculator page /workdays/ and the language switch."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.html import escape

from core.forms import DeadlineForm

URL = "/workdays/"
pytestmark = pytest.mark.django_db


def form_message(field: str, key: str) -> str:
    with translation.override("zh-hans"):
        return escape(str(DeadlineForm.base_fields[field].error_messages[key]))


def test_empty_page_shows_the_form_without_errors_or_result(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="start"' in html
    assert 'name="days"' in html
    assert 'class="error"' not in html
    assert 'id="result"' not in html


def test_page_shows_due_date_holidays_and_makeup_day(client: Client) -> None:
    response = client.get(URL, {"start": "2026-09-30", "days": "7"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<strong data-testid="due">2026-10-15</strong>' in html
    holidays = re.search(r'data-testid="holidays">(.*?)</ul>', html, re.S)
    assert holidays is not None
    assert re.findall(r'datetime="([\d-]+)"', holidays.group(1)) == [f"2026-10-0{i}" for i in range(1, 8)]
    makeup = re.search(r'data-testid="makeup">(.*?)</ul>', html, re.S)
    assert makeup is not None
    assert re.findall(r'datetime="([\d-]+)"', makeup.group(1)) == ["2026-10-10"]
    assert "国庆节" in holidays.group(1)


@pytest.mark.parametrize(
    ("params", "field", "key"),
    [
        ({"start": "abc", "days": "7"}, "start", "invalid"),
        ({"start": "2026-13-01", "days": "7"}, "start", "invalid"),
        ({"days": "7"}, "start", "required"),
        ({"start": "2026-09-30", "days": "0"}, "days", "min_value"),
        ({"start": "2026-09-30", "days": "366"}, "days", "max_value"),
        ({"start": "2026-09-30", "days": "x"}, "days", "invalid"),
    ],
)
def test_bad_input_shows_the_field_error_on_the_page(
    client: Client, params: dict[str, str], field: str, key: str
) -> None:
    response = client.get(URL, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<p class="error" role="alert">{form_message(field, key)}</p>' in html
    assert "has-error" in html
    assert 'data-testid="due"' not in html


def test_uncovered_year_shows_the_pending_notice_and_no_date(client: Client) -> None:
    response = client.get(URL, {"start": "2026-12-28", "days": "7"})
    assert response.status_code == 200
    html = response.content.decode()
    notice = re.search(r'<div class="notice warning" role="alert" id="result">(.*?)</div>', html, re.S)
    assert notice is not None
    assert "2027" in notice.group(1)
    assert 'data-testid="due"' not in html


def test_last_representable_date_shows_the_pending_notice_not_a_server_error(client: Client) -> None:
    response = client.get(URL, {"start": "9999-12-31", "days": "1"})
    assert response.status_code == 200
    assert 'class="notice warning"' in response.content.decode()


def test_page_is_chinese_by_default_even_for_an_english_browser(client: Client) -> None:
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert response["Content-Language"] == "zh-hans"
    assert '<html lang="zh-Hans">' in response.content.decode()


def test_unknown_language_cookie_falls_back_to_chinese(client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert client.get(URL)["Content-Language"] == "zh-hans"
