"""The R-3 notices of one record and the sanction sweep, 10 at once on PostgreSQL: each notice,
alert and mail once (row locks and unique constraints decide the races; SQLite cannot show it)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.core import mail
from django.utils import timezone

from core.models import Agency, ClockAlert, Notification, User
from core.roles import Role
from core.workflow import Status
from records.models import CreditRecord, RecordNotice
from records.services.records import record_create
from records.services.sanction_clock import sanction_sweep
from records.services.sanctions import sanction_create
from records.tasks import send_record_notices
from tests.records.conftest import agency_record_data, sanction_data
from tests.reliability.conftest import require_postgresql
from tests.reliability.test_repeated_and_concurrent_sweeps import _at_once

pytestmark = pytest.mark.django_db(transaction=True)


def test_notices_and_sanction_alerts_at_once_go_out_once(
    agency_a: Agency, clerk_a: User, reviewer_a: User, credit_office: User
) -> None:
    require_postgresql()
    from tests.factories import AgencyFactory, UserFactory

    parent = AgencyFactory.create(name="并发上级政府")
    agency_a.parent = parent
    agency_a.save()
    UserFactory.create(username="superior", agency=parent, is_staff=True, role=Role.REVIEWER)
    record = record_create(actor=clerk_a, data=agency_record_data(agency_a))
    # Published without its on-commit task, so the ten workers below race for the notices.
    CreditRecord.objects.filter(pk=record.pk).update(status=Status.PUBLISHED, published_at=timezone.now())
    today = timezone.localdate()
    sanction_create(actor=clerk_a, data=sanction_data(record, "explanation", due_on=today - dt.timedelta(days=1)))
    mail.outbox.clear()

    def both() -> None:
        send_record_notices(record.pk)
        sanction_sweep(today=today)

    assert _at_once(both) == []
    assert list(RecordNotice.objects.values_list("recipient__username", flat=True)) == ["superior"]
    assert ClockAlert.objects.filter(clock="records.sanction_due").count() == 1
    kinds = Counter(Notification.objects.values_list("kind", flat=True))
    assert kinds["records.dishonesty_published"] == 1
    assert kinds["records.sanction_due.overdue"] == 2  # the credit office and the agency's reviewer
    assert sorted(m.to[0].split("@")[0] for m in mail.outbox) == ["office", "reviewer_a", "superior"]
