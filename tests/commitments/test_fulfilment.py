"""The fulfilment lifecycle of a published commitment (plan item 8): every move, legal and not."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from commitments.models import Commitment, Fulfilment
from commitments.services import fulfilment
from commitments.services.fulfilment import commitment_breach, commitment_change, commitment_fulfil, outcomes_for
from core.models import Agency, AuditEvent, CivilServant, User
from core.workflow import Status, WorkflowError
from records.models import Category, CreditRecord, Polarity, Tier
from tests.commitments.conftest import make_commitment

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _change(c: Commitment, actor: User, **overrides: Any) -> Commitment:
    given: dict[str, Any] = {
        "on": TODAY(),
        "legal_basis": "《优化营商环境条例》第三十一条；区政府常务会议纪要〔2026〕9号",
        "procedure": "经合法性审查、集体讨论决定，并书面告知企业",
        "compensation": "按协议约定补偿企业已发生的前期费用",
    }
    given.update(overrides)
    return commitment_change(commitment=c, actor=actor, **given)


def test_a_reviewer_records_a_commitment_as_fulfilled(published: Commitment, reviewer_a: User) -> None:
    commitment_fulfil(commitment=published, actor=reviewer_a, on=TODAY(), note="奖励资金已全额拨付")
    published.refresh_from_db()
    assert (published.fulfilment, published.settled_on, published.settled_by) == (
        Fulfilment.FULFILLED,
        TODAY(),
        reviewer_a,
    )
    event = AuditEvent.objects.get(action="commitments.commitment.fulfilled")
    assert (event.from_state, event.to_state) == ("in_progress", "fulfilled")


def test_the_credit_office_records_a_lawful_change_with_basis_procedure_and_compensation(
    published: Commitment, credit_office: User
) -> None:
    _change(published, credit_office)
    published.refresh_from_db()
    assert published.fulfilment == Fulfilment.CHANGED
    assert published.change_legal_basis.startswith("《优化营商环境条例》")
    assert AuditEvent.objects.filter(action="commitments.commitment.changed").count() == 1


@pytest.mark.parametrize("missing", ["legal_basis", "procedure", "compensation"])
def test_a_lawful_change_needs_all_three(published: Commitment, reviewer_a: User, missing: str) -> None:
    with pytest.raises(ValidationError) as caught:
        _change(published, reviewer_a, **{missing: "  "})
    assert missing in caught.value.message_dict
    published.refresh_from_db()
    assert published.fulfilment == Fulfilment.IN_PROGRESS


def test_the_missing_legal_basis_says_a_change_of_government_is_no_reason(
    published: Commitment, reviewer_a: User
) -> None:
    from django.utils import translation

    with translation.override("en"), pytest.raises(ValidationError) as caught:
        _change(published, reviewer_a, legal_basis="")
    assert "change of government or of the responsible person is not a lawful reason" in str(caught.value)


def test_a_breach_files_two_dishonesty_records_linked_to_the_commitment(
    published: Commitment, credit_office: User, agency_a: Agency, person_a: CivilServant
) -> None:
    commitment_breach(
        commitment=published, actor=credit_office, on=TODAY(), facts="逾期未兑现奖励资金", tier=Tier.GENERAL
    )
    published.refresh_from_db()
    assert published.fulfilment == Fulfilment.BREACHED
    against_agency, against_person = published.breach_agency_record, published.breach_person_record
    assert against_agency is not None and against_person is not None
    assert (against_agency.subject_agency, against_agency.category) == (agency_a, Category.CONTRACT_FULFILMENT)
    assert (against_person.civil_servant, against_person.category) == (person_a, Category.ACCOUNTABILITY)
    for record in (against_agency, against_person):
        assert (record.polarity, record.tier, record.status) == (Polarity.DISHONEST, Tier.GENERAL, Status.SUBMITTED)
        assert record.key_areas == ["investment_promotion"]
        assert record.decision_date == TODAY()
        assert record.created_by == credit_office
    assert CreditRecord.objects.count() == 2
    event = AuditEvent.objects.get(action="commitments.commitment.breached")
    assert event.data["breach_agency_record"] == against_agency.pk
    assert event.data["breach_person_record"] == against_person.pk


def test_a_breach_that_fails_half_way_leaves_no_record(
    published: Commitment, credit_office: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = fulfilment.record_create
    calls = []

    def second_fails(**kwargs: Any) -> CreditRecord:
        calls.append(1)
        if len(calls) == 2:
            raise ValidationError({"summary": ["simulated failure"]})
        return real(**kwargs)

    monkeypatch.setattr(fulfilment, "record_create", second_fails)
    with pytest.raises(ValidationError):
        commitment_breach(commitment=published, actor=credit_office, on=TODAY(), facts="逾期未兑现")
    assert len(calls) == 2  # the first record was written, then rolled back with everything else
    assert CreditRecord.objects.count() == 0
    published.refresh_from_db()
    assert (published.fulfilment, published.breach_agency_record_id) == (Fulfilment.IN_PROGRESS, None)
    assert not AuditEvent.objects.filter(action__startswith="records.creditrecord").exists()


def test_the_database_refuses_a_breach_without_its_records(published: Commitment) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Commitment.objects.filter(pk=published.pk).update(fulfilment=Fulfilment.BREACHED)


def test_only_the_credit_office_finds_a_breach(published: Commitment, reviewer_a: User, clerk_a: User) -> None:
    for actor in (reviewer_a, clerk_a):
        with pytest.raises(PermissionDenied):
            commitment_breach(commitment=published, actor=actor, on=TODAY(), facts="逾期未兑现")
    assert CreditRecord.objects.count() == 0


@pytest.mark.parametrize("outcome", ["fulfilled", "changed"])
def test_a_clerk_or_another_agency_cannot_settle(
    published: Commitment, clerk_a: User, reviewer_b: User, outcome: str
) -> None:
    for actor in (clerk_a, reviewer_b):
        with pytest.raises(PermissionDenied):
            if outcome == "fulfilled":
                commitment_fulfil(commitment=published, actor=actor, on=TODAY(), note="已履行")
            else:
                _change(published, actor)


def test_outcomes_offered_follow_the_policy(
    published: Commitment, reviewer_a: User, credit_office: User, clerk_a: User
) -> None:
    assert outcomes_for(clerk_a, published) == []
    assert outcomes_for(reviewer_a, published) == ["fulfilled", "changed"]
    assert outcomes_for(credit_office, published) == ["fulfilled", "changed", "breached"]


@pytest.mark.parametrize("first", ["fulfilled", "changed", "breached"])
def test_every_outcome_is_final(published: Commitment, credit_office: User, first: str) -> None:
    if first == "fulfilled":
        commitment_fulfil(commitment=published, actor=credit_office, on=TODAY(), note="已履行")
    elif first == "changed":
        _change(published, credit_office)
    else:
        commitment_breach(commitment=published, actor=credit_office, on=TODAY(), facts="逾期未兑现")
    with pytest.raises(WorkflowError):
        commitment_fulfil(commitment=published, actor=credit_office, on=TODAY(), note="再次")
    with pytest.raises(WorkflowError):
        _change(published, credit_office)
    with pytest.raises(WorkflowError):
        commitment_breach(commitment=published, actor=credit_office, on=TODAY(), facts="再次")
    assert outcomes_for(credit_office, published) == []


@pytest.mark.parametrize("state", ["draft", "submitted", "returned"])
def test_an_unpublished_commitment_cannot_be_settled(
    clerk_a: User, reviewer_a: User, credit_office: User, agency_a: Agency, person_a: CivilServant, state: str
) -> None:
    from commitments.services.commitments import commitment_move

    c = make_commitment(clerk_a, agency_a, person_a)
    if state != "draft":
        commitment_move(c, move="submit", actor=clerk_a)
    if state == "returned":
        commitment_move(c, move="return", actor=reviewer_a, reason="补充协议文本")
    with pytest.raises(WorkflowError):
        commitment_fulfil(commitment=c, actor=credit_office, on=TODAY(), note="已履行")
    with pytest.raises(WorkflowError):
        commitment_breach(commitment=c, actor=credit_office, on=TODAY(), facts="逾期")
    assert CreditRecord.objects.count() == 0


def test_a_revoked_commitment_cannot_be_settled(published: Commitment, reviewer_a: User) -> None:
    from commitments.services.commitments import commitment_move

    commitment_move(published, move="revoke", actor=reviewer_a, reason="录入错误")
    with pytest.raises(WorkflowError):
        commitment_fulfil(commitment=published, actor=reviewer_a, on=TODAY(), note="已履行")


@pytest.mark.parametrize(
    ("on", "message_field"),
    [(None, "on"), ("future", "on"), ("before", "on")],
)
def test_the_outcome_date_is_checked(published: Commitment, reviewer_a: User, on: Any, message_field: str) -> None:
    when = {None: None, "future": TODAY() + dt.timedelta(days=1), "before": published.made_on - dt.timedelta(days=1)}[
        on
    ]
    with pytest.raises(ValidationError) as caught:
        commitment_fulfil(commitment=published, actor=reviewer_a, on=when, note="已履行")
    assert message_field in caught.value.message_dict


def test_public_outcome_text_may_not_name_the_responsible_person(
    published: Commitment, credit_office: User, person_a: CivilServant
) -> None:
    with pytest.raises(ValidationError) as caught:
        commitment_breach(commitment=published, actor=credit_office, on=TODAY(), facts=f"{person_a.name}未按期拨付")
    assert "facts" in caught.value.message_dict
    assert CreditRecord.objects.count() == 0


def test_a_breach_on_a_reviewer_of_the_same_agency_is_reviewed_by_them_not_the_author(
    published: Commitment, credit_office: User, credit_office_2: User, reviewer_a: User
) -> None:
    from records.services.records import record_move

    commitment_breach(commitment=published, actor=credit_office, on=TODAY(), facts="逾期未兑现")
    published.refresh_from_db()
    record = published.breach_agency_record
    assert record is not None
    with pytest.raises(PermissionDenied):
        record_move(record, move="publish", actor=credit_office)  # four eyes: the office wrote it
    record_move(record, move="publish", actor=credit_office_2)
    record.refresh_from_db()
    assert record.status == Status.PUBLISHED
