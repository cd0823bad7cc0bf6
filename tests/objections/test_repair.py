"""Credit repair requests: eligibility from the stored periods, every legal and illegal move,
approval as one transaction (off the public site, withdrawal in the outbox, sanctions lifted),
nothing half-saved on a bad upload."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import AuditEvent, CivilServant, Notification, SharingMessage, User
from core.roles import Role
from core.services.marks import marks_of
from integrity.lib.errors import ApplicationError, Conflict, NotVisible
from objections.repair_models import RepairEvidence, RepairRequest, RepairStatus
from objections.services.repair import repair_accept, repair_approve, repair_refuse
from objections.services.repair_rules import repair_eligibility
from records.models import CreditRecord, RecordTakedown, SanctionKind, SanctionState
from records.services.sanctions import sanction_create
from tests.factories import UserFactory
from tests.objections.conftest import at, pdf
from tests.objections.repair_helpers import DECIDED, dishonest_record, file_repair

pytestmark = pytest.mark.django_db
ELIGIBLE = dt.date(2026, 4, 7)  # a Tuesday after the minimum period (ends 2026-04-04)


@pytest.fixture
def record(civil_servant: CivilServant, clerk_a: User, reviewer_a: User) -> CreditRecord:
    return dishonest_record(civil_servant, clerk_a, reviewer_a)


def test_eligibility_reads_the_stored_minimum_publicity_period(record: CreditRecord) -> None:
    assert record.min_public_until == dt.date(2026, 4, 4)
    before = repair_eligibility(record, dt.date(2026, 4, 4))
    assert not before and before.from_date == dt.date(2026, 4, 5)
    assert "2026-04-04" in before.why
    assert repair_eligibility(record, dt.date(2026, 4, 5))


def test_a_request_before_the_minimum_period_is_refused_and_says_from_when(
    civil_servant: CivilServant, record: CreditRecord
) -> None:
    with pytest.raises(ApplicationError) as caught:
        file_repair(civil_servant, record, dt.date(2026, 3, 20))
    assert "2026-04-05" in caught.value.message
    assert not RepairRequest.objects.exists() and not RepairEvidence.objects.exists()


def test_a_sanctions_influence_period_postpones_eligibility(
    civil_servant: CivilServant, clerk_a: User, reviewer_a: User
) -> None:
    record = dishonest_record(civil_servant, clerk_a, reviewer_a, sanction_kind=SanctionKind.WARNING)
    assert record.influence_until == dt.date(2026, 7, 4)  # 6 months from 2026-01-05
    eligibility = repair_eligibility(record, ELIGIBLE)
    assert not eligibility and eligibility.from_date == dt.date(2026, 7, 5)
    assert "influence" in eligibility.why or "影响期" in eligibility.why
    with pytest.raises(ApplicationError):
        file_repair(civil_servant, record, dt.date(2026, 7, 4))
    assert file_repair(civil_servant, record, dt.date(2026, 7, 6)).eligible_from == dt.date(2026, 7, 5)


def test_filing_stores_the_commitment_the_evidence_and_both_due_dates(
    civil_servant: CivilServant, record: CreditRecord, reviewer_a: User
) -> None:
    request = file_repair(civil_servant, record, dt.date(2026, 9, 24))
    assert request.status == RepairStatus.SUBMITTED
    assert (request.accept_due_on, request.decide_due_on) == (dt.date(2026, 9, 30), dt.date(2026, 10, 15))
    assert civil_servant.name in request.commitment_text and "槐纪〔2026〕3号" in request.commitment_text
    assert "2026年9月24日" in request.commitment_text
    assert request.evidence.count() == 1
    assert AuditEvent.objects.filter(action="objections.repairrequest.file", object_id=str(request.pk)).count() == 1
    assert Notification.objects.filter(kind="objections.repair.filed", recipient=reviewer_a).count() == 1
    assert [m.code for m in marks_of(record)] == ["repair_pending"]


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"commitment_accepted": False}, "commitment_accepted"),
        ({"uploads": []}, "evidence_files"),
        ({"statement": "太短"}, "statement"),
        (
            {"uploads": [pdf(), SimpleUploadedFile("x.exe", b"MZ\x90\x00", content_type="application/pdf")]},
            "evidence_files",
        ),
    ],
)
def test_bad_input_saves_nothing(
    civil_servant: CivilServant, record: CreditRecord, kw: dict[str, Any], field: str
) -> None:
    with pytest.raises(ApplicationError) as caught:
        file_repair(civil_servant, record, ELIGIBLE, **kw)
    assert caught.value.field == field
    assert not RepairRequest.objects.exists() and not RepairEvidence.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="objections.repairrequest").exists()


def test_another_persons_record_is_not_visible(
    civil_servant: CivilServant, other_servant: CivilServant, clerk_a: User, reviewer_a: User
) -> None:
    others = dishonest_record(other_servant, clerk_a, reviewer_a)
    with pytest.raises(NotVisible):
        file_repair(civil_servant, others, ELIGIBLE)


def test_one_open_request_per_record(civil_servant: CivilServant, record: CreditRecord) -> None:
    file_repair(civil_servant, record, ELIGIBLE)
    with pytest.raises(ApplicationError):
        file_repair(civil_servant, record, ELIGIBLE)
    assert RepairRequest.objects.count() == 1


def test_only_a_reviewer_of_the_providing_agency_moves_it(
    civil_servant: CivilServant, record: CreditRecord, clerk_a: User, agency_b: Any
) -> None:
    reviewer_b = UserFactory.create(username="reviewer_b", agency=agency_b, is_staff=True, role=Role.REVIEWER)
    request = file_repair(civil_servant, record, ELIGIBLE)
    for actor in (clerk_a, reviewer_b, civil_servant.user):
        with pytest.raises(PermissionDenied):
            repair_accept(request=request, actor=actor)
    assert RepairRequest.objects.get(pk=request.pk).status == RepairStatus.SUBMITTED


def test_refused_at_acceptance_is_not_accepted_with_reasons(
    civil_servant: CivilServant, record: CreditRecord, reviewer_a: User
) -> None:
    request = file_repair(civil_servant, record, ELIGIBLE)
    with pytest.raises(ApplicationError):
        repair_refuse(request=request, actor=reviewer_a, reasons=" ")
    with pytest.raises(ApplicationError):  # approval needs acceptance first
        repair_approve(request=request, actor=reviewer_a)
    with at(ELIGIBLE):
        refused = repair_refuse(request=request, actor=reviewer_a, reasons="证明材料不能证明已履行整改义务。")
    assert refused.status == RepairStatus.NOT_ACCEPTED and refused.decided_on == ELIGIBLE
    notice = Notification.objects.get(kind="objections.repair.decided", recipient=civil_servant.user)
    assert "证明材料" in notice.body
    with pytest.raises(Conflict):
        repair_accept(request=request, actor=reviewer_a)
    assert marks_of(record) == []
    assert CreditRecord.objects.public().filter(pk=record.pk).exists()


def test_refused_after_acceptance(civil_servant: CivilServant, record: CreditRecord, reviewer_a: User) -> None:
    request = file_repair(civil_servant, record, ELIGIBLE)
    accepted = repair_accept(request=request, actor=reviewer_a)
    assert accepted.status == RepairStatus.ACCEPTED and accepted.accepted_by == reviewer_a
    assert Notification.objects.filter(kind="objections.repair.accepted", recipient=civil_servant.user).exists()
    with pytest.raises(ApplicationError):
        repair_accept(request=request, actor=reviewer_a)
    refused = repair_refuse(request=request, actor=reviewer_a, reasons="整改尚未完成。")
    assert refused.status == RepairStatus.REFUSED
    with pytest.raises(Conflict):
        repair_approve(request=request, actor=reviewer_a)
    # A new request may be filed after a refusal.
    assert file_repair(civil_servant, record, ELIGIBLE).status == RepairStatus.SUBMITTED


def test_approval_repairs_the_record_in_one_transaction(
    civil_servant: CivilServant, record: CreditRecord, clerk_a: User, reviewer_a: User
) -> None:
    with at(dt.date(2026, 1, 10)):
        sanction = sanction_create(
            actor=clerk_a, data={"record": record, "kind": "rectification", "due_on": dt.date(2026, 2, 10)}
        )
    assert SharingMessage.objects.filter(kind="publish").count() == 1
    request = file_repair(civil_servant, record, ELIGIBLE)
    repair_accept(request=request, actor=reviewer_a)
    with at(ELIGIBLE):
        approved = repair_approve(request=request, actor=reviewer_a)
    assert approved.status == RepairStatus.APPROVED and approved.decided_by == reviewer_a
    assert not CreditRecord.objects.public().filter(pk=record.pk).exists()
    assert RecordTakedown.objects.get(record=record).reason == "repaired"
    takedown = AuditEvent.objects.get(action="records.creditrecord.take_down", object_id=str(record.pk))
    assert "信用修复" in takedown.reason
    withdrawal = SharingMessage.objects.get(kind="withdraw")
    assert withdrawal.payload["data"]["withdrawal"]["reason"] == "repaired"
    sanction.refresh_from_db()
    assert sanction.state() == SanctionState.LIFTED
    assert [m.code for m in marks_of(record)] == ["repaired"]
    assert Notification.objects.filter(kind="objections.repair.decided", recipient=civil_servant.user).exists()
    with pytest.raises(ApplicationError):  # a repaired record is repaired once
        file_repair(civil_servant, record, ELIGIBLE)


def test_a_failing_takedown_leaves_the_request_open(
    civil_servant: CivilServant, record: CreditRecord, reviewer_a: User, monkeypatch: Any
) -> None:
    request = file_repair(civil_servant, record, ELIGIBLE)
    repair_accept(request=request, actor=reviewer_a)

    def broken(**kwargs: Any) -> None:
        raise RuntimeError("platform outbox down")

    monkeypatch.setattr("objections.services.repair.takedown_request", broken)
    with pytest.raises(RuntimeError):
        repair_approve(request=request, actor=reviewer_a)
    assert RepairRequest.objects.get(pk=request.pk).status == RepairStatus.ACCEPTED
    assert CreditRecord.objects.public().filter(pk=record.pk).exists()
    assert not AuditEvent.objects.filter(action="objections.repairrequest.approved").exists()


def test_an_internal_record_is_withdrawn_from_the_platform_without_a_public_takedown(
    civil_servant: CivilServant, clerk_a: User, reviewer_a: User
) -> None:
    record = dishonest_record(civil_servant, clerk_a, reviewer_a, use_scope="internal")
    request = file_repair(civil_servant, record, ELIGIBLE)
    repair_accept(request=request, actor=reviewer_a)
    repair_approve(request=request, actor=reviewer_a, reasons="已完成整改。")
    assert not RecordTakedown.objects.filter(record=record).exists()
    assert SharingMessage.objects.filter(kind="withdraw").count() == 1
    assert request.filed_on > DECIDED
