"""Records leave the public site through the shared takedown path: expiry, revocation, repair."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from core.models import Agency, AuditEvent, User
from core.services.takedowns import TakedownReason, takedown_request
from core.workflow import Status
from records.models import CreditRecord, RecordTakedown, UseScope
from records.services.records import record_create, record_move, record_takedown_sweep
from records.tasks import takedown_sweep
from tests.records.conftest import agency_record_data

pytestmark = pytest.mark.django_db


def published(clerk: User, reviewer: User, agency: Agency, **data: object) -> CreditRecord:
    record = record_create(actor=clerk, data=agency_record_data(agency, **data))
    record_move(record, move="submit", actor=clerk)
    return record_move(record, move="publish", actor=reviewer)


def test_a_record_is_public_through_its_last_day_and_expires_the_day_after(
    clerk_a: User, reviewer_a: User, agency_a: Agency
) -> None:
    decided = timezone.localdate() - dt.timedelta(days=200)
    record = published(clerk_a, reviewer_a, agency_a, decision_date=decided, publicity_months=3)
    last = record.public_until
    assert last is not None
    assert list(CreditRecord.objects.public(today=last)) == [record]
    assert not CreditRecord.objects.public(today=last + dt.timedelta(days=1)).exists()
    assert record_takedown_sweep(today=last) == 0  # the last day itself: still up
    assert record_takedown_sweep(today=last + dt.timedelta(days=1)) == 1
    record.refresh_from_db()
    assert record.status == Status.EXPIRED and record.left_public_at is not None
    assert RecordTakedown.objects.get(record=record).reason == TakedownReason.EXPIRED
    assert record_takedown_sweep(today=last + dt.timedelta(days=2)) == 0  # twice changes nothing twice


def test_the_sweep_task_expires_what_ended_before_today(clerk_a: User, reviewer_a: User, agency_a: Agency) -> None:
    old = published(
        clerk_a, reviewer_a, agency_a, decision_date=timezone.localdate() - dt.timedelta(days=400), publicity_months=3
    )
    current = published(clerk_a, reviewer_a, agency_a)
    assert takedown_sweep.delay().get() == 1
    assert CreditRecord.objects.get(pk=old.pk).status == Status.EXPIRED
    assert CreditRecord.objects.get(pk=current.pk).status == Status.PUBLISHED


def test_an_internal_record_never_needs_a_takedown(clerk_a: User, reviewer_a: User, agency_a: Agency) -> None:
    record = published(
        clerk_a,
        reviewer_a,
        agency_a,
        decision_date=timezone.localdate() - dt.timedelta(days=800),
        use_scope=UseScope.INTERNAL,
    )
    assert record_takedown_sweep(today=timezone.localdate()) == 0
    record_move(record, move="revoke", actor=reviewer_a, reason="撤销")
    assert not RecordTakedown.objects.exists()


def test_another_app_takes_a_record_down_through_the_shared_registry(
    clerk_a: User, reviewer_a: User, agency_a: Agency, credit_office: User
) -> None:
    record = published(clerk_a, reviewer_a, agency_a)
    from django.db import transaction

    with transaction.atomic():
        takedown_request(obj=record, reason=TakedownReason.REPAIRED, actor=credit_office, note="信用修复")
    assert not CreditRecord.objects.public().exists()
    assert CreditRecord.objects.get(pk=record.pk).status == Status.PUBLISHED  # still in the file
    assert RecordTakedown.objects.get(record=record).reason == TakedownReason.REPAIRED
    event = AuditEvent.objects.get(action="records.creditrecord.take_down")
    assert (event.actor, event.reason) == (credit_office, "信用修复")
