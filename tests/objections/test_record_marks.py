"""「异议处理中」 is a fact read from the open objection, wherever the record is shown (the own
file, the civil servant's API, the staff API), never a status typed into the record; it goes
with the answer."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from core.models import CivilServant, User
from core.services.marks import item_marks
from core.workflow import Status
from objections.models import Outcome
from objections.services.objections import objection_answer
from records.models import CreditRecord
from tests.objections.conftest import file_objection

pytestmark = pytest.mark.django_db


def _codes(client: APIClient, url: str) -> list[str]:
    return [m["code"] for m in client.get(url).json()["marks"]]


def test_the_mark_appears_with_the_objection_and_goes_with_the_answer(
    civil_servant: CivilServant, own_record: CreditRecord, reviewer_a: User
) -> None:
    servant, staff = APIClient(), APIClient()
    servant.force_authenticate(civil_servant.user)
    staff.force_authenticate(reviewer_a)
    own_url, staff_url = f"/api/v1/me/records/{own_record.pk}/", f"/api/v1/staff/records/{own_record.pk}/"
    assert _codes(servant, own_url) == [] and _codes(staff, staff_url) == []
    objection = file_objection(civil_servant, own_record)
    assert _codes(servant, own_url) == ["objection_pending"]
    assert _codes(staff, staff_url) == ["objection_pending"]
    assert staff.get("/api/v1/staff/records/").json()["results"][0]["marks"][0]["code"] == "objection_pending"
    own_record.refresh_from_db()
    assert own_record.status == Status.PUBLISHED  # the record's own status is untouched
    objection_answer(objection=objection, actor=reviewer_a, outcome=Outcome.UPHELD, reply="依据充分，予以维持。")
    assert _codes(servant, own_url) == [] and _codes(staff, staff_url) == []


def test_marks_of_a_page_cost_one_query(
    civil_servant: CivilServant, own_record: CreditRecord, django_assert_num_queries: object
) -> None:
    file_objection(civil_servant, own_record)
    # One query per provider for the whole page: the open objections, the repair requests.
    with django_assert_num_queries(2):  # type: ignore[operator]
        marks = item_marks(CreditRecord, [own_record.pk, own_record.pk + 1000])
    assert list(marks) == [own_record.pk]
