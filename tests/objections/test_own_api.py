"""The civil servant's API: own records and objections; 400 with field messages; nothing
half-saved; another person's ids answer 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from core.models import CivilServant
from objections.models import Objection, ObjectionEvidence
from records.models import CreditRecord
from tests.objections.conftest import REASONS, file_objection, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(civil_servant: CivilServant) -> APIClient:
    client = APIClient()
    client.force_authenticate(civil_servant.user)
    return client


def test_own_records_with_their_marks(
    api: APIClient,
    civil_servant: CivilServant,
    own_record: CreditRecord,
    others_record: CreditRecord,
    django_assert_max_num_queries: Any,
) -> None:
    file_objection(civil_servant, own_record)
    with django_assert_max_num_queries(8):
        body = api.get("/api/v1/me/records/").json()
    assert [r["id"] for r in body["results"]] == [own_record.pk]
    assert body["results"][0]["marks"][0]["code"] == "objection_pending"
    assert api.get(f"/api/v1/me/records/{others_record.pk}/").status_code == 404


def test_create_an_objection_with_a_file(api: APIClient, own_record: CreditRecord) -> None:
    response = api.post(
        "/api/v1/me/objections/",
        {"record": own_record.pk, "reasons": REASONS, "evidence_files": [pdf()]},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["query_code"] and body["status"] == "submitted" and "due_on_text" in body
    assert ObjectionEvidence.objects.filter(objection_id=body["id"]).count() == 1
    assert api.get(f"/api/v1/me/objections/{body['id']}/").status_code == 200


def test_bad_input_is_400_with_field_messages_and_saves_nothing(api: APIClient, own_record: CreditRecord) -> None:
    response = api.post("/api/v1/me/objections/", {"record": own_record.pk, "reasons": "短"}, format="json")
    assert response.status_code == 400 and "reasons" in response.json()
    bad = api.post(
        "/api/v1/me/objections/",
        {"record": own_record.pk, "reasons": REASONS, "evidence_files": [pdf(), SimpleUploadedFile("x.exe", b"MZ")]},
        format="multipart",
    )
    assert bad.status_code == 400 and "evidence_files" in bad.json()
    assert api.post("/api/v1/me/objections/", {"reasons": REASONS}, format="json").json().keys() == {"record"}
    assert not Objection.objects.exists() and not ObjectionEvidence.objects.exists()


def test_a_second_open_objection_is_400(api: APIClient, civil_servant: CivilServant, own_record: CreditRecord) -> None:
    file_objection(civil_servant, own_record)
    response = api.post("/api/v1/me/objections/", {"record": own_record.pk, "reasons": REASONS}, format="json")
    assert response.status_code == 400 and "record" in response.json()


def test_another_persons_record_and_objection_are_404(
    api: APIClient, other_servant: CivilServant, others_record: CreditRecord
) -> None:
    theirs = file_objection(other_servant, others_record)
    assert api.get(f"/api/v1/me/objections/{theirs.pk}/").status_code == 404
    response = api.post("/api/v1/me/objections/", {"record": others_record.pk, "reasons": REASONS}, format="json")
    assert response.status_code == 404
    assert api.get("/api/v1/me/objections/").json()["results"] == []
    assert Objection.objects.count() == 1


def test_staff_are_refused(reviewer_a: Any) -> None:
    client = APIClient()
    client.force_authenticate(reviewer_a)
    assert client.get("/api/v1/me/records/").status_code == 403
