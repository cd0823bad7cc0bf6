"""Credit records and the city credit platform (R-3): which changes write a message, in the
same transaction, and what the message says (no ID number in clear)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from core.models import Agency, CivilServant, SharingMessage, User
from core.services.sharing import SharingOutsideTransaction, sharing_body, sharing_enqueue
from core.services.takedowns import TakedownReason, takedown_request
from core.workflow import Status
from records.models import Category, CreditRecord, Polarity, SanctionKind, Tier, UseScope
from records.services import records as record_services
from records.services.facts import integrity_fact_record
from records.services.records import record_move, record_takedown_sweep
from records.services.sharing import record_correction_share
from tests.records.conftest import agency_record_data, make_record, servant_record_data

pytestmark = pytest.mark.django_db


def _submitted(clerk: User, data: dict[str, Any]) -> CreditRecord:
    record = make_record(clerk, data)
    return record_move(record, move="submit", actor=clerk)


def _published(clerk: User, reviewer: User, data: dict[str, Any]) -> CreditRecord:
    return record_move(_submitted(clerk, data), move="publish", actor=reviewer)


def _kinds(record: CreditRecord) -> list[str]:
    return list(SharingMessage.objects.filter(subject_id=str(record.pk)).order_by("pk").values_list("kind", flat=True))


def test_publishing_a_dishonesty_record_writes_one_message(clerk_a: User, reviewer_a: User, agency_a: Agency) -> None:
    record = _submitted(clerk_a, agency_record_data(agency_a))
    assert _kinds(record) == []  # entering and submitting tell the platform nothing
    record_move(record, move="publish", actor=reviewer_a)
    message = SharingMessage.objects.get()
    assert (message.kind, message.state, message.attempts) == ("publish", "pending", 0)
    assert (message.subject_type, message.subject_id) == ("records.creditrecord", str(record.pk))
    data = message.payload["data"]
    assert data["subject"] == {"type": "agency", "name": agency_a.name, "uscc": agency_a.uscc}
    assert (data["polarity"], data["tier"], data["status"]) == ("dishonest", "general", "published")
    assert data["category_label"].startswith("合同")  # Chinese for the platform, whatever the UI language


def test_records_that_are_not_dishonest_are_not_shared(clerk_a: User, reviewer_a: User, agency_a: Agency) -> None:
    for polarity in (Polarity.TRUSTWORTHY, Polarity.NEUTRAL):
        record = _published(clerk_a, reviewer_a, agency_record_data(agency_a, polarity=polarity, tier=""))
        record_move(record, move="revoke", actor=reviewer_a, reason="撤销")
    assert not SharingMessage.objects.exists()


def test_a_publication_that_rolls_back_leaves_no_message(
    clerk_a: User, reviewer_a: User, agency_a: Agency, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = _submitted(clerk_a, agency_record_data(agency_a))
    real_share = record_services.record_share

    def share_then_fail(*args: Any, **kwargs: Any) -> bool:
        assert real_share(*args, **kwargs) is True  # the message was written ...
        assert SharingMessage.objects.count() == 1
        raise RuntimeError("something later in the same transaction fails")

    monkeypatch.setattr(record_services, "record_share", share_then_fail)
    with pytest.raises(RuntimeError):
        record_move(record, move="publish", actor=reviewer_a)
    assert not SharingMessage.objects.exists()  # ... and went with the rollback
    record.refresh_from_db()
    assert record.status == Status.SUBMITTED


@pytest.mark.django_db(transaction=True)
def test_a_message_outside_a_transaction_is_refused(agency_a: Agency, clerk_a: User) -> None:
    record = make_record(clerk_a, agency_record_data(agency_a))
    with pytest.raises(SharingOutsideTransaction):
        sharing_enqueue(obj=record, kind="publish")
    assert not SharingMessage.objects.exists()


def test_revoking_withdraws_once_whatever_the_scope(clerk_a: User, reviewer_a: User, agency_a: Agency) -> None:
    internal = _published(clerk_a, reviewer_a, agency_record_data(agency_a, use_scope=UseScope.INTERNAL))
    record_move(internal, move="revoke", actor=reviewer_a, reason="决定已撤销")
    assert _kinds(internal) == ["publish", "withdraw"]
    withdrawal = SharingMessage.objects.get(kind="withdraw")
    assert withdrawal.idempotency_key == f"records.creditrecord:{internal.pk}:withdraw"
    assert withdrawal.payload["data"]["withdrawal"]["reason"] == "revoked"
    assert withdrawal.payload["data"]["status"] == "revoked"
    with transaction.atomic():  # a repair asked for later withdraws nothing twice
        takedown_request(obj=internal, reason=TakedownReason.REPAIRED)
    assert _kinds(internal) == ["publish", "withdraw"]


def test_a_repair_withdraws_a_published_record(
    clerk_a: User, reviewer_a: User, agency_a: Agency, credit_office: User
) -> None:
    record = _published(clerk_a, reviewer_a, agency_record_data(agency_a))
    with transaction.atomic():
        takedown_request(obj=record, reason=TakedownReason.REPAIRED, actor=credit_office)
    assert _kinds(record) == ["publish", "withdraw"]
    assert SharingMessage.objects.get(kind="withdraw").payload["data"]["withdrawal"]["reason"] == "repaired"


def test_the_expiry_sweep_withdraws(clerk_a: User, reviewer_a: User, agency_a: Agency) -> None:
    decided = timezone.localdate() - dt.timedelta(days=200)
    record = _published(clerk_a, reviewer_a, agency_record_data(agency_a, decision_date=decided, publicity_months=3))
    assert record.public_until is not None
    assert record_takedown_sweep(today=record.public_until + dt.timedelta(days=1)) == 1
    assert _kinds(record) == ["publish", "withdraw"]
    assert SharingMessage.objects.get(kind="withdraw").payload["data"]["withdrawal"]["reason"] == "expired"


def test_a_correction_is_one_message_per_version(clerk_a: User, reviewer_a: User, agency_a: Agency) -> None:
    draft = make_record(clerk_a, agency_record_data(agency_a))
    with transaction.atomic():
        assert record_correction_share(record=draft) is False  # never published: nothing to correct
    record = _published(clerk_a, reviewer_a, agency_record_data(agency_a))
    CreditRecord.objects.filter(pk=record.pk).update(version=2, summary="更正后的内容摘要。")
    with transaction.atomic():
        assert record_correction_share(record=record) is True
        assert record_correction_share(record=record) is False  # the same version again
    CreditRecord.objects.filter(pk=record.pk).update(version=3)
    with transaction.atomic():
        assert record_correction_share(record=record) is True
    keys = list(SharingMessage.objects.filter(kind="correct").order_by("pk").values_list("idempotency_key", flat=True))
    assert keys == [f"records.creditrecord:{record.pk}:correct:v2", f"records.creditrecord:{record.pk}:correct:v3"]
    first = SharingMessage.objects.get(idempotency_key=keys[0]).payload["data"]
    assert (first["version"], first["summary"]) == (2, "更正后的内容摘要。")


def test_a_civil_servants_record_is_sent_without_the_id_number_in_clear(
    clerk_a: User, reviewer_a: User, person_a: CivilServant
) -> None:
    number = person_a.id_number
    typed = f"经查，当事人（身份证号{number}，手机13812345678）未如实报告个人事项。"
    data = servant_record_data(
        person_a,
        category=Category.DISCIPLINARY_SANCTION,
        polarity=Polarity.DISHONEST,
        tier=Tier.GENERAL,
        sanction_kind=SanctionKind.WARNING,
        summary=typed,  # internal scope (a civil servant's default), so entry allowed it
    )
    record = _published(clerk_a, reviewer_a, data)
    assert record.use_scope == UseScope.INTERNAL
    message = SharingMessage.objects.get()
    body = sharing_body(message).decode()
    assert number not in body and number not in json.dumps(message.payload)
    assert "13812345678" not in body
    subject = message.payload["data"]["subject"]
    assert subject["type"] == "civil_servant"
    assert subject["name"] == person_a.name
    assert subject["id_number_masked"] == number[:6] + "*" * 11 + number[-1]
    assert subject["agency"]["uscc"] == person_a.agency.uscc
    assert message.payload["data"]["use_scope"] == "internal"
    assert message.payload["data"]["influence_until"] is not None
    for absent in ("created_by", "reviewed_by", "submitted_by", "return_reason", "evidence"):
        assert absent not in message.payload["data"]


def test_an_automatic_record_is_shared_when_the_portal_writes_it(agency_a: Agency) -> None:
    with transaction.atomic():
        integrity_fact_record(
            agency_id=agency_a.pk, kind="late_objection_answer", obj=agency_a, occurred_on=timezone.localdate()
        )
    message = SharingMessage.objects.get()
    assert message.kind == "publish" and message.payload["data"]["automatic"] is True
