"""The back office for credit records: entry form, conflict, scoping, masking, moves, query counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import Agency, CivilServant, User
from core.roles import Role
from core.workflow import Status
from records.models import CreditRecord, Tier
from records.services.records import record_create, record_move
from tests.factories import CivilServantFactory, UserFactory
from tests.records.conftest import agency_record_data, servant_record_data

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/records/creditrecord/"
ADD = CHANGELIST + "add/"


def change_url(record: CreditRecord) -> str:
    return reverse("admin:records_creditrecord_change", args=[record.pk])


def move_url(record: CreditRecord, move: str) -> str:
    return reverse("admin:records_creditrecord_move", args=[record.pk, move])


def form_data(agency: Agency, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "subject_agency": agency.pk,
        "civil_servant": "",
        "category": "contract_fulfilment",
        "polarity": "dishonest",
        "tier": "general",
        "key_areas": ["investment_promotion"],
        "providing_agency": "",
        "decision_date": (timezone.localdate() - dt.timedelta(days=5)).isoformat(),
        "document_number": "济槐信〔2026〕7号",
        "summary": "未按约定兑现奖励资金。",
        "use_scope": "",
        "publicity_months": "",
        "sanction_kind": "",
        "sanction_effective_on": "",
    }
    data.update(overrides)
    return data


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_clerk_enters_a_record_through_the_admin_form(clerk_a: User, agency_a: Agency) -> None:
    response = logged_in(clerk_a).post(ADD, form_data(agency_a))
    assert response.status_code == 302, response.content.decode()[:2000]
    record = CreditRecord.objects.get()
    assert (record.agency_id, record.created_by, record.status, record.key_areas) == (
        agency_a.pk,
        clerk_a,
        Status.DRAFT,
        ["investment_promotion"],
    )
    assert record.public_until is not None


def test_the_form_refuses_bad_input_with_field_errors_keeping_what_was_typed(clerk_a: User, agency_a: Agency) -> None:
    response = logged_in(clerk_a).post(ADD, form_data(agency_a, tier="", summary="保留这段文字。"))
    assert response.status_code == 200
    assert "tier" in response.context["adminform"].form.errors
    assert "保留这段文字。" in response.content.decode()
    assert not CreditRecord.objects.exists()


def test_a_clerk_cannot_pick_another_agency_or_its_people_as_subject(
    clerk_a: User, agency_b: Agency, person_b: CivilServant
) -> None:
    client = logged_in(clerk_a)
    for data in (form_data(agency_b), form_data(agency_b, subject_agency="", civil_servant=person_b.pk)):
        response = client.post(ADD, data)
        assert response.status_code == 200
        assert set(response.context["adminform"].form.errors) & {"subject_agency", "civil_servant"}
    assert not CreditRecord.objects.exists()


def test_the_second_editor_sees_a_conflict_and_keeps_what_they_typed(clerk_a: User, agency_a: Agency) -> None:
    record = record_create(actor=clerk_a, data=agency_record_data(agency_a))
    clerk_a2 = UserFactory.create(username="clerk_a2", agency=agency_a, is_staff=True, role=Role.CLERK)
    first, second = logged_in(clerk_a), logged_in(clerk_a2)
    assert 'name="based_on_version" value="1"' in second.get(change_url(record)).content.decode()
    base = form_data(agency_a, document_number=record.document_number, based_on_version="1")
    assert first.post(change_url(record), {**base, "summary": "第一人写的摘要。"}).status_code == 302
    response = second.post(change_url(record), {**base, "summary": "第二人写的摘要。"})
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.non_field_errors()
    html = response.content.decode()
    assert "第二人写的摘要。" in html and 'name="based_on_version" value="2"' in html
    stored = CreditRecord.objects.get(pk=record.pk)
    assert (stored.summary, stored.version) == ("第一人写的摘要。", 2)
    # Having seen the conflict, saving again is deliberate.
    again = second.post(change_url(record), {**base, "summary": "第二人写的摘要。", "based_on_version": "2"})
    assert again.status_code == 302
    assert CreditRecord.objects.get(pk=record.pk).summary == "第二人写的摘要。"


def test_another_agencys_record_is_not_found_in_the_admin(clerk_b: User, clerk_a: User, agency_a: Agency) -> None:
    record = record_create(actor=clerk_a, data=agency_record_data(agency_a))
    client = logged_in(clerk_b)
    assert client.get(change_url(record)).status_code == 404  # "does not exist", in the site's 404 page
    assert client.post(move_url(record, "submit")).status_code == 404
    assert record.pk not in [r.pk for r in client.get(CHANGELIST).context["cl"].result_list]


def test_the_move_buttons_submit_and_publish(clerk_a: User, reviewer_a: User, agency_a: Agency) -> None:
    record = record_create(actor=clerk_a, data=agency_record_data(agency_a))
    logged_in(clerk_a).post(move_url(record, "submit"))
    reviewer = logged_in(reviewer_a)
    page = reviewer.get(change_url(record)).content.decode()
    assert move_url(record, "publish") in page and move_url(record, "submit") not in page
    reviewer.post(move_url(record, "publish"))
    assert CreditRecord.objects.get(pk=record.pk).status == Status.PUBLISHED


def test_a_reviewer_sees_but_cannot_edit_and_a_published_record_is_read_only(
    clerk_a: User, reviewer_a: User, agency_a: Agency
) -> None:
    record = record_create(actor=clerk_a, data=agency_record_data(agency_a))
    reviewer = logged_in(reviewer_a)
    assert reviewer.get(change_url(record)).status_code == 200
    refused = reviewer.post(change_url(record), form_data(agency_a, summary="审核员改写", based_on_version="1"))
    assert refused.status_code == 403
    assert reviewer.get(ADD).status_code == 403
    assert CreditRecord.objects.get(pk=record.pk).version == 1
    record_move(record, move="submit", actor=clerk_a)
    record_move(record, move="publish", actor=reviewer_a)
    clerk = logged_in(clerk_a)
    assert clerk.get(change_url(record)).status_code == 200
    published = clerk.post(change_url(record), form_data(agency_a, summary="发布后改写", based_on_version="1"))
    assert published.status_code == 403
    assert CreditRecord.objects.get(pk=record.pk).summary != "发布后改写"


def test_a_read_only_record_shows_its_key_areas_by_name(clerk_a: User, reviewer_a: User, agency_a: Agency) -> None:
    # The read-only view showed the model's JSON: ["investment_promotion"].
    data = agency_record_data(agency_a, key_areas=["investment_promotion", "approval"], summary="未兑现奖励资金。")
    record = record_create(actor=clerk_a, data=data)
    page = logged_in(reviewer_a).get(change_url(record)).content.decode()
    assert "招商引资" in page and "行政审批" in page
    assert "investment_promotion" not in page
    editable = logged_in(clerk_a).get(change_url(record)).content.decode()
    assert 'name="key_areas"' in editable and "field-key_areas_display" not in editable  # a draft keeps its inputs


def test_id_numbers_are_masked_on_the_list_the_form_and_the_change_page(
    clerk_a: User, agency_a: Agency, person_a: CivilServant
) -> None:
    record = record_create(actor=clerk_a, data=servant_record_data(person_a))
    client = logged_in(clerk_a)
    number = person_a.id_number
    for url in (CHANGELIST, ADD, change_url(record)):
        html = client.get(url).content.decode()
        assert number not in html
        assert person_a.id_number_masked in html


def test_a_clerk_finds_a_persons_records_by_id_number(clerk_a: User, person_a: CivilServant, agency_a: Agency) -> None:
    mine = record_create(actor=clerk_a, data=servant_record_data(person_a))
    record_create(actor=clerk_a, data=agency_record_data(agency_a))
    found = logged_in(clerk_a).get(CHANGELIST, {"q": person_a.id_number}).context["cl"].result_list
    assert [r.pk for r in found] == [mine.pk]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"file": "civil_servant"}, {"servant"}),
        ({"file": "agency"}, {"agency"}),
        ({"key_area": "investment_promotion"}, {"agency"}),
        ({"polarity__exact": "neutral"}, {"servant"}),
        ({"tier__exact": "general"}, {"agency"}),
        ({"automatic": "no"}, {"agency", "servant"}),
        ({"automatic": "yes"}, set()),
    ],
)
def test_the_list_filters_a_clerk_expects(
    clerk_a: User, agency_a: Agency, person_a: CivilServant, query: dict[str, str], expected: set[str]
) -> None:
    made = {
        "agency": record_create(actor=clerk_a, data=agency_record_data(agency_a)),
        "servant": record_create(actor=clerk_a, data=servant_record_data(person_a)),
    }
    response = logged_in(clerk_a).get(CHANGELIST, query)
    assert response.status_code == 200
    shown = {r.pk for r in response.context["cl"].result_list}
    assert shown == {made[name].pk for name in expected}


def test_the_changelist_costs_the_same_queries_for_3_or_30_records(
    clerk_a: User, reviewer_a: User, agency_a: Agency, django_assert_max_num_queries: Any
) -> None:
    client = logged_in(clerk_a)

    def seed(n: int) -> None:
        for i in range(n):
            person = CivilServantFactory.create(agency=agency_a)
            record_create(actor=clerk_a, data=servant_record_data(person))
            record = record_create(actor=clerk_a, data=agency_record_data(agency_a, tier=Tier.SERIOUS))
            if i % 2:
                record_move(record_move(record, move="submit", actor=clerk_a), move="publish", actor=reviewer_a)

    seed(2)
    client.get(CHANGELIST)  # warm the session and content types
    # Session, user, roles, permissions and the session's renewal are fixed costs (core.security).
    with django_assert_max_num_queries(14) as few:
        client.get(CHANGELIST)
    seed(14)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(CHANGELIST).context["cl"].result_list) == 32
