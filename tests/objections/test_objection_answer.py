"""objection_answer: a reviewer of the providing agency answers once, in writing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import AuditEvent, CivilServant, Notification, User
from core.services.marks import marks_of
from integrity.lib.errors import Conflict
from objections.models import ObjectionStatus, Outcome
from objections.services.objections import objection_accept, objection_answer
from records.models import CreditRecord, IntegrityFact, RecordTakedown, UseScope
from tests.objections.conftest import at, file_objection, published_record

pytestmark = pytest.mark.django_db
REPLY = "经核查，原记录依据充分，予以维持。"


def test_upheld_keeps_the_record_and_the_mark_goes(
    civil_servant: CivilServant, own_record: CreditRecord, reviewer_a: User
) -> None:
    objection = file_objection(civil_servant, own_record)
    assert [m.code for m in marks_of(own_record)] == ["objection_pending"]
    answered = objection_answer(objection=objection, actor=reviewer_a, outcome=Outcome.UPHELD, reply=REPLY)
    assert answered.status == ObjectionStatus.ANSWERED and answered.kept_deadline is True
    assert marks_of(own_record) == []
    own_record.refresh_from_db()
    assert own_record.version == 1
    notice = Notification.objects.get(kind="objections.answered")
    assert notice.recipient == civil_servant.user and notice.body == REPLY
    assert AuditEvent.objects.filter(action="objections.objection.answer", to_state="answered").count() == 1


def test_corrected_makes_a_new_version_audited(
    civil_servant: CivilServant, own_record: CreditRecord, reviewer_a: User
) -> None:
    objection = file_objection(civil_servant, own_record)
    objection_answer(
        objection=objection,
        actor=reviewer_a,
        outcome=Outcome.CORRECTED,
        reply="经核查，考核结果录入有误，已更正。",
        correction={"summary": "2025年度考核结果：优秀。"},
    )
    own_record.refresh_from_db()
    assert own_record.summary == "2025年度考核结果：优秀。" and own_record.version == 2
    event = AuditEvent.objects.get(action="records.creditrecord.correct")
    assert event.data["changes"]["summary"]["from"] == "2025年度考核结果：称职。"


def test_revoked_takes_a_public_record_off_the_site_with_its_log(
    civil_servant: CivilServant, clerk_a: User, reviewer_a: User
) -> None:
    record = published_record(
        civil_servant, clerk_a, reviewer_a, use_scope=UseScope.PUBLIC, summary="年度考核结果：称职。"
    )
    assert CreditRecord.objects.public().filter(pk=record.pk).exists()
    objection = file_objection(civil_servant, record)
    objection_answer(objection=objection, actor=reviewer_a, outcome=Outcome.REVOKED, reply="原记录认定错误，予以撤销。")
    assert not CreditRecord.objects.public().filter(pk=record.pk).exists()
    assert RecordTakedown.objects.get(record=record).reason == "revoked"


def test_not_admissible_needs_the_reason(
    civil_servant: CivilServant, own_record: CreditRecord, reviewer_a: User
) -> None:
    objection = file_objection(civil_servant, own_record)
    with pytest.raises(ValidationError) as refused:
        objection_answer(objection=objection, actor=reviewer_a, outcome=Outcome.INADMISSIBLE, reply="")
    assert "reply" in refused.value.message_dict
    answered = objection_answer(
        objection=objection, actor=reviewer_a, outcome=Outcome.INADMISSIBLE, reply="异议事项不属于本单位提供的信息。"
    )
    assert answered.status == ObjectionStatus.REJECTED


def test_corrected_without_the_corrected_text_is_a_field_error(
    civil_servant: CivilServant, own_record: CreditRecord, reviewer_a: User
) -> None:
    objection = file_objection(civil_servant, own_record)
    with pytest.raises(ValidationError) as refused:
        objection_answer(objection=objection, actor=reviewer_a, outcome=Outcome.CORRECTED, reply=REPLY)
    assert "corrected_summary" in refused.value.message_dict


def test_only_a_reviewer_of_the_providing_agency_answers(
    civil_servant: CivilServant, own_record: CreditRecord, clerk_a: User, clerk_b: User, credit_office: User
) -> None:
    objection = file_objection(civil_servant, own_record)
    for actor in (clerk_a, clerk_b, credit_office, civil_servant.user):
        with pytest.raises(PermissionDenied):
            objection_answer(objection=objection, actor=actor, outcome=Outcome.UPHELD, reply=REPLY)


def test_a_second_answer_is_a_conflict(civil_servant: CivilServant, own_record: CreditRecord, reviewer_a: User) -> None:
    objection = file_objection(civil_servant, own_record)
    objection_accept(objection=objection, actor=reviewer_a)
    objection_answer(objection=objection, actor=reviewer_a, outcome=Outcome.UPHELD, reply=REPLY)
    with pytest.raises(Conflict):
        objection_answer(objection=objection, actor=reviewer_a, outcome=Outcome.REVOKED, reply=REPLY)


def test_an_answer_after_the_due_date_is_a_fact_and_the_filer_sees_it_late(
    civil_servant: CivilServant, own_record: CreditRecord, reviewer_a: User
) -> None:
    objection = file_objection(civil_servant, own_record, dt.date(2026, 9, 24))
    with at(dt.date(2026, 10, 16)):
        answered = objection_answer(objection=objection, actor=reviewer_a, outcome=Outcome.UPHELD, reply=REPLY)
    assert answered.kept_deadline is False
    fact = IntegrityFact.objects.get(kind="late_objection_answer")
    assert fact.agency_id == objection.agency_id and fact.occurred_on == dt.date(2026, 10, 16)


def test_after_the_answer_a_new_objection_may_be_filed(
    civil_servant: CivilServant, own_record: CreditRecord, reviewer_a: User
) -> None:
    objection = file_objection(civil_servant, own_record)
    objection_answer(objection=objection, actor=reviewer_a, outcome=Outcome.UPHELD, reply=REPLY)
    assert file_objection(civil_servant, own_record).pk != objection.pk
