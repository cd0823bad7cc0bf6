"""The staff API /api/v1/staff/commitments/: enter with parts, edit, move, read; field errors
are 400; another agency's commitment is 404; the schema documents it."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from rest_framework.test import APIClient

from commitments.models import Commitment
from core.models import Agency, CivilServant, User
from core.workflow import Status
from tests.commitments.conftest import commitment_data, make_commitment, parts

pytestmark = pytest.mark.django_db

URL = "/api/v1/staff/commitments/"


def _client(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _body(agency: Agency, person: CivilServant, **overrides: Any) -> dict[str, Any]:
    data = {**commitment_data(agency, person), **parts(), **overrides}
    plain = {k: (v.pk if hasattr(v, "pk") else v) for k, v in data.items()}
    result: dict[str, Any] = json.loads(json.dumps(plain, cls=DjangoJSONEncoder))
    return result


def test_a_clerk_creates_a_commitment_with_its_parts(clerk_a: User, agency_a: Agency, person_a: CivilServant) -> None:
    response = _client(clerk_a).post(URL, _body(agency_a, person_a), format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "draft" and data["fulfilment"] == "in_progress"
    assert len(data["milestones"]) == 2 and len(data["targets"]) == 1 and len(data["counterparties"]) == 1
    assert data["responsible_person_display"].startswith(person_a.name)
    assert person_a.id_number not in response.content.decode()  # masked only


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"made_on": "2999-01-01"}, "made_on"),
        ({"kind": "bogus"}, "kind"),
        ({"counterparties": [{"name": "某公司", "uscc": "123"}]}, "counterparties"),
        ({"milestones": [{"title": "开工"}]}, "milestones"),
        ({"promise": "身份证370104197803120011"}, "promise"),
    ],
)
def test_bad_input_is_400_with_field_messages_and_nothing_saved(
    clerk_a: User, agency_a: Agency, person_a: CivilServant, change: dict[str, Any], field: str
) -> None:
    response = _client(clerk_a).post(URL, {**_body(agency_a, person_a), **change}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Commitment.objects.exists()


def test_another_agencys_person_or_agency_is_not_found(
    clerk_a: User, agency_a: Agency, agency_b: Agency, person_a: CivilServant, person_b: CivilServant
) -> None:
    response = _client(clerk_a).post(URL, _body(agency_a, person_b), format="json")
    assert response.status_code == 400 and "responsible_person" in response.json()
    response = _client(clerk_a).post(URL, _body(agency_b, person_a), format="json")
    assert response.status_code == 400 and "committing_agency" in response.json()


def test_another_agencys_commitment_is_404(
    clerk_a: User, clerk_b: User, agency_a: Agency, person_a: CivilServant
) -> None:
    c = make_commitment(clerk_a, agency_a, person_a)
    client = _client(clerk_b)
    assert client.get(f"{URL}{c.pk}/").status_code == 404
    assert client.patch(f"{URL}{c.pk}/", {"title": "改"}, format="json").status_code == 404
    assert client.post(f"{URL}{c.pk}/submit/").status_code == 404


def test_update_submit_return_and_publish(
    clerk_a: User, reviewer_a: User, agency_a: Agency, person_a: CivilServant
) -> None:
    c = make_commitment(clerk_a, agency_a, person_a)
    clerk, reviewer = _client(clerk_a), _client(reviewer_a)
    due = (c.made_on + dt.timedelta(days=10)).isoformat()
    response = clerk.patch(
        f"{URL}{c.pk}/", {"title": "修订后的承诺", "milestones": [{"title": "签约", "due_on": due}]}, format="json"
    )
    assert response.status_code == 200 and [m["title"] for m in response.json()["milestones"]] == ["签约"]
    assert len(response.json()["targets"]) == 1  # a part not given is kept
    assert clerk.post(f"{URL}{c.pk}/submit/").status_code == 200
    assert reviewer.post(f"{URL}{c.pk}/return/", {"reason": ""}, format="json").status_code == 400
    assert reviewer.post(f"{URL}{c.pk}/return/", {"reason": "补充文号"}, format="json").json()["status"] == "returned"
    assert clerk.post(f"{URL}{c.pk}/submit/").status_code == 200
    assert clerk.post(f"{URL}{c.pk}/publish/").status_code == 403  # a clerk does not publish
    response = reviewer.post(f"{URL}{c.pk}/publish/")
    assert response.status_code == 200 and response.json()["status"] == Status.PUBLISHED
    assert clerk.patch(f"{URL}{c.pk}/", {"title": "再改"}, format="json").status_code == 403


def test_workflow_and_fulfilment_fields_are_read_only(clerk_a: User, agency_a: Agency, person_a: CivilServant) -> None:
    body = {**_body(agency_a, person_a), "status": "published", "fulfilment": "fulfilled", "due_on": "2020-01-01"}
    response = _client(clerk_a).post(URL, body, format="json")
    assert response.status_code == 201
    c = Commitment.objects.get()
    assert (c.status, c.fulfilment) == ("draft", "in_progress") and c.due_on != dt.date(2020, 1, 1)


def test_the_schema_documents_the_commitments_api(clerk_a: User) -> None:
    response = _client(clerk_a).get("/api/schema/?format=json")
    paths = response.json()["paths"]
    assert f"{URL}" in paths and f"{URL}{{id}}/publish/" in paths and f"{URL}{{id}}/return/" in paths


def test_the_list_costs_the_same_queries_for_two_or_ten(
    clerk_a: User, reviewer_a: User, agency_a: Agency, person_a: CivilServant
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.commitments.conftest import make_published

    client = _client(clerk_a)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL).status_code == 200
        return len(ctx)

    for _ in range(2):
        make_published(clerk_a, reviewer_a, agency_a, person_a)
    count()  # the first request also fills the user's permission cache
    few = count()
    assert few <= 5  # the page with its parts, one query per kind of part
    for _ in range(8):
        make_published(clerk_a, reviewer_a, agency_a, person_a)
    assert count() == few
