"""Sweeps and notice tasks run 3 times in a row and 20 at once produce each effect once
(issue 7, item 16): the alerts, notices, facts and audit events of the publication sweep, the
calendar warning, and every mail. Threads on PostgreSQL, whose row locks and constraints
decide the races; SQLite serialises writers and cannot show them."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.utils import timezone

from core.models import Agency, AuditEvent, ClockAlert, Notification, User
from core.services.calendar import calendar_check_next_year
from core.services.notifications import mail_outbox_flush, notification_mail_send
from core.workflow import Status
from disclosure.models import AdministrativeAction
from disclosure.services.sweeps import publication_sweep
from records.models import IntegrityFact
from tests.disclosure.conftest import ActionFactory
from tests.reliability.conftest import require_postgresql

pytestmark = pytest.mark.django_db(transaction=True)

D = dt.date.fromisoformat
OVERDUE_DAY = D("2026-10-16")
CALENDAR_DAY = D("2026-11-27")  # after 1 November, 2027 not in the calendar
THREADS = 20


@pytest.fixture
def overdue_action(
    agency_a: Agency, clerk_a: User, reviewer_a: User, clerk_b: User, credit_office: User
) -> AdministrativeAction:
    require_postgresql()
    with time_machine.travel(dt.datetime(2026, 10, 1, 9, tzinfo=ZoneInfo("Asia/Shanghai"))):
        action = ActionFactory.create(agency=agency_a, decision_date=D("2026-09-30"), status=Status.SUBMITTED)
    assert action.due_on == D("2026-10-15")
    return action


def _all_effects() -> dict[str, Any]:
    return {
        "alerts": ClockAlert.objects.count(),
        "notices": Counter(Notification.objects.values_list("kind", "recipient__username")),
        "facts": IntegrityFact.objects.count(),
        "overdue_audit": AuditEvent.objects.filter(action="disclosure.administrativeaction.overdue").count(),
        "mails": Counter((m.subject, tuple(m.to)) for m in mail.outbox),
        "pending": Notification.objects.filter(mail_pending=True).count(),
    }


def _expected() -> dict[str, Any]:
    notices = {
        ("disclosure.publication.overdue", "clerk_a"): 1,
        ("disclosure.publication.overdue", "reviewer_a"): 1,
        ("disclosure.publication.overdue", "office"): 1,
        ("calendar.missing_year", "office"): 1,
    }
    return {"alerts": 1, "notices": Counter(notices), "facts": 1, "overdue_audit": 1, "pending": 0}


def _everything_once() -> None:
    """One run of each job as a worker would run it (eager: mails go out on commit)."""
    publication_sweep(today=OVERDUE_DAY)
    calendar_check_next_year(today=CALENDAR_DAY)
    mail_outbox_flush(now=timezone.now() + dt.timedelta(hours=1))
    for pk in Notification.objects.values_list("pk", flat=True):
        notification_mail_send(notification_id=pk)


def _check(effects: dict[str, Any]) -> None:
    mails = effects.pop("mails")
    assert effects == _expected()
    assert sum(mails.values()) == 4 and set(mails.values()) == {1}, mails


def test_three_runs_in_a_row_produce_each_effect_once(overdue_action: AdministrativeAction) -> None:
    for _ in range(3):
        _everything_once()
    _check(_all_effects())


def _at_once(job: Callable[[], Any]) -> list[BaseException]:
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait(timeout=30)
            job()
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def test_twenty_runs_at_once_produce_each_effect_once(overdue_action: AdministrativeAction) -> None:
    assert _at_once(_everything_once) == []
    _check(_all_effects())


def test_twenty_deliveries_of_one_mail_at_once_send_it_once(overdue_action: AdministrativeAction) -> None:
    # The notice exists, its mail not yet sent (the on-commit enqueue was lost). Before the
    # outbox the task sent unconditionally: 20 deliveries, 20 mails.
    (notice,) = _notices_without_mail()
    assert _at_once(lambda: notification_mail_send(notification_id=notice.pk)) == []
    assert len(mail.outbox) == 1
    notice.refresh_from_db()
    assert notice.mail_pending is False and notice.mailed_at is not None


def _notices_without_mail() -> list[Notification]:
    from core.services.notifications import notify

    user = User.objects.get(username="office")
    from django.db import transaction

    with transaction.atomic():
        # Drop the on-commit enqueue, as a broker outage would.
        created = notify(recipients=[user], kind="test.once", key="once-1", subject="一次", body="")
        transaction.get_connection().run_on_commit = []
    return created
