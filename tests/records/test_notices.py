"""Notices of published dishonesty records (R-3): to whom, once, and what the file shows."""

from __future__ import annotations

from typing import Any

import pytest

from core.models import Agency, AuditEvent, CivilServant, Notification, User
from core.roles import Role
from records.models import CreditRecord, RecordNotice
from records.services.notices import record_notices_due, record_notices_send
from records.services.records import record_create, record_move
from records.tasks import notice_sweep, send_record_notices
from tests.factories import AgencyFactory, UserFactory
from tests.records.conftest import agency_record_data, published_record, servant_record_data

pytestmark = pytest.mark.django_db
KIND = RecordNotice.KIND_PUBLISHED


def audiences(record: CreditRecord) -> dict[str, str]:
    return {n.recipient.username: n.audience for n in RecordNotice.objects.filter(record=record)}


@pytest.fixture
def servant_record(clerk_a: User, reviewer_a: User, civil_servant: CivilServant) -> CreditRecord:
    data = servant_record_data(civil_servant, category="disciplinary_sanction", polarity="dishonest", tier="general")
    return published_record(clerk_a, reviewer_a, data)


@pytest.fixture
def superior(agency_a: Agency) -> User:
    parent = AgencyFactory.create(name="测试区人民政府")
    agency_a.parent = parent
    agency_a.save()
    return UserFactory.create(username="superior", agency=parent, is_staff=True, role=Role.REVIEWER)


@pytest.fixture
def auditor(settings: Any) -> User:
    audit = AgencyFactory.create(name="测试审计局")
    settings.RECORDS_AUDIT_AGENCY_USCC = audit.uscc
    return UserFactory.create(username="auditor", agency=audit, is_staff=True, role=Role.OVERSEER)


def test_a_civil_servants_record_goes_to_reviewers_overseers_and_the_person(
    servant_record: CreditRecord, reviewer_a: User, overseer: User, clerk_b: User
) -> None:
    written = record_notices_send(record_id=servant_record.pk)
    assert audiences(servant_record) == {"reviewer_a": "agency_reviewer", "overseer": "overseer", "servant": "person"}
    assert len(written) == 3
    notices = Notification.objects.filter(kind=KIND)
    assert {n.recipient.username for n in notices} == {"reviewer_a", "overseer", "servant"}
    assert "王建国" not in "".join(n.subject + n.body for n in notices)  # the mail leaves the portal
    assert notices.get(recipient__username="servant").url == ""
    servant_record.refresh_from_db()
    assert servant_record.notified_at is not None
    assert AuditEvent.objects.filter(action="records.creditrecord.notify").count() == 1


def test_only_the_named_discipline_body_when_configured(
    settings: Any, servant_record: CreditRecord, overseer: User
) -> None:
    settings.RECORDS_DISCIPLINE_AGENCY_USCC = AgencyFactory.create(name="另一纪委").uscc
    record_notices_send(record_id=servant_record.pk)
    assert "overseer" not in audiences(servant_record)


def test_an_agencys_record_goes_to_its_superior_and_the_audit_agency(
    clerk_a: User, reviewer_a: User, agency_a: Agency, superior: User, auditor: User
) -> None:
    record = published_record(clerk_a, reviewer_a, agency_record_data(agency_a))
    record_notices_send(record_id=record.pk)
    assert audiences(record) == {"superior": "superior", "auditor": "audit"}


def test_without_an_audit_agency_only_the_superior(
    clerk_a: User, reviewer_a: User, agency_a: Agency, superior: User
) -> None:
    record = published_record(clerk_a, reviewer_a, agency_record_data(agency_a))
    record_notices_send(record_id=record.pk)
    assert audiences(record) == {"superior": "superior"}


def test_a_redelivered_task_sends_nothing_twice(servant_record: CreditRecord, reviewer_a: User, overseer: User) -> None:
    assert send_record_notices(servant_record.pk) == 3
    assert send_record_notices(servant_record.pk) == 0
    assert Notification.objects.filter(kind=KIND).count() == 3
    assert RecordNotice.objects.count() == 3


def test_the_unique_key_holds_even_if_the_mark_is_lost(servant_record: CreditRecord, reviewer_a: User) -> None:
    record_notices_send(record_id=servant_record.pk)
    CreditRecord.objects.filter(pk=servant_record.pk).update(notified_at=None)  # as if a worker died after sending
    assert record_notices_send(record_id=servant_record.pk) == []
    assert Notification.objects.filter(kind=KIND, recipient=reviewer_a).count() == 1


def test_publishing_enqueues_the_notices_after_commit(
    clerk_a: User, reviewer_a: User, agency_a: Agency, superior: User, django_capture_on_commit_callbacks: Any
) -> None:
    record = record_create(actor=clerk_a, data=agency_record_data(agency_a))
    record_move(record, move="submit", actor=clerk_a)
    with django_capture_on_commit_callbacks(execute=True):
        record_move(record, move="publish", actor=reviewer_a)
    assert audiences(record) == {"superior": "superior"}
    assert Notification.objects.get(kind=KIND).recipient == superior


def test_no_notice_for_records_that_are_not_published_dishonesty(
    clerk_a: User, reviewer_a: User, agency_a: Agency, superior: User
) -> None:
    draft = record_create(actor=clerk_a, data=agency_record_data(agency_a))
    good = published_record(
        clerk_a, reviewer_a, agency_record_data(agency_a, polarity="trustworthy", tier="", key_areas=[])
    )
    assert record_notices_send(record_id=draft.pk) == []
    assert record_notices_send(record_id=good.pk) == []
    assert not RecordNotice.objects.exists()
    assert record_notices_due() == []


def test_the_sweep_catches_a_publication_whose_task_was_lost(
    clerk_a: User, reviewer_a: User, agency_a: Agency, superior: User
) -> None:
    record = published_record(clerk_a, reviewer_a, agency_record_data(agency_a))  # no on-commit here
    assert record_notices_due() == [record.pk]
    assert notice_sweep() == 1
    assert notice_sweep() == 0
    assert record_notices_due() == []
