"""The staff API `/api/v1/staff/records/`: enter, edit with a version, move, read; scoping and errors."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from rest_framework.test import APIClient

from core.models import Agency, CivilServant, User
from core.workflow import Status
from records.models import CreditRecord
from records.services.records import record_create
from tests.records.conftest import agency_record_data, servant_record_data

pytestmark = pytest.mark.django_db

LIST = "/api/v1/staff/records/"


def url(pk: int, move: str = "") -> str:
    return f"{LIST}{pk}/" + (f"{move}/" if move else "")


def api(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def body(data: dict[str, Any]) -> dict[str, Any]:
    """Model instances as their ids, dates as ISO strings: what a client sends."""
    plain = {k: (v.pk if hasattr(v, "pk") else v) for k, v in data.items()}
    return json.loads(json.dumps(plain, default=str))  # type: ignore[no-any-return]


def test_a_clerk_creates_and_submits_and_a_reviewer_publishes(
    clerk_a: User, reviewer_a: User, agency_a: Agency
) -> None:
    created = api(clerk_a).post(LIST, body(agency_record_data(agency_a)), format="json")
    assert created.status_code == 201, created.json()
    record = created.json()
    assert (record["status"], record["agency"], record["version"], record["automatic"]) == (
        Status.DRAFT,
        agency_a.pk,
        1,
        False,
    )
    assert record["public_until"] and record["min_public_until"]
    assert api(clerk_a).post(url(record["id"], "submit")).json()["status"] == Status.SUBMITTED
    assert api(clerk_a).post(url(record["id"], "publish")).status_code == 403
    assert api(reviewer_a).post(url(record["id"], "publish")).json()["status"] == Status.PUBLISHED


def test_an_edit_names_its_version_and_an_old_one_is_a_409(clerk_a: User, agency_a: Agency) -> None:
    record = record_create(actor=clerk_a, data=agency_record_data(agency_a))
    client = api(clerk_a)
    missing = client.patch(url(record.pk), {"summary": "没有版本号"}, format="json")
    assert missing.status_code == 400 and "version" in missing.json()
    first = client.patch(url(record.pk), {"summary": "第一次修改", "version": 1}, format="json")
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = client.patch(url(record.pk), {"summary": "基于旧版本的修改", "version": 1}, format="json")
    assert stale.status_code == 409 and "version" in stale.json()
    assert CreditRecord.objects.get(pk=record.pk).summary == "第一次修改"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"tier": ""}, "tier"),
        ({"tier": "dreadful"}, "tier"),
        ({"category": "annual_assessment"}, "category"),  # a civil servant's category in an agency's file
        ({"key_areas": ["flying"]}, "key_areas"),
        ({"decision_date": "2026-02-30"}, "decision_date"),
        ({"decision_date": (dt.date.today() + dt.timedelta(days=3)).isoformat()}, "decision_date"),
        ({"publicity_months": 40}, "publicity_months"),
        ({"summary": ""}, "summary"),
        ({"subject_agency": None}, "subject_agency"),
        ({"providing_agency": 999999}, "providing_agency"),
    ],
)
def test_bad_input_is_a_400_with_the_field_and_nothing_is_saved(
    clerk_a: User, agency_a: Agency, change: dict[str, Any], field: str
) -> None:
    response = api(clerk_a).post(LIST, {**body(agency_record_data(agency_a)), **change}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not CreditRecord.objects.exists()


def test_workflow_fields_in_a_request_are_ignored(clerk_a: User, agency_a: Agency) -> None:
    data = {**body(agency_record_data(agency_a)), "status": "published", "public_until": "2099-01-01", "fact": 1}
    response = api(clerk_a).post(LIST, data, format="json")
    assert response.status_code == 201
    assert CreditRecord.objects.get().status == Status.DRAFT


def test_another_agencys_record_is_404_and_its_people_are_not_found(
    clerk_a: User, clerk_b: User, agency_a: Agency, person_a: CivilServant
) -> None:
    record = record_create(actor=clerk_a, data=agency_record_data(agency_a))
    other = api(clerk_b)
    assert other.get(url(record.pk)).status_code == 404
    assert other.patch(url(record.pk), {"summary": "x", "version": 1}, format="json").status_code == 404
    assert other.post(url(record.pk, "submit")).status_code == 404
    assert other.get(LIST).json()["results"] == []
    foreign = other.post(LIST, body(servant_record_data(person_a)), format="json")
    assert foreign.status_code == 400 and "civil_servant" in foreign.json()
    foreign_agency = other.post(LIST, body(agency_record_data(agency_a)), format="json")
    assert foreign_agency.status_code == 400 and "subject_agency" in foreign_agency.json()


@pytest.mark.parametrize(
    ("who", "get", "post"),
    [
        ("clerk_a", 200, 201),
        ("reviewer_a", 200, 403),
        ("credit_office", 200, 201),
        ("overseer", 403, 403),
        ("stranger", 403, 403),
        (None, 403, 403),
    ],
)
def test_who_may_list_and_create(
    request: pytest.FixtureRequest, agency_a: Agency, who: str | None, get: int, post: int
) -> None:
    user = request.getfixturevalue(who) if who else None
    client = api(user)
    assert client.get(LIST).status_code == get
    assert client.post(LIST, body(agency_record_data(agency_a)), format="json").status_code == post


def test_a_civil_servant_has_no_staff_api(civil_servant: CivilServant) -> None:
    assert api(civil_servant.user).get(LIST).status_code == 403


def test_id_numbers_are_masked_in_the_api(clerk_a: User, person_a: CivilServant) -> None:
    record = record_create(actor=clerk_a, data=servant_record_data(person_a))
    text = api(clerk_a).get(url(record.pk)).content.decode()
    assert person_a.id_number not in text and person_a.id_number_masked in text


def test_the_list_filters_and_costs_the_same_queries_for_more_records(
    clerk_a: User, agency_a: Agency, person_a: CivilServant, django_assert_max_num_queries: Any
) -> None:
    client = api(clerk_a)
    for _ in range(3):
        record_create(actor=clerk_a, data=servant_record_data(person_a))
        record_create(actor=clerk_a, data=agency_record_data(agency_a))
    client.get(LIST)
    # Session, user, roles, two permission reads, the session's renewal and the page's marks
    # (one query per mark provider: objections, repair requests) are fixed costs.
    with django_assert_max_num_queries(11) as few:
        assert len(client.get(LIST).json()["results"]) == 6
    for _ in range(10):
        record_create(actor=clerk_a, data=servant_record_data(person_a))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(LIST).json()["results"]) == 16
    neutral = client.get(LIST, {"polarity": "neutral"}).json()["results"]
    assert len(neutral) == 13
    assert client.get(LIST, {"polarity": "sometimes"}).status_code == 400


def test_the_browsable_form_offers_only_the_users_own_people(
    clerk_b: User, person_a: CivilServant, person_b: CivilServant
) -> None:
    html = api(clerk_b).get(LIST, HTTP_ACCEPT="text/html").content.decode()
    assert person_b.name in html and person_a.name not in html
