"""The staff API `/api/v1/staff/actions/`: enter, submit, publish, return, revoke."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from core.models import User
from core.workflow import Status
from disclosure.models import AdministrativeAction
from tests.disclosure.conftest import ActionFactory, natural_person_data, penalty_data, resident_id

pytestmark = pytest.mark.django_db

LIST = "/api/v1/staff/actions/"


def url(pk: int, move: str = "") -> str:
    return f"{LIST}{pk}/" + (f"{move}/" if move else "")


def as_json(data: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(data, default=str))


def api(user: User | None, *, token: bool = False) -> APIClient:
    client = APIClient()
    if user is not None and token:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    elif user is not None:
        client.force_login(user)
    return client


def test_a_clerk_creates_and_submits_and_a_reviewer_publishes_with_tokens(clerk_a: User, reviewer_a: User) -> None:
    clerk, reviewer = api(clerk_a, token=True), api(reviewer_a, token=True)
    created = clerk.post(LIST, as_json(penalty_data()), format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["status"], body["agency"]) == (Status.DRAFT, clerk_a.agency_id)
    assert body["due_on"]
    pk = body["id"]
    assert clerk.post(url(pk, "submit")).json()["status"] == Status.SUBMITTED
    assert clerk.post(url(pk, "publish")).status_code == 403  # the submitter never publishes
    published = reviewer.post(url(pk, "publish"))
    assert published.status_code == 200
    assert published.json()["status"] == Status.PUBLISHED
    assert Client().get(f"/api/v1/disclosures/{pk}/").status_code == 200


def test_session_authentication_works_too(clerk_a: User) -> None:
    assert api(clerk_a).post(LIST, as_json(penalty_data()), format="json").status_code == 201


def test_the_id_number_is_write_only(clerk_a: User) -> None:
    number = resident_id(dt.date(1986, 4, 2), 604)
    response = api(clerk_a).post(LIST, {**as_json(natural_person_data("孙小红")), "id_number": number}, format="json")
    assert response.status_code == 201, response.json()
    text = response.content.decode()
    assert number not in text and "id_number" not in text
    assert AdministrativeAction.objects.get().id_number == number


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"fine_amount": None}, "fine_amount"),
        ({"counterparty_uscc": ""}, "counterparty_uscc"),
        ({"counterparty_uscc": "91370104MA0005000X"}, "counterparty_uscc"),
        ({"decision_date": "2026-02-30"}, "decision_date"),
        ({"kind": "bad"}, "kind"),
        ({"penalty_categories": ["flogging"]}, "penalty_categories"),
        ({"fine_amount": "-3"}, "fine_amount"),
    ],
)
def test_bad_input_answers_400_with_field_errors_and_saves_nothing(
    clerk_a: User, change: dict[str, Any], field: str
) -> None:
    response = api(clerk_a).post(LIST, {**as_json(penalty_data()), **change}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not AdministrativeAction.objects.exists()


def test_a_future_decision_date_answers_400(clerk_a: User) -> None:
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = api(clerk_a).post(LIST, {**as_json(penalty_data()), "decision_date": tomorrow}, format="json")
    assert response.status_code == 400
    assert "decision_date" in response.json()


def test_a_bad_resident_id_answers_400(clerk_a: User) -> None:
    response = api(clerk_a).post(
        LIST, {**as_json(natural_person_data("孙小红")), "id_number": "320106198604026010"}, format="json"
    )
    assert response.status_code == 400
    assert "id_number" in response.json()


def test_a_duplicate_document_number_answers_400_not_500(clerk_a: User) -> None:
    data = as_json(penalty_data())
    client = api(clerk_a)
    assert client.post(LIST, data, format="json").status_code == 201
    response = client.post(LIST, data, format="json")
    assert response.status_code == 400
    assert "决定文书号" in json.dumps(response.json(), ensure_ascii=False)
    assert AdministrativeAction.objects.count() == 1


def test_a_duplicate_that_slips_past_the_check_in_a_race_answers_400_not_500(
    clerk_a: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = as_json(penalty_data())
    client = api(clerk_a)
    assert client.post(LIST, data, format="json").status_code == 201
    # Two requests at once both pass full_clean's check; the database constraint decides.
    monkeypatch.setattr(AdministrativeAction, "validate_constraints", lambda self, exclude=None: None)
    response = client.post(LIST, data, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["document_number"]
    assert AdministrativeAction.objects.count() == 1


def test_a_clerk_of_another_agency_gets_404_on_an_item(clerk_a: User, clerk_b: User) -> None:
    pk = api(clerk_a).post(LIST, as_json(penalty_data()), format="json").json()["id"]
    other = api(clerk_b)
    assert other.get(url(pk)).status_code == 404
    assert other.post(url(pk, "submit")).status_code == 404
    assert other.patch(url(pk), {"remarks": "改"}, format="json").status_code == 404
    assert pk not in [r["id"] for r in other.get(LIST).json()["results"]]
    assert AdministrativeAction.objects.get(pk=pk).status == Status.DRAFT


def test_a_reviewer_of_another_agency_gets_404(clerk_a: User, reviewer_b: User) -> None:
    pk = api(clerk_a).post(LIST, as_json(penalty_data()), format="json").json()["id"]
    api(clerk_a).post(url(pk, "submit"))
    assert api(reviewer_b).post(url(pk, "publish")).status_code == 404


def test_anonymous_visitors_are_refused(clerk_a: User) -> None:
    anonymous = api(None)
    assert anonymous.get(LIST).status_code in (401, 403)
    assert anonymous.post(LIST, as_json(penalty_data()), format="json").status_code in (401, 403)
    assert not AdministrativeAction.objects.exists()


def test_a_user_without_an_agency_sees_nothing_and_cannot_create(stranger: User, agency_a: Any) -> None:
    ActionFactory.create(agency=agency_a)
    client = api(stranger)
    assert client.get(LIST).status_code == 403  # no role that reads actions: the staff API is closed
    assert client.post(LIST, as_json(penalty_data()), format="json").status_code == 403
    assert AdministrativeAction.objects.count() == 1


def test_a_return_needs_a_reason_and_a_returned_item_can_be_edited(clerk_a: User, reviewer_a: User) -> None:
    clerk, reviewer = api(clerk_a), api(reviewer_a)
    pk = clerk.post(LIST, as_json(penalty_data()), format="json").json()["id"]
    clerk.post(url(pk, "submit"))
    assert "reason" in reviewer.post(url(pk, "return"), {}, format="json").json()
    returned = reviewer.post(url(pk, "return"), {"reason": "罚款金额有误"}, format="json").json()
    assert (returned["status"], returned["return_reason"]) == (Status.RETURNED, "罚款金额有误")
    edited = clerk.patch(url(pk), {"fine_amount": "3.000000"}, format="json")
    assert edited.status_code == 200, edited.json()
    assert edited.json()["fine_amount"] == "3.000000"


def test_an_edit_that_breaks_a_rule_answers_400(clerk_a: User) -> None:
    clerk = api(clerk_a)
    pk = clerk.post(LIST, as_json(penalty_data()), format="json").json()["id"]
    response = clerk.patch(url(pk), {"fine_amount": None}, format="json")
    assert response.status_code == 400 and "fine_amount" in response.json()
    assert AdministrativeAction.objects.get(pk=pk).fine_amount is not None


def test_a_published_item_cannot_be_edited_and_a_second_publish_is_400(clerk_a: User, reviewer_a: User) -> None:
    clerk, reviewer = api(clerk_a), api(reviewer_a)
    pk = clerk.post(LIST, as_json(penalty_data()), format="json").json()["id"]
    clerk.post(url(pk, "submit"))
    reviewer.post(url(pk, "publish"))
    assert clerk.patch(url(pk), {"remarks": "改"}, format="json").status_code == 403
    again = reviewer.post(url(pk, "publish"))
    assert again.status_code == 400 and "status" in again.json()


def test_a_reviewer_revokes_with_a_reason(clerk_a: User, reviewer_a: User) -> None:
    clerk, reviewer = api(clerk_a), api(reviewer_a)
    pk = clerk.post(LIST, as_json(penalty_data()), format="json").json()["id"]
    clerk.post(url(pk, "submit"))
    reviewer.post(url(pk, "publish"))
    assert reviewer.post(url(pk, "revoke"), {}, format="json").status_code == 400
    assert reviewer.post(url(pk, "revoke"), {"reason": "复议撤销"}, format="json").json()["status"] == Status.REVOKED
    assert Client().get(f"/api/v1/disclosures/{pk}/").status_code == 404


def test_the_staff_list_is_paginated_newest_first(clerk_a: User, agency_a: Any) -> None:
    made = [ActionFactory.create(agency=agency_a).pk for _ in range(3)]
    page = api(clerk_a).get(LIST, {"page_size": 2}).json()
    assert [r["id"] for r in page["results"]] == sorted(made, reverse=True)[:2]
    assert page["next"]
