"""Entering sanctions in the back office and through `/api/v1/staff/sanctions/`: who may,
field errors, another agency's 404, the version, query counts, the record's page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from core.models import Agency, User
from core.roles import Role
from records.models import CreditRecord, Evidence, Sanction
from records.services.notices import record_notices_send
from records.services.sanctions import sanction_create
from tests.factories import AgencyFactory, UserFactory
from tests.records.conftest import agency_record_data, pdf_upload, published_record, sanction_data

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/records/sanction/"
ADD = CHANGELIST + "add/"
API = "/api/v1/staff/sanctions/"


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api(user: User) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def due(days: int = 20) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def form(record: CreditRecord, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "record": record.pk,
        "kind": "rectification",
        "document_number": "",
        "active_from": "",
        "active_until": "",
        "due_on": due(),
        "notice_text": "",
        "completed_on": "",
        "completion_note": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def record(clerk_a: User, reviewer_a: User, agency_a: Agency) -> CreditRecord:
    return published_record(clerk_a, reviewer_a, agency_record_data(agency_a))


# --- the back office ---


def test_a_clerk_adds_a_rectification_from_the_record_page(clerk_a: User, record: CreditRecord) -> None:
    client = logged_in(clerk_a)
    page = client.get(reverse("admin:records_creditrecord_change", args=[record.pk]))
    assert f"{ADD}?record={record.pk}".encode() in page.content
    assert client.get(f"{ADD}?record={record.pk}").status_code == 200
    response = client.post(ADD, form(record))
    assert response.status_code == 302, response.context["adminform"].form.errors
    sanction = Sanction.objects.get()
    assert (sanction.record, sanction.created_by, sanction.agency_id) == (record, clerk_a, record.agency_id)


def test_a_completed_rectification_needs_its_evidence_in_the_form(clerk_a: User, record: CreditRecord) -> None:
    client = logged_in(clerk_a)
    today = timezone.localdate().isoformat()
    refused = client.post(ADD, form(record, completed_on=today))
    assert refused.status_code == 200 and "evidence_file" in refused.context["adminform"].form.errors
    assert not Sanction.objects.exists()
    done = client.post(ADD, {**form(record, completed_on=today), "evidence_file": pdf_upload()})
    assert done.status_code == 302
    assert Evidence.objects.get().sanction == Sanction.objects.get()


def test_form_errors_not_a_500(clerk_a: User, record: CreditRecord) -> None:
    response = logged_in(clerk_a).post(ADD, form(record, kind="public_criticism"))
    errors = response.context["adminform"].form.errors
    assert response.status_code == 200 and "notice_text" in errors and "due_on" in errors


def test_the_records_offered_are_the_users_dishonesty_records(
    clerk_a: User, clerk_b: User, reviewer_a: User, agency_a: Agency, agency_b: Agency, record: CreditRecord
) -> None:
    good = published_record(
        clerk_a, reviewer_a, agency_record_data(agency_a, polarity="trustworthy", tier="", key_areas=[])
    )
    page = logged_in(clerk_a).get(ADD)
    offered = {int(str(v)) for v, _label in page.context["adminform"].form.fields["record"].choices if v}
    assert offered == {record.pk} and good.pk not in offered
    refused = logged_in(clerk_b).post(ADD, form(record))
    assert refused.status_code == 200 and "record" in refused.context["adminform"].form.errors


def test_a_reviewer_reads_but_cannot_add_or_edit(clerk_a: User, reviewer_a: User, record: CreditRecord) -> None:
    sanction = sanction_create(actor=clerk_a, data=sanction_data(record))
    client = logged_in(reviewer_a)
    assert client.get(ADD).status_code == 403
    url = reverse("admin:records_sanction_change", args=[sanction.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, form(record, document_number="改")).status_code == 403
    assert Sanction.objects.get().document_number == ""


def test_another_agencys_sanction_is_404(clerk_a: User, clerk_b: User, record: CreditRecord) -> None:
    sanction = sanction_create(actor=clerk_a, data=sanction_data(record))
    client = logged_in(clerk_b)
    assert client.get(reverse("admin:records_sanction_change", args=[sanction.pk])).status_code == 404
    assert client.get(CHANGELIST).context["cl"].result_count == 0


def test_an_edit_from_an_old_page_is_a_conflict_message(
    clerk_a: User, credit_office: User, record: CreditRecord
) -> None:
    sanction = sanction_create(actor=clerk_a, data=sanction_data(record))
    url = reverse("admin:records_sanction_change", args=[sanction.pk])
    data = {**form(record, document_number="甲"), "based_on_version": 1}
    data.pop("record")
    assert logged_in(credit_office).post(url, data).status_code == 302
    stale = logged_in(clerk_a).post(url, {**data, "document_number": "乙"})
    assert stale.status_code == 200 and stale.context["adminform"].form.non_field_errors()
    assert Sanction.objects.get().document_number == "甲"


def test_the_changelist_costs_the_same_queries_for_3_or_30_sanctions(
    clerk_a: User, reviewer_a: User, agency_a: Agency, django_assert_max_num_queries: Any
) -> None:
    client = logged_in(clerk_a)

    def seed(n: int) -> None:
        for i in range(n):
            record = published_record(clerk_a, reviewer_a, agency_record_data(agency_a))
            kind = ["rectification", "explanation", "award_ineligibility"][i % 3]
            sanction_create(actor=clerk_a, data=sanction_data(record, kind))

    seed(3)
    client.get(CHANGELIST)  # warm the session and content types
    with django_assert_max_num_queries(14) as few:
        client.get(CHANGELIST)
    seed(27)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(CHANGELIST).context["cl"].result_list) == 30


def test_the_state_filter(clerk_a: User, record: CreditRecord) -> None:
    sanction_create(actor=clerk_a, data=sanction_data(record, due_on=timezone.localdate()))
    sanction_create(actor=clerk_a, data=sanction_data(record, "award_ineligibility"))
    client = logged_in(clerk_a)
    assert client.get(CHANGELIST + "?state=open").context["cl"].result_count == 1
    assert client.get(CHANGELIST + "?state=in_force").context["cl"].result_count == 2
    assert client.get(CHANGELIST + "?state=lifted").context["cl"].result_count == 0


def test_the_record_page_shows_its_sanctions_and_the_notices_sent(
    clerk_a: User, reviewer_a: User, agency_a: Agency, record: CreditRecord
) -> None:
    parent = AgencyFactory.create(name="测试上级政府")
    agency_a.parent = parent
    agency_a.save()
    UserFactory.create(username="superior", agency=parent, is_staff=True, role=Role.REVIEWER)
    sanction_create(actor=clerk_a, data=sanction_data(record, "explanation"))
    record_notices_send(record_id=record.pk)
    client = logged_in(clerk_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the English msgids, before translations compile
    page = client.get(reverse("admin:records_creditrecord_change", args=[record.pk]))
    text = page.content.decode()
    assert "Written explanation" in text and "Superior agency" in text and "测试上级政府" in text


# --- the staff API ---


def test_the_api_creates_reads_and_updates_with_a_version(clerk_a: User, record: CreditRecord) -> None:
    client = api(clerk_a)
    created = client.post(API, {"record": record.pk, "kind": "explanation", "due_on": due()}, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["state"], body["agency"], body["version"]) == ("pending", record.agency_id, 1)
    pk = body["id"]
    assert client.get(f"{API}{pk}/").json()["kind"] == "explanation"
    assert client.patch(f"{API}{pk}/", {"document_number": "无版本"}, format="json").status_code == 400
    done = client.patch(f"{API}{pk}/", {"completed_on": timezone.localdate().isoformat(), "version": 1}, format="json")
    assert done.status_code == 200 and done.json()["state"] == "completed"
    stale = client.patch(f"{API}{pk}/", {"document_number": "旧版本", "version": 1}, format="json")
    assert stale.status_code == 409
    assert client.get(API + f"?record={record.pk}").json()["results"][0]["id"] == pk


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "nonsense"}, "kind"),
        ({"due_on": None}, "due_on"),
        ({"due_on": "2026-02-30"}, "due_on"),
        ({"kind": "judgment_debtor", "due_on": None}, "kind"),
        ({"measures": ["holidays"]}, "measures"),
        ({"completed_on": "2999-01-01"}, "completed_on"),
        ({"completed_on": "2026-01-01"}, "completed_on"),  # a rectification without its evidence
        ({"record": 999999}, "record"),
    ],
)
def test_bad_input_is_a_400_with_the_field(
    clerk_a: User, record: CreditRecord, change: dict[str, Any], field: str
) -> None:
    data = {"record": record.pk, "kind": "rectification", "due_on": due(), **change}
    response = api(clerk_a).post(API, data, format="json")
    assert response.status_code == 400 and field in response.json(), response.json()
    assert not Sanction.objects.exists()


def test_another_agencys_sanction_is_404_and_its_records_not_found(
    clerk_a: User, clerk_b: User, record: CreditRecord
) -> None:
    sanction = sanction_create(actor=clerk_a, data=sanction_data(record))
    other = api(clerk_b)
    assert other.get(f"{API}{sanction.pk}/").status_code == 404
    assert other.patch(f"{API}{sanction.pk}/", {"document_number": "x", "version": 1}, format="json").status_code == 404
    assert other.get(API).json()["results"] == []
    foreign = other.post(API, {"record": record.pk, "kind": "rectification", "due_on": due()}, format="json")
    assert foreign.status_code == 400 and "record" in foreign.json()


def test_the_record_of_a_sanction_is_not_changed_by_an_update(
    clerk_a: User, reviewer_a: User, agency_a: Agency, record: CreditRecord
) -> None:
    other = published_record(clerk_a, reviewer_a, agency_record_data(agency_a))
    sanction = sanction_create(actor=clerk_a, data=sanction_data(record))
    api(clerk_a).patch(f"{API}{sanction.pk}/", {"record": other.pk, "version": 1}, format="json")
    assert Sanction.objects.get().record == record


def test_the_sanctions_api_is_in_the_schema(clerk_a: User) -> None:
    schema = api(clerk_a).get("/api/schema/?format=json").json()
    assert {"/api/v1/staff/sanctions/", "/api/v1/staff/sanctions/{id}/"} <= set(schema["paths"])


def test_the_api_list_costs_constant_queries(
    clerk_a: User, reviewer_a: User, agency_a: Agency, django_assert_max_num_queries: Any
) -> None:
    client = api(clerk_a)
    record = published_record(clerk_a, reviewer_a, agency_record_data(agency_a))
    sanction_create(actor=clerk_a, data=sanction_data(record))
    client.get(API)
    with django_assert_max_num_queries(12) as few:
        client.get(API)
    for _ in range(10):
        sanction_create(actor=clerk_a, data=sanction_data(record), upload=pdf_upload())
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(API).json()["results"]) == 11


def test_any_staff_reader_asks_for_an_agencys_restrictions(
    clerk_a: User, reviewer_a: User, clerk_b: User, overseer: User, agency_a: Agency
) -> None:
    judgment = published_record(clerk_a, reviewer_a, agency_record_data(agency_a, category="judgment"))
    sanction_create(actor=clerk_a, data=sanction_data(judgment, "judgment_debtor", measures=["subsidies"]))
    for asker in (clerk_b, reviewer_a):
        by_code = api(asker).get(API + f"restrictions/?agency={agency_a.uscc.lower()}")
        assert by_code.status_code == 200
        assert [(r["measure"], r["record_id"]) for r in by_code.json()] == [("subsidies", judgment.pk)]
    assert api(clerk_b).get(API + f"restrictions/?agency={clerk_b.agency_id}").json() == []
    missing = api(clerk_b).get(API + "restrictions/?agency=999999")
    assert missing.status_code == 400 and "agency" in missing.json()
    assert api(clerk_b).get(API + "restrictions/").status_code == 400
    assert api(overseer).get(API + f"restrictions/?agency={agency_a.pk}").status_code == 403


def test_a_reviewer_lifts_one_measure_through_the_api(
    clerk_a: User, reviewer_a: User, clerk_b: User, record: CreditRecord
) -> None:
    sanction = sanction_create(actor=clerk_a, data=sanction_data(record, "award_ineligibility"))
    url = f"{API}{sanction.pk}/lift/"
    assert api(clerk_a).post(url, {"reason": "提前解除"}, format="json").status_code == 403  # a clerk enters, not lifts
    assert api(clerk_b).post(url, {"reason": "提前解除"}, format="json").status_code == 404
    assert api(reviewer_a).post(url, {}, format="json").status_code == 400
    lifted = api(reviewer_a).post(url, {"reason": "表彰评选限制经区委批准提前解除"}, format="json")
    assert lifted.status_code == 200 and lifted.json()["state"] == "lifted"
    assert api(reviewer_a).post(url, {"reason": "again"}, format="json").status_code == 400
