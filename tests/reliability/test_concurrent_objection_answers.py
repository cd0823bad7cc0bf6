"""Twenty reviewers of the providing agency answer one objection at the same moment, through
the admin's answer form: exactly one answer is stored, audited and notified (issue 10, item 5),
for a civil servant's objection and for a counterparty's (whose answer mail goes out once).

PostgreSQL only (SQLite serialises writers, so no race happens there); CI's PostgreSQL pass
runs it, and INTEGRATION_REQUIRED turns the skip into a failure.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from core.models import AuditEvent, Notification
from core.roles import Role
from objections.models import Objection, ObjectionStatus
from tests.factories import AgencyFactory, CivilServantFactory, UserFactory
from tests.objections.conftest import file_objection, published_record
from tests.reliability.conftest import require_postgresql

THREADS = 20
OUTCOMES = ["upheld", "revoked", "inadmissible", "upheld"]


@pytest.mark.integration
def test_twenty_simultaneous_answers_leave_exactly_one(transactional_db: Any) -> None:
    require_postgresql()
    agency = AgencyFactory.create(name="并发异议局")
    clerk = UserFactory.create(username="race_clerk", agency=agency, is_staff=True, role=Role.CLERK)
    reviewers = [
        UserFactory.create(username=f"race_reviewer_{i}", agency=agency, is_staff=True, role=Role.REVIEWER)
        for i in range(THREADS)
    ]
    servant = CivilServantFactory.create(
        name="并发公务员", agency=agency, user=UserFactory.create(username="race_servant", role=Role.CIVIL_SERVANT)
    )
    record = published_record(servant, clerk, reviewers[0])
    objection = file_objection(servant, record)
    url = reverse("admin:objections_objection_change", args=[objection.pk])
    clients = []
    for reviewer in reviewers:
        client = Client()
        client.force_login(reviewer)
        clients.append(client)
    barrier = threading.Barrier(THREADS)
    statuses: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def answer(n: int, client: Client) -> None:
        try:
            barrier.wait(timeout=30)
            response = client.post(
                url,
                {"answer_outcome": OUTCOMES[n % len(OUTCOMES)], "answer_reply": f"第{n}号审核员的书面答复意见。"},
            )
            with lock:
                statuses.append(response.status_code)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=answer, args=(n, c)) for n, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert len(statuses) == THREADS
    objection.refresh_from_db()
    answers = AuditEvent.objects.filter(action="objections.objection.answer", object_id=str(objection.pk))
    print(f"\n{THREADS} simultaneous answers attempted: {answers.count()} stored; statuses {sorted(statuses)}")
    assert objection.status in (ObjectionStatus.ANSWERED, ObjectionStatus.REJECTED)
    assert answers.count() == 1
    assert list(answers.values_list("actor_id", flat=True)) == [objection.answered_by_id]
    assert Notification.objects.filter(kind="objections.answered").count() == 1
    assert Objection.objects.filter(record=record).count() == 1
    call_command("verify_audit")


@pytest.mark.integration
def test_twenty_simultaneous_answers_to_a_counterpartys_objection_leave_one_and_one_mail(
    transactional_db: Any,
) -> None:
    from django.core import mail

    from objections.services.counterparty import Identification, counterparty_objection_file
    from tests.disclosure.conftest import ActionFactory

    require_postgresql()
    agency = AgencyFactory.create(name="并发处罚局")
    reviewers = [
        UserFactory.create(username=f"race_cp_reviewer_{i}", agency=agency, is_staff=True, role=Role.REVIEWER)
        for i in range(THREADS)
    ]
    penalty = ActionFactory.create(agency=agency, published=True)
    identified = Identification(
        item_label="disclosure.administrativeaction",
        item_id=penalty.pk,
        email="race@example.com",
        identified_by="credit_code",
        agent=False,
        code_hash="",
        expires=0,
        confirmed=True,
    )
    objection = counterparty_objection_file(
        session={}, identified=identified, reasons="并发答复测试：处罚认定事实有误，请予核实。"
    )
    url = reverse("admin:objections_objection_change", args=[objection.pk])
    clients = []
    for reviewer in reviewers:
        client = Client()
        client.force_login(reviewer)
        clients.append(client)
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def answer(n: int, client: Client) -> None:
        try:
            barrier.wait(timeout=30)
            client.post(url, {"answer_outcome": OUTCOMES[n % len(OUTCOMES)], "answer_reply": f"第{n}号书面答复。"})
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=answer, args=(n, c)) for n, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    answers = AuditEvent.objects.filter(action="objections.objection.answer", object_id=str(objection.pk))
    print(f"\n{THREADS} simultaneous answers to a counterparty's objection attempted: {answers.count()} stored")
    assert answers.count() == 1
    objection.refresh_from_db()
    assert not objection.is_open and not objection.answer_mail_pending
    assert len([m for m in mail.outbox if m.to == ["race@example.com"]]) == 1
