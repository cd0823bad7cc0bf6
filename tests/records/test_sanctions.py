"""Sanctions (惩戒措施, plan item 5): every legal and illegal entry, edit, completion and lift."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.models import Agency, AuditEvent, CivilServant, User
from core.services.takedowns import TakedownReason, takedown_request
from core.workflow import Status
from integrity.lib.errors import ApplicationError
from records.models import Category, CreditRecord, Evidence, Measure, Sanction, SanctionState
from records.services.records import record_create, record_move
from records.services.sanctions import (
    SanctionConflict,
    sanction_create,
    sanction_evidence_add,
    sanction_lift,
    sanction_update,
    sanctions_lift,
)
from tests.records.conftest import (
    agency_record_data,
    pdf_upload,
    published_record,
    sanction_data,
    servant_record_data,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def record(clerk_a: User, reviewer_a: User, agency_a: Agency) -> CreditRecord:
    return published_record(clerk_a, reviewer_a, agency_record_data(agency_a))


@pytest.fixture
def judgment(clerk_a: User, reviewer_a: User, agency_a: Agency) -> CreditRecord:
    return published_record(clerk_a, reviewer_a, agency_record_data(agency_a, category=Category.JUDGMENT))


def errors_of(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, Any]:
    return exc.value.message_dict


def events(sanction: Sanction) -> list[str]:
    rows = AuditEvent.objects.filter(object_type="records.sanction", object_id=str(sanction.pk)).order_by("id")
    return [e.action for e in rows]


@pytest.mark.parametrize("kind", [k.value for k in Sanction.Kind if k != Sanction.Kind.JUDGMENT_DEBTOR])
def test_every_kind_is_entered_on_a_dishonesty_record_and_audited(
    kind: str, clerk_a: User, record: CreditRecord
) -> None:
    sanction = sanction_create(actor=clerk_a, data=sanction_data(record, kind))
    assert (sanction.agency_id, sanction.active_from) == (record.agency_id, record.decision_date)
    assert events(sanction) == ["records.sanction.create"]


def test_a_judgment_debtor_gets_all_four_restrictions_unless_told(clerk_a: User, judgment: CreditRecord) -> None:
    every = sanction_create(actor=clerk_a, data=sanction_data(judgment, "judgment_debtor"))
    assert every.measures == list(Measure.values)
    some = sanction_create(actor=clerk_a, data=sanction_data(judgment, "judgment_debtor", measures=["financing"]))
    assert some.measures == ["financing"]


@pytest.mark.parametrize(
    ("kind", "overrides", "field"),
    [
        ("rectification", {"due_on": None}, "due_on"),
        ("explanation", {"due_on": None}, "due_on"),
        ("award_ineligibility", {"active_until": None}, "active_until"),
        ("award_ineligibility", {"due_on": dt.date(2026, 1, 5)}, "due_on"),
        ("public_criticism", {"notice_text": " "}, "notice_text"),
        ("rectification", {"notice_text": "通报"}, "notice_text"),
        ("rectification", {"measures": ["financing"]}, "measures"),
        ("judgment_debtor", {"measures": ["holidays"]}, "measures"),
        ("judgment_debtor", {"measures": ["financing", "financing"]}, "measures"),
        ("award_ineligibility", {"active_until": dt.date(2000, 1, 1)}, "active_until"),
        ("rectification", {"due_on": dt.date(2000, 1, 1)}, "due_on"),
        ("explanation", {"completed_on": dt.date(2999, 1, 1)}, "completed_on"),
        ("public_criticism", {"completed_on": dt.date(2026, 1, 5)}, "completed_on"),
        ("public_criticism", {"notice_text": "对王建国（身份证号110101199003074514）予以通报批评。"}, "notice_text"),
    ],
)
def test_bad_input_is_a_field_error_and_nothing_is_saved(
    kind: str, overrides: dict[str, Any], field: str, clerk_a: User, judgment: CreditRecord
) -> None:
    with pytest.raises(ValidationError) as exc:
        sanction_create(actor=clerk_a, data=sanction_data(judgment, kind, **overrides))
    assert field in errors_of(exc)
    assert not Sanction.objects.exists()


def test_debtor_restrictions_only_on_an_agencys_judgment_record(clerk_a: User, record: CreditRecord) -> None:
    with pytest.raises(ValidationError) as exc:
        sanction_create(actor=clerk_a, data=sanction_data(record, "judgment_debtor"))
    assert "kind" in errors_of(exc)


def test_only_dishonesty_records_take_sanctions(clerk_a: User, agency_a: Agency) -> None:
    neutral = record_create(
        actor=clerk_a, data=agency_record_data(agency_a, polarity="trustworthy", tier="", key_areas=[])
    )
    with pytest.raises(ValidationError) as exc:
        sanction_create(actor=clerk_a, data=sanction_data(neutral))
    assert "record" in errors_of(exc)


def test_a_revoked_record_takes_no_new_sanction(clerk_a: User, credit_office: User, record: CreditRecord) -> None:
    record_move(record, move="revoke", actor=credit_office, reason="原决定已撤销")
    with pytest.raises(ValidationError) as exc:
        sanction_create(actor=clerk_a, data=sanction_data(record))
    assert "record" in errors_of(exc)


def test_fields_outside_the_allow_list_are_refused(clerk_a: User, record: CreditRecord) -> None:
    with pytest.raises(ApplicationError):
        sanction_create(actor=clerk_a, data={**sanction_data(record), "lifted_at": timezone.now()})


@pytest.mark.parametrize("who", ["reviewer_a", "clerk_b", "stranger"])
def test_only_whom_may_enter_the_record_enters_its_sanctions(
    who: str, request: pytest.FixtureRequest, record: CreditRecord
) -> None:
    with pytest.raises(PermissionDenied):
        sanction_create(actor=request.getfixturevalue(who), data=sanction_data(record))
    assert not Sanction.objects.exists()


def test_the_credit_office_enters_for_any_agency(credit_office: User, record: CreditRecord) -> None:
    assert sanction_create(actor=credit_office, data=sanction_data(record)).pk


def test_a_civil_servants_record_takes_award_ineligibility(
    clerk_a: User, reviewer_a: User, person_a: CivilServant
) -> None:
    record = published_record(
        clerk_a,
        reviewer_a,
        servant_record_data(person_a, category="disciplinary_sanction", polarity="dishonest", tier="general"),
    )
    sanction = sanction_create(actor=clerk_a, data=sanction_data(record, "award_ineligibility"))
    assert sanction.state() == SanctionState.IN_FORCE


def test_rectification_is_completed_only_with_its_evidence(clerk_a: User, record: CreditRecord) -> None:
    sanction = sanction_create(actor=clerk_a, data=sanction_data(record))
    with pytest.raises(ValidationError) as exc:
        sanction_update(sanction=sanction, actor=clerk_a, data={"completed_on": TODAY()}, version=1)
    assert "completed_on" in errors_of(exc)
    done = sanction_update(
        sanction=sanction, actor=clerk_a, data={"completed_on": TODAY()}, version=1, upload=pdf_upload()
    )
    assert (done.version, done.state()) == (2, SanctionState.COMPLETED)
    assert Evidence.objects.get(sanction=done).record_id == record.pk
    assert events(done) == ["records.sanction.create", "records.sanction.complete"]


def test_evidence_first_then_the_completion_date(clerk_a: User, record: CreditRecord) -> None:
    sanction = sanction_create(actor=clerk_a, data=sanction_data(record))
    sanction_evidence_add(sanction=sanction, actor=clerk_a, upload=pdf_upload())
    done = sanction_update(sanction=sanction, actor=clerk_a, data={"completed_on": TODAY()}, version=1)
    assert done.completed_on == TODAY()


def test_an_explanation_completes_without_a_file(clerk_a: User, record: CreditRecord) -> None:
    sanction = sanction_create(actor=clerk_a, data=sanction_data(record, "explanation", completed_on=TODAY()))
    assert sanction.state() == SanctionState.COMPLETED


def test_an_edit_of_an_older_version_is_a_conflict(clerk_a: User, credit_office: User, record: CreditRecord) -> None:
    sanction = sanction_create(actor=clerk_a, data=sanction_data(record))
    sanction_update(sanction=sanction, actor=credit_office, data={"document_number": "济槐信〔2026〕1号"}, version=1)
    with pytest.raises(SanctionConflict):
        sanction_update(sanction=sanction, actor=clerk_a, data={"document_number": "济槐信〔2026〕2号"}, version=1)
    assert Sanction.objects.get().document_number == "济槐信〔2026〕1号"


def test_a_sanction_stays_with_its_record(clerk_a: User, reviewer_a: User, agency_a: Agency) -> None:
    first = published_record(clerk_a, reviewer_a, agency_record_data(agency_a))
    other = published_record(clerk_a, reviewer_a, agency_record_data(agency_a))
    sanction = sanction_create(actor=clerk_a, data=sanction_data(first))
    with pytest.raises(ValidationError):
        sanction_update(sanction=sanction, actor=clerk_a, data={"record": other}, version=1)


def test_clerk_of_another_agency_cannot_edit(clerk_a: User, clerk_b: User, record: CreditRecord) -> None:
    sanction = sanction_create(actor=clerk_a, data=sanction_data(record))
    with pytest.raises(PermissionDenied):
        sanction_update(sanction=sanction, actor=clerk_b, data={"document_number": "x"}, version=1)


def test_revoking_the_record_lifts_its_sanctions_once(clerk_a: User, credit_office: User, record: CreditRecord) -> None:
    a = sanction_create(actor=clerk_a, data=sanction_data(record))
    b = sanction_create(actor=clerk_a, data=sanction_data(record, "award_ineligibility"))
    record_move(record, move="revoke", actor=credit_office, reason="二审改判")
    for sanction in (a, b):
        sanction.refresh_from_db()
        assert (sanction.state(), sanction.lift_reason) == (SanctionState.LIFTED, "二审改判")
        assert events(sanction)[-1] == "records.sanction.lift"
    assert sanctions_lift(record=record, reason="again") == 0
    with pytest.raises(ApplicationError):
        sanction_update(sanction=a, actor=clerk_a, data={"document_number": "x"}, version=1)


def test_a_repair_lifts_the_sanctions_through_the_takedown(
    clerk_a: User, credit_office: User, record: CreditRecord
) -> None:
    sanction = sanction_create(actor=clerk_a, data=sanction_data(record))
    from django.db import transaction

    with transaction.atomic():
        takedown_request(obj=record, reason=TakedownReason.REPAIRED, actor=credit_office, note="信用修复已批准")
    sanction.refresh_from_db()
    assert (sanction.state(), sanction.lift_reason) == (SanctionState.LIFTED, "信用修复已批准")


def test_one_measure_is_lifted_by_a_reviewer_with_a_reason(
    clerk_a: User, reviewer_a: User, judgment: CreditRecord
) -> None:
    sanction = sanction_create(actor=clerk_a, data=sanction_data(judgment, "judgment_debtor"))
    with pytest.raises(PermissionDenied):
        sanction_lift(sanction=sanction, actor=clerk_a, reason="已履行")
    with pytest.raises(ApplicationError):
        sanction_lift(sanction=sanction, actor=reviewer_a, reason=" ")
    lifted = sanction_lift(sanction=sanction, actor=reviewer_a, reason="已履行判决义务，移出失信被执行人名单")
    assert lifted.state() == SanctionState.LIFTED
    with pytest.raises(ApplicationError):
        sanction_lift(sanction=sanction, actor=reviewer_a, reason="again")


def test_states_follow_the_dates(clerk_a: User, record: CreditRecord) -> None:
    today = TODAY()
    sanction = sanction_create(actor=clerk_a, data=sanction_data(record, due_on=today + dt.timedelta(days=3)))
    assert sanction.state(today) == SanctionState.PENDING
    assert sanction.state(today + dt.timedelta(days=4)) == SanctionState.OVERDUE
    ineligible = sanction_create(
        actor=clerk_a, data=sanction_data(record, "award_ineligibility", active_until=today + dt.timedelta(days=1))
    )
    assert ineligible.state(today + dt.timedelta(days=2)) == SanctionState.ENDED
    later = sanction_create(
        actor=clerk_a,
        data=sanction_data(record, "public_criticism", active_from=today + dt.timedelta(days=5)),
    )
    assert later.state(today) == SanctionState.SCHEDULED


def test_a_draft_records_sanction_binds_only_once_published(clerk_a: User, reviewer_a: User, agency_a: Agency) -> None:
    draft = record_create(actor=clerk_a, data=agency_record_data(agency_a, category=Category.JUDGMENT))
    sanction_create(actor=clerk_a, data=sanction_data(draft, "judgment_debtor"))
    assert not Sanction.objects.in_force().exists()
    record_move(draft, move="submit", actor=clerk_a)
    record_move(draft, move="publish", actor=reviewer_a)
    assert Sanction.objects.in_force().count() == 1
    assert CreditRecord.objects.get(pk=draft.pk).status == Status.PUBLISHED
