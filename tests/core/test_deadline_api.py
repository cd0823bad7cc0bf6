"""GET /api/v1/workdays/deadline/ — the public deadline calculator API."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from core.forms import DeadlineForm

URL = "/api/v1/workdays/deadline/"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle() -> None:
    # The anonymous rate limit counts in the cache, which outlives a test.
    cache.clear()


def form_message(field: str, key: str) -> str:
    """The form's error message as the default language (zh-hans) renders it."""
    with translation.override("zh-hans"):
        return str(DeadlineForm.base_fields[field].error_messages[key])


def get(client: Client, **params: Any) -> Any:
    return client.get(URL, params)


def test_deadline_across_national_day_lists_holidays_and_makeup_saturday(client: Client) -> None:
    response = get(client, start="2026-09-30", days=7)
    assert response.status_code == 200
    body = response.json()
    assert body["start"] == "2026-09-30"
    assert body["days"] == 7
    assert body["due"] == "2026-10-15"
    assert body["holidays_crossed"] == [f"2026-10-0{i}" for i in range(1, 8)]
    assert body["makeup_days_crossed"] == ["2026-10-10"]
    assert {"date": "2026-10-10", "kind": "makeup", "name": "国庆节调休上班"} in body["special_days"]


def test_deadline_needs_no_login(client: Client) -> None:
    assert get(client, start="2026-11-27", days=1).json()["due"] == "2026-11-30"


@pytest.mark.parametrize(
    ("params", "field", "key"),
    [
        ({"days": 7}, "start", "required"),
        ({"start": "2026-13-01", "days": 7}, "start", "invalid"),
        ({"start": "abc", "days": 7}, "start", "invalid"),
        ({"start": "30/09/2026", "days": 7}, "start", "invalid"),
        ({"start": "2026-09-30", "days": 0}, "days", "min_value"),
        ({"start": "2026-09-30", "days": 366}, "days", "max_value"),
        ({"start": "2026-09-30", "days": -1}, "days", "min_value"),
        ({"start": "2026-09-30", "days": "x"}, "days", "invalid"),
        ({"start": "2026-09-30", "days": "1.5"}, "days", "invalid"),
        ({"start": "2026-09-30"}, "days", "required"),
    ],
)
def test_bad_input_answers_400_with_the_field_message(
    client: Client, params: dict[str, Any], field: str, key: str
) -> None:
    response = get(client, **params)
    assert response.status_code == 400
    assert response.json()[field] == [form_message(field, key)]


def test_365_working_days_is_the_largest_accepted(client: Client) -> None:
    response = get(client, start="2025-01-01", days=365)
    assert response.status_code == 200
    assert response.json()["due"].startswith("2026-")


def test_uncovered_year_answers_400_naming_the_missing_year(client: Client) -> None:
    response = get(client, start="2026-12-28", days=7)
    assert response.status_code == 400
    body = response.json()
    assert body["missing_year"] == 2027
    assert "2027" in body["detail"]


def test_start_in_an_uncovered_year_answers_400(client: Client) -> None:
    response = get(client, start="2003-06-01", days=1)
    assert response.status_code == 400
    assert response.json()["missing_year"] == 2003


def test_last_representable_date_answers_400_not_500(client: Client) -> None:
    response = get(client, start="9999-12-31", days=1)
    assert response.status_code == 400
    assert "missing_year" in response.json()
