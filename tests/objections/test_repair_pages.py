"""Credit repair on /me/, in the admin and in the civil servant's API: the button (or why not
yet), the form with the credit commitment, the reviewer's decision, A vs B by every id, the
public agency page after approval, 400 with field messages and nothing half-saved."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from core.models import CivilServant, SharingMessage, User
from objections.repair_models import RepairEvidence, RepairRequest, RepairStatus
from objections.services.repair import repair_accept
from records.models import CreditRecord
from tests.objections.conftest import at, pdf
from tests.objections.repair_helpers import STATEMENT, dishonest_record, file_repair

pytestmark = pytest.mark.django_db
ELIGIBLE = dt.date(2026, 4, 7)


@pytest.fixture
def record(civil_servant: CivilServant, clerk_a: User, reviewer_a: User) -> CreditRecord:
    return dishonest_record(civil_servant, clerk_a, reviewer_a)


@pytest.fixture
def me(client: Client, civil_servant: CivilServant) -> Client:
    assert civil_servant.user is not None
    client.force_login(civil_servant.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_button_is_disabled_with_the_date_and_why_before_the_minimum_period(
    me: Client, record: CreditRecord, django_assert_max_num_queries: Any
) -> None:
    with at(dt.date(2026, 3, 20)), django_assert_max_num_queries(13):
        page = me.get(reverse("objections:me")).content.decode()
    assert 'data-repair="disabled"' in page
    assert "Possible from 2026-04-05" in page and "minimum publicity period" in page
    with at(ELIGIBLE):
        me.force_login(User.objects.get(username="servant"))  # a session of that day (the earlier one idled out)
        page = me.get(reverse("objections:me")).content.decode()
    assert reverse("objections:repair_file", args=[record.pk]) in page and 'data-repair="apply"' in page


def test_the_form_shows_the_commitment_and_requires_its_acceptance(me: Client, record: CreditRecord) -> None:
    url = reverse("objections:repair_file", args=[record.pk])
    with at(ELIGIBLE):
        page = me.get(url).content.decode()
        assert "信用承诺书" in page and "王建国" in page and "槐纪〔2026〕3号" in page
        refused = me.post(url, {"statement": STATEMENT, "evidence_files": [pdf()]})
    assert refused.status_code == 400 and "Accept the credit commitment" in refused.content.decode()
    assert not RepairRequest.objects.exists() and not RepairEvidence.objects.exists()
    with at(ELIGIBLE):
        response = me.post(url, {"statement": STATEMENT, "evidence_files": [pdf()], "commitment_accepted": "on"})
    repair = RepairRequest.objects.get()
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("objections:repair_detail", args=[repair.pk])
    )
    assert repair.commitment_accepted_at is not None and "王建国" in repair.commitment_text
    with at(ELIGIBLE):
        detail = me.get(response["Location"]).content.decode()
    assert "2026-04-10" in detail  # acceptance due: 8, 9, 10 Apr


def test_a_bad_upload_on_the_form_saves_nothing(me: Client, record: CreditRecord) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("证明.pdf", b"not a pdf at all", content_type="application/pdf")
    with at(ELIGIBLE):
        response = me.post(
            reverse("objections:repair_file", args=[record.pk]),
            {"statement": STATEMENT, "evidence_files": [pdf(), bad], "commitment_accepted": "on"},
        )
    assert response.status_code == 400
    assert not RepairRequest.objects.exists() and not RepairEvidence.objects.exists()


def test_civil_servant_b_gets_404_for_as_request_by_url_and_api(
    client: Client, civil_servant: CivilServant, other_servant: CivilServant, record: CreditRecord
) -> None:
    repair = file_repair(civil_servant, record, ELIGIBLE)
    assert other_servant.user is not None
    client.force_login(other_servant.user)
    assert client.get(reverse("objections:repair_detail", args=[repair.pk])).status_code == 404
    assert client.get(reverse("objections:repair_evidence", args=[repair.evidence.get().pk])).status_code == 404
    assert client.get(reverse("objections:repair_file", args=[record.pk])).status_code == 404
    api = APIClient()
    api.force_authenticate(other_servant.user)
    assert api.get(f"/api/v1/me/repairs/{repair.pk}/").status_code == 404
    assert api.get("/api/v1/me/repairs/").json()["results"] == []
    response = api.post(
        "/api/v1/me/repairs/", {"record": record.pk, "statement": STATEMENT, "commitment_accepted": True}
    )
    assert response.status_code in (400, 404) and RepairRequest.objects.count() == 1


def test_the_api_creates_lists_and_details_with_field_messages(
    civil_servant: CivilServant, record: CreditRecord
) -> None:
    api = APIClient()
    api.force_authenticate(civil_servant.user)
    with at(ELIGIBLE):
        bad = api.post(
            "/api/v1/me/repairs/",
            {"record": record.pk, "statement": STATEMENT, "commitment_accepted": False},
            format="multipart",
        )
        assert bad.status_code == 400 and "commitment_accepted" in bad.json()
        missing = api.post(
            "/api/v1/me/repairs/", {"record": record.pk, "statement": STATEMENT, "commitment_accepted": True}
        )
        assert missing.status_code == 400 and "evidence_files" in missing.json()
        created = api.post(
            "/api/v1/me/repairs/",
            {"record": record.pk, "statement": STATEMENT, "commitment_accepted": True, "evidence_files": [pdf()]},
            format="multipart",
        )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "submitted" and body["accept_due_on"] == "2026-04-10"
    assert "王建国" in body["commitment_text"]
    assert [r["id"] for r in api.get("/api/v1/me/repairs/").json()["results"]] == [body["id"]]
    assert api.get(f"/api/v1/me/repairs/{body['id']}/").json()["record"] == record.pk
    marks = api.get(f"/api/v1/me/records/{record.pk}/").json()["marks"]
    assert [m["code"] for m in marks] == ["repair_pending"]


def test_the_reviewer_decides_in_the_admin_and_the_record_leaves_the_public_page(
    client: Client, civil_servant: CivilServant, record: CreditRecord, reviewer_a: User, clerk_a: User
) -> None:
    repair = file_repair(civil_servant, record, ELIGIBLE)
    url = reverse("admin:objections_repairrequest_change", args=[repair.pk])
    cache.clear()
    public = Client().get(reverse("disclosure:agency", args=[record.agency.uscc])).content.decode()
    assert f'id="public-record-{record.pk}"' in public
    client.force_login(clerk_a)  # a clerk reads, never decides
    assert 'name="decision"' not in client.get(url).content.decode()
    client.force_login(reviewer_a)
    assert client.post(url, {"decision": "refuse", "reasons": ""}).status_code == 302
    assert RepairRequest.objects.get(pk=repair.pk).status == RepairStatus.SUBMITTED  # refused needs reasons
    client.post(url, {"decision": "accept"})
    assert RepairRequest.objects.get(pk=repair.pk).status == RepairStatus.ACCEPTED
    client.post(url, {"decision": "approve", "reasons": "已完成整改，准予修复。"})
    assert RepairRequest.objects.get(pk=repair.pk).status == RepairStatus.APPROVED
    cache.clear()
    public = Client().get(reverse("disclosure:agency", args=[record.agency.uscc])).content.decode()
    assert f'id="public-record-{record.pk}"' not in public
    assert not CreditRecord.objects.public().filter(pk=record.pk).exists()
    assert SharingMessage.objects.filter(kind="withdraw", subject_id=str(record.pk)).exists()


def test_an_accepted_request_shows_on_me_with_its_status(
    me: Client, civil_servant: CivilServant, record: CreditRecord, reviewer_a: User
) -> None:
    repair = file_repair(civil_servant, record, ELIGIBLE)
    repair_accept(request=repair, actor=reviewer_a)
    page = me.get(reverse("objections:me")).content.decode()
    assert 'data-repair="accepted"' in page
