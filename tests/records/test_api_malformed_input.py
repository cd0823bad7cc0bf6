"""Hostile input to the staff API of records and sanctions answers 400 or 404, never 500, and
saves nothing: NUL characters, oversized text and numbers, wrong shapes, crafted cursors.

Run on PostgreSQL too (CI): NUL characters and out-of-range integers fail there at the
database, while SQLite stores them.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from rest_framework.test import APIClient

from core.models import Agency, CivilServant, User
from records.models import CreditRecord, Sanction
from records.services.records import record_create, record_move
from tests.records.conftest import agency_record_data, published_record, sanction_data

pytestmark = pytest.mark.django_db

RECORDS = "/api/v1/staff/records/"
SANCTIONS = "/api/v1/staff/sanctions/"
HUGE_INT = 10**30
LONG_TEXT = "诚" * 200_000


def plain(data: dict[str, Any]) -> dict[str, Any]:
    """Model instances as their ids, dates as ISO strings: what a client sends."""
    return json.loads(json.dumps({k: (v.pk if hasattr(v, "pk") else v) for k, v in data.items()}, default=str))  # type: ignore[no-any-return]


def cursor(raw: str) -> str:
    return base64.b64encode(raw.encode()).decode()


@pytest.fixture
def clerk_api(clerk_a: User) -> APIClient:
    client = APIClient(raise_request_exception=False)  # a 500 is an answer to check, not an exception
    client.force_login(clerk_a)
    return client


@pytest.mark.parametrize(
    "change",
    [
        {"summary": "未兑现\x00奖励资金"},
        {"document_number": "济槐信\x00〔2026〕1号"},
        {"summary": LONG_TEXT},
        {"document_number": LONG_TEXT},
        {"publicity_months": HUGE_INT},
        {"publicity_months": -1},
        {"key_areas": "investment_promotion"},
        {"key_areas": [["investment_promotion"]]},
        {"key_areas": [None]},
        {"key_areas": ["\x00"]},
        {"decision_date": "9999-99-99"},
        {"decision_date": HUGE_INT},
        {"subject_agency": HUGE_INT},
        {"subject_agency": "\x00"},
        {"civil_servant": -HUGE_INT},
        {"category": "\x00"},
    ],
    ids=lambda change: f"{next(iter(change))}={str(next(iter(change.values())))[:12]!r}",
)
def test_a_bad_record_is_a_400_and_nothing_is_saved(
    clerk_api: APIClient, agency_a: Agency, change: dict[str, Any]
) -> None:
    response = clerk_api.post(RECORDS, {**plain(agency_record_data(agency_a)), **change}, format="json")
    assert response.status_code == 400, response.content[:300]
    assert set(response.json()) & {*change, "non_field_errors", "detail"}
    assert not CreditRecord.objects.exists()


@pytest.mark.parametrize("payload", ['["a list"]', '"a string"', "123", "{", '{"summary": "\\u0000"}'])
def test_a_body_that_is_not_a_record_is_a_400(clerk_api: APIClient, payload: str) -> None:
    response = clerk_api.post(RECORDS, payload, content_type="application/json")
    assert response.status_code == 400, response.content[:300]
    assert not CreditRecord.objects.exists()


@pytest.mark.parametrize(
    "query",
    [
        {"cursor": "\x00"},
        {"cursor": "not base64 at all"},
        {"cursor": cursor("o=99999999999999999999999&r=1&p=1")},
        {"cursor": cursor(f"p={HUGE_INT}")},
        {"cursor": cursor("p=\x00")},
        {"polarity": "\x00"},
        {"status": "\x00"},
        {"decision_date__gte": "9999-99-99"},
    ],
)
@pytest.mark.parametrize("endpoint", [RECORDS, SANCTIONS])
def test_crafted_list_queries_are_a_400_or_an_answer(
    clerk_api: APIClient, clerk_a: User, agency_a: Agency, endpoint: str, query: dict[str, str]
) -> None:
    record_create(actor=clerk_a, data=agency_record_data(agency_a))
    response = clerk_api.get(endpoint, query)
    assert response.status_code in (200, 400, 404), response.content[:300]
    if response.status_code == 200:
        assert "results" in response.json()


@pytest.mark.parametrize("pk", [str(HUGE_INT), "-1", "1e9", "０１"])
@pytest.mark.parametrize("endpoint", [RECORDS, SANCTIONS])
def test_a_crafted_id_is_a_404(clerk_api: APIClient, endpoint: str, pk: str) -> None:
    for call in (clerk_api.get, clerk_api.patch):
        assert call(f"{endpoint}{pk}/").status_code == 404
    # A NUL anywhere in an API URL is refused before the view (tests/security/test_malformed_input.py).
    assert clerk_api.get(f"{endpoint}%00/").status_code == 400


@pytest.mark.parametrize(
    "change",
    [
        {"version": HUGE_INT},
        {"version": "\x00"},
        {"summary": "改\x00写", "version": 1},
        {"summary": LONG_TEXT, "version": 1},
    ],
)
def test_a_bad_edit_is_a_400_and_the_record_is_unchanged(
    clerk_api: APIClient, clerk_a: User, agency_a: Agency, change: dict[str, Any]
) -> None:
    record = record_create(actor=clerk_a, data=agency_record_data(agency_a))
    response = clerk_api.patch(f"{RECORDS}{record.pk}/", change, format="json")
    assert response.status_code in (400, 409), response.content[:300]
    after = CreditRecord.objects.get(pk=record.pk)
    assert (after.version, after.summary) == (record.version, record.summary)


@pytest.mark.parametrize("reason", ["退回\x00原因", LONG_TEXT, ["a list"], {"a": "dict"}])
def test_a_bad_reason_for_a_return_is_a_400_and_the_record_stays_submitted(
    clerk_a: User, reviewer_a: User, agency_a: Agency, reason: Any
) -> None:
    record = record_move(record_create(actor=clerk_a, data=agency_record_data(agency_a)), move="submit", actor=clerk_a)
    client = APIClient(raise_request_exception=False)
    client.force_login(reviewer_a)
    response = client.post(f"{RECORDS}{record.pk}/return/", {"reason": reason}, format="json")
    assert response.status_code == 400, response.content[:300]
    assert CreditRecord.objects.get(pk=record.pk).status == record.status


@pytest.mark.parametrize(
    "change",
    [
        {"kind": "\x00"},
        {"due_on": "9999-99-99"},
        {"due_on": HUGE_INT},
        {"record": HUGE_INT},
        {"record": "\x00"},
        {"kind": "public_criticism", "notice_text": "通报\x00批评"},
        {"kind": "public_criticism", "notice_text": LONG_TEXT},
    ],
    ids=lambda change: "-".join(f"{k}={str(v)[:12]!r}" for k, v in change.items()),
)
def test_a_bad_sanction_is_a_400_and_nothing_is_saved(
    clerk_api: APIClient, clerk_a: User, reviewer_a: User, agency_a: Agency, change: dict[str, Any]
) -> None:
    record = published_record(clerk_a, reviewer_a, agency_record_data(agency_a))
    response = clerk_api.post(SANCTIONS, {**plain(sanction_data(record)), **change}, format="json")
    assert response.status_code == 400, response.content[:300]
    assert not Sanction.objects.exists()


@pytest.mark.parametrize("endpoint", ["/api/v1/me/records/", "/api/v1/me/objections/", "/api/v1/me/repairs/"])
def test_a_civil_servants_crafted_cursor_is_a_404_with_a_message(civil_servant: CivilServant, endpoint: str) -> None:
    # The pages of one's own items share the staff API's cursor check (core.api_pagination).
    assert civil_servant.user is not None
    client = APIClient(raise_request_exception=False)
    client.force_login(civil_servant.user)
    response = client.get(endpoint, {"cursor": cursor("p=\x00")})
    assert response.status_code == 404, response.content[:300]
    assert response.json()["detail"]
