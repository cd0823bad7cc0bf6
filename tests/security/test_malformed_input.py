"""Malformed input answers 400 (or 404) with a message, never 500 (issue 7, item 11).

Run on PostgreSQL too (CI): NUL characters and oversized text fail there at the database,
while SQLite stores them, so several of these only crashed on PostgreSQL.
"""

from __future__ import annotations

import base64
import json
import random
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from core.fields import TEXT_MAX_LENGTH
from core.models import User
from disclosure.models import AdministrativeAction
from tests.disclosure.conftest import ActionFactory, penalty_data

pytestmark = pytest.mark.django_db

STAFF = "/api/v1/staff/actions/"
_random = random.Random(7)
VARIED_CJK = "".join(chr(0x4E00 + _random.randrange(20902)) for _ in range(200_000))


def as_json(data: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(data, default=str))


@pytest.fixture
def clerk_api(clerk_a: User) -> APIClient:
    client = APIClient(raise_request_exception=False)
    client.force_login(clerk_a)
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/agencies/%00/",
        "/disclosures/?q=%00",
        "/disclosures/?kind=%00penalty",
        "/disclosures/%00/",
        "/?%00=1",
    ],
)
def test_a_nul_in_a_public_url_is_a_400_page_in_the_sites_layout(url: str) -> None:
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert 'class="site-header"' in response.content.decode()


@pytest.mark.parametrize(
    "url", ["/api/v1/disclosures/?q=%00", "/api/v1/disclosures/%00/", "/api/v1/staff/actions/?cursor=%00"]
)
def test_a_nul_in_an_api_url_is_a_400_in_json(url: str, clerk_api: APIClient) -> None:
    response = clerk_api.get(url)
    assert response.status_code == 400
    assert response.json()["detail"]


def test_a_nul_in_the_session_cookie_is_ignored_not_a_crash(agency_a: Any) -> None:
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "\x00" * 32
    assert client.get("/admin/login/").status_code == 200


def test_a_crafted_staff_cursor_answers_with_a_message(clerk_api: APIClient, agency_a: Any) -> None:
    ActionFactory.create(agency=agency_a)
    cursor = base64.b64encode(b"p=abc").decode()
    response = clerk_api.get(STAFF, {"cursor": cursor})
    assert response.status_code in (400, 404)
    assert response.json()["detail"]


def test_a_staff_cursor_from_a_next_link_still_works(clerk_api: APIClient, agency_a: Any) -> None:
    for _ in range(3):
        ActionFactory.create(agency=agency_a)
    first = clerk_api.get(STAFF, {"page_size": 2}).json()
    second = clerk_api.get(first["next"])
    assert second.status_code == 200
    assert len(second.json()["results"]) == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        pytest.param({"decision_date": "9999-12-31"}, "decision_date", id="year 9999"),
        pytest.param({"decision_date": "0001-01-01"}, "decision_date", id="year 1"),
        pytest.param({"decision_date": "1949-09-30"}, "decision_date", id="before the founding"),
        pytest.param({"penalty_categories": [["fine"]]}, "penalty_categories", id="nested categories"),
        pytest.param({"penalty_categories": [{"fine": 1}]}, "penalty_categories", id="object in categories"),
        pytest.param({"penalty_categories": "fine"}, "penalty_categories", id="categories as a string"),
        pytest.param({"penalty_categories": [1]}, "penalty_categories", id="number in categories"),
        pytest.param({"penalty_categories": ["\x00"]}, "penalty_categories", id="NUL category"),
        # Varied characters, so their bigrams overflow PostgreSQL's 1 MB tsvector (a 500 there).
        pytest.param({"violation_facts": VARIED_CJK}, "violation_facts", id="200,000 CJK characters"),
        pytest.param({"remarks": "注" * (TEXT_MAX_LENGTH + 1)}, "remarks", id="one over the cap"),
        pytest.param({"counterparty_name": "名\x00称"}, "counterparty_name", id="NUL in text"),
    ],
)
def test_bad_values_through_the_staff_api_answer_400_with_the_field(
    clerk_api: APIClient, change: dict[str, Any], field: str
) -> None:
    response = clerk_api.post(STAFF, {**as_json(penalty_data()), **change}, format="json")
    assert response.status_code == 400, response.content[:300]
    assert field in response.json()
    assert not AdministrativeAction.objects.exists()


def test_every_text_field_at_its_cap_fits_the_search_index(clerk_api: APIClient) -> None:
    # The worst case for the bigram tsvector: five long fields of distinct CJK characters.
    def text(offset: int) -> str:
        return "".join(chr(0x4E00 + (offset + i * 7) % 20000) for i in range(TEXT_MAX_LENGTH))

    data = {
        **as_json(penalty_data()),
        "violation_facts": text(0),
        "penalty_basis": text(1),
        "penalty_content": text(2),
        "remarks": text(3),
        "violation_type": text(4)[:200],
    }
    response = clerk_api.post(STAFF, data, format="json")
    assert response.status_code == 201, response.content[:300]


def test_a_nul_in_an_admin_changelist_filter_is_a_400(client: Client, clerk_a: User) -> None:
    client.raise_request_exception = False
    client.force_login(clerk_a)
    response = client.get("/admin/disclosure/administrativeaction/", {"status": "\x00"})
    assert response.status_code == 400
    response = client.get("/admin/disclosure/administrativeaction/", {"q": "\x00"})
    assert response.status_code == 400


def test_a_nul_in_the_admin_autocomplete_is_a_400(client: Client, credit_office: User) -> None:
    client.raise_request_exception = False
    client.force_login(credit_office)
    query = {"term": "\x00", "app_label": "core", "model_name": "user", "field_name": "agency"}
    assert client.get("/admin/autocomplete/", query).status_code == 400
