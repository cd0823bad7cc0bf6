"""Every admin view and API endpoint of credit records, for every persona: the expected status
per cell, so an unexpected 2xx (or a 500) fails one named cell."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from core.models import Agency, CivilServant, User
from records.models import CreditRecord, Evidence
from records.services.evidence import evidence_add
from records.services.records import record_create, record_move
from tests.records.conftest import agency_record_data

pytestmark = pytest.mark.django_db

PERSONAS = ["clerk_a", "reviewer_a", "clerk_b", "credit_office", "overseer", "civil_servant", "stranger", "anonymous"]

Call = Callable[[Client, APIClient, CreditRecord, Evidence], int]


def admin_get(path: Callable[[CreditRecord, Evidence], str]) -> Call:
    return lambda client, api, record, evidence: client.get(path(record, evidence)).status_code


def api_call(method: str, path: Callable[[CreditRecord], str], data: dict[str, Any] | None = None) -> Call:
    return lambda client, api, record, evidence: getattr(api, method)(path(record), data, format="json").status_code


LIST = "/api/v1/staff/records/"

# endpoint: (call, {persona: status}); the record is agency A's draft with one evidence file.
MATRIX: dict[str, tuple[Call, dict[str, int]]] = {
    "admin changelist": (
        admin_get(lambda r, e: "/admin/records/creditrecord/"),
        dict(zip(PERSONAS, [200, 200, 200, 200, 403, 302, 302, 302], strict=True)),
    ),
    "admin add": (
        admin_get(lambda r, e: "/admin/records/creditrecord/add/"),
        dict(zip(PERSONAS, [200, 403, 200, 200, 403, 302, 302, 302], strict=True)),
    ),
    "admin change": (
        admin_get(lambda r, e: reverse("admin:records_creditrecord_change", args=[r.pk])),
        # Another agency's record and the overseer: "does not exist" (404), before any permission check.
        dict(zip(PERSONAS, [200, 200, 404, 200, 404, 302, 302, 302], strict=True)),
    ),
    "evidence download": (
        admin_get(lambda r, e: reverse("admin:records_evidence_download", args=[e.pk])),
        dict(zip(PERSONAS, [200, 200, 404, 200, 403, 302, 302, 302], strict=True)),
    ),
    "api list": (
        api_call("get", lambda r: LIST),
        dict(zip(PERSONAS, [200, 200, 200, 200, 403, 403, 403, 403], strict=True)),
    ),
    "api detail": (
        api_call("get", lambda r: f"{LIST}{r.pk}/"),
        dict(zip(PERSONAS, [200, 200, 404, 200, 403, 403, 403, 403], strict=True)),
    ),
    "api update": (
        api_call("patch", lambda r: f"{LIST}{r.pk}/", {"summary": "改", "version": 1}),
        dict(zip(PERSONAS, [200, 403, 404, 200, 403, 403, 403, 403], strict=True)),
    ),
    "api submit": (
        api_call("post", lambda r: f"{LIST}{r.pk}/submit/"),
        dict(zip(PERSONAS, [200, 403, 404, 200, 403, 403, 403, 403], strict=True)),
    ),
    "api revoke a draft": (
        api_call("post", lambda r: f"{LIST}{r.pk}/revoke/", {"reason": "撤销"}),
        dict(zip(PERSONAS, [403, 400, 404, 400, 403, 403, 403, 403], strict=True)),
    ),
}
SUBMITTED_MATRIX: dict[str, tuple[Call, dict[str, int]]] = {
    "api publish": (
        api_call("post", lambda r: f"{LIST}{r.pk}/publish/"),
        dict(zip(PERSONAS, [403, 200, 404, 200, 403, 403, 403, 403], strict=True)),
    ),
    "api return": (
        api_call("post", lambda r: f"{LIST}{r.pk}/return/", {"reason": "补充"}),
        dict(zip(PERSONAS, [403, 200, 404, 200, 403, 403, 403, 403], strict=True)),
    ),
}


def clients(request: pytest.FixtureRequest, persona: str) -> tuple[Client, APIClient]:
    client, api = Client(), APIClient()
    if persona != "anonymous":
        value = request.getfixturevalue(persona)
        user: Any = value.user if isinstance(value, CivilServant) else value
        client.force_login(user)
        api.force_login(user)
    return client, api


@pytest.fixture
def draft(clerk_a: User, agency_a: Agency) -> tuple[CreditRecord, Evidence]:
    record = record_create(actor=clerk_a, data=agency_record_data(agency_a))
    evidence = evidence_add(record=record, actor=clerk_a, upload=SimpleUploadedFile("决定书.pdf", b"%PDF-1.4\n%%EOF\n"))
    return record, evidence


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("endpoint", sorted(MATRIX))
def test_each_persona_gets_the_expected_status_on_a_draft(
    request: pytest.FixtureRequest, draft: tuple[CreditRecord, Evidence], endpoint: str, persona: str
) -> None:
    call, expected = MATRIX[endpoint]
    client, api = clients(request, persona)
    assert call(client, api, *draft) == expected[persona]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("endpoint", sorted(SUBMITTED_MATRIX))
def test_each_persona_gets_the_expected_status_on_a_submitted_record(
    request: pytest.FixtureRequest, draft: tuple[CreditRecord, Evidence], clerk_a: User, endpoint: str, persona: str
) -> None:
    record, evidence = draft
    record_move(record, move="submit", actor=clerk_a)
    call, expected = SUBMITTED_MATRIX[endpoint]
    client, api = clients(request, persona)
    assert call(client, api, record, evidence) == expected[persona]
