"""The open-data API: `GET /api/v1/disclosures/` and `/api/v1/disclosures/{id}/`, anonymous."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from core.models import Agency, User
from core.throttling import ClientRateThrottle
from core.workflow import Status
from disclosure.models import ActionKind, AdministrativeAction, CounterpartyType, Tier
from tests.disclosure.conftest import ActionFactory, resident_id

pytestmark = pytest.mark.django_db

LIST = "/api/v1/disclosures/"


def detail(pk: int) -> str:
    return f"{LIST}{pk}/"


@pytest.fixture
def items(agency_a: Agency, agency_b: Agency) -> dict[str, AdministrativeAction]:
    today = timezone.localdate()
    return {
        "penalty": ActionFactory.create(agency=agency_a, published=True, decision_date=today - dt.timedelta(days=5)),
        "licence": ActionFactory.create(
            agency=agency_a, kind=ActionKind.LICENSING, published=True, decision_date=today - dt.timedelta(days=15)
        ),
        "other_agency": ActionFactory.create(
            agency=agency_b, published=True, decision_date=today - dt.timedelta(days=25)
        ),
        "draft": ActionFactory.create(agency=agency_a),
        "submitted": ActionFactory.create(agency=agency_a, status=Status.SUBMITTED),
        "internal": ActionFactory.create(
            agency=agency_a, tier=Tier.MINOR, penalty_categories=["warning"], fine_amount=None, published=True
        ),
    }


def result_ids(response: object) -> list[int]:
    return [r["id"] for r in response.json()["results"]]  # type: ignore[attr-defined]


def test_anyone_lists_published_items_newest_first(client: Client, items: dict[str, AdministrativeAction]) -> None:
    response = client.get(LIST)
    assert response.status_code == 200
    # Newest decision first, as on the public site (issue 8, item 10).
    assert result_ids(response) == [items[k].pk for k in ("penalty", "licence", "other_agency")]


def test_a_detail_is_the_public_presentation(client: Client, items: dict[str, AdministrativeAction]) -> None:
    action = items["penalty"]
    body = client.get(detail(action.pk)).json()
    assert body["document_number"] == action.document_number
    assert body["counterparty_uscc"] == action.counterparty_uscc
    assert body["legal_representative"] == "郑**"
    assert body["penalty_categories"] == ["警告", "罚款"]
    assert body["url"] == f"http://testserver/disclosures/{action.pk}/"  # absolute: read outside the site


def test_a_natural_person_is_masked_and_has_no_id_field(client: Client, agency_a: Agency) -> None:
    number = resident_id(dt.date(1992, 11, 20), 603)
    action = ActionFactory.create(
        agency=agency_a,
        published=True,
        counterparty_type=CounterpartyType.NATURAL_PERSON,
        counterparty_name="吴静怡",
        id_number=number,
    )
    response = client.get(detail(action.pk))
    body = response.json()
    assert body["counterparty_name"] == "吴**"
    assert body["counterparty_uscc"] == ""
    assert not {k for k in body if k.startswith("id_") or "hash" in k or "encrypted" in k}
    assert "吴静怡" not in response.content.decode() and number[6:14] not in response.content.decode()


@pytest.mark.parametrize("key", ["draft", "submitted", "internal"])
def test_the_detail_of_an_unpublished_or_internal_item_is_404(
    client: Client, items: dict[str, AdministrativeAction], key: str
) -> None:
    assert client.get(detail(items[key].pk)).status_code == 404


def test_a_logged_in_reviewer_sees_no_more_than_the_public(
    client: Client, reviewer_a: User, items: dict[str, AdministrativeAction]
) -> None:
    client.force_login(reviewer_a)
    assert client.get(detail(items["submitted"].pk)).status_code == 404
    assert items["submitted"].pk not in result_ids(client.get(LIST))


def test_filters_by_kind_agency_and_dates(
    client: Client, items: dict[str, AdministrativeAction], agency_b: Agency
) -> None:
    assert result_ids(client.get(LIST, {"kind": "licensing"})) == [items["licence"].pk]
    assert result_ids(client.get(LIST, {"agency": agency_b.uscc})) == [items["other_agency"].pk]
    licence_day = items["licence"].decision_date.isoformat()
    assert result_ids(client.get(LIST, {"decided_from": licence_day})) == [items["penalty"].pk, items["licence"].pk]
    assert result_ids(client.get(LIST, {"decided_to": licence_day})) == [items["licence"].pk, items["other_agency"].pk]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"decided_from": "xx"}, "decided_from"),
        ({"decided_to": "2026-02-30"}, "decided_to"),
        ({"kind": "bad"}, "kind"),
        ({"agency": "X" * 40}, "agency"),
        ({"q": "罚" * 60}, "q"),
    ],
)
def test_bad_filter_values_answer_400_with_the_field(client: Client, params: dict[str, str], field: str) -> None:
    response = client.get(LIST, params)
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert response.json()[field]


def test_cursor_pagination_walks_every_item_once(client: Client, agency_a: Agency) -> None:
    base = timezone.now() - dt.timedelta(days=1)
    for i in range(45):
        ActionFactory.create(agency=agency_a, published=True, published_at=base + dt.timedelta(minutes=i // 4))
    expected = list(AdministrativeAction.objects.order_by("-published_at", "-id").values_list("id", flat=True))
    seen: list[int] = []
    url: str | None = LIST
    while url:
        body = client.get(url).json()
        assert "count" not in body  # keyset: no COUNT(*) over a million rows
        seen.extend(r["id"] for r in body["results"])
        url = body["next"]
    assert seen == expected


def test_a_bad_cursor_answers_400_not_500(client: Client, items: dict[str, AdministrativeAction]) -> None:
    response = client.get(LIST, {"cursor": "garbage"})
    assert response.status_code == 400
    assert "cursor" in response.json()


def test_the_api_is_rate_limited_per_client_address(
    client: Client, items: dict[str, AdministrativeAction], monkeypatch: pytest.MonkeyPatch
) -> None:
    # DRF copies DEFAULT_THROTTLE_RATES onto the class at import time, so patch the class.
    monkeypatch.setattr(ClientRateThrottle, "THROTTLE_RATES", {"anon": "3/min"})
    statuses = [client.get(LIST).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    assert client.get(detail(items["penalty"].pk)).status_code == 429
    # Another address has its own allowance.
    assert client.get(LIST, REMOTE_ADDR="203.0.113.9").status_code == 200


def test_the_openapi_schema_documents_the_endpoints_and_filters(client: Client) -> None:
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    operation = schema["paths"]["/api/v1/disclosures/"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"kind", "agency", "q", "decided_from", "decided_to", "cursor"} <= names
    assert "/api/v1/disclosures/{id}/" in schema["paths"]


def test_a_bad_page_size_answers_400(client: Client, items: dict[str, AdministrativeAction]) -> None:
    response = client.get(LIST, {"page_size": "many"})
    assert response.status_code == 400
    assert "page_size" in response.json()


@pytest.mark.django_db
def test_an_agency_filter_that_is_not_a_credit_code_is_a_bad_request(client: Any) -> None:
    response = client.get("/api/v1/disclosures/", {"agency": "not-a-uscc"})
    assert response.status_code == 400
    assert "agency" in response.json()


@pytest.mark.django_db
def test_an_agency_filter_in_lower_case_finds_the_agency(client: Any, items: dict[str, Any], agency_a: Any) -> None:
    response = client.get("/api/v1/disclosures/", {"agency": agency_a.uscc.lower()})
    assert response.status_code == 200
    assert {r["agency_uscc"] for r in response.json()["results"]} == {agency_a.uscc}
