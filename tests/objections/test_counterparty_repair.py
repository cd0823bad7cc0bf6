"""Credit repair asked for by the counterparty of a published penalty, from its public page and
with the objections' identification (issue 10, item 7): the button disabled until the minimum
publicity period has passed, the request with its commitment and clocks, the decision that takes
the penalty off the public site and reaches the company by e-mail."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import User
from disclosure.models import AdministrativeAction, Takedown
from objections.models import RepairRequest, RepairStatus
from objections.services.answer_mail import pending_repair_mails_enqueue
from objections.services.repair import repair_accept, repair_approve, repair_refuse
from records.models import Tier
from tests.disclosure.conftest import ActionFactory
from tests.objections.conftest import pdf
from tests.objections.test_counterparty import mailed_code

STATEMENT = "我公司已于2026年3月足额缴纳罚款并完成整改，附缴款凭证和整改报告。"


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


def penalty_decided(agency: Any, days_ago: int, tier: str = Tier.GENERAL) -> AdministrativeAction:
    return ActionFactory.create(
        agency=agency, published=True, tier=tier, decision_date=timezone.localdate() - dt.timedelta(days=days_ago)
    )


@pytest.fixture
def old_penalty(agency_a: Any) -> AdministrativeAction:
    """A general penalty decided five months ago: past its 3-month minimum publicity."""
    return penalty_decided(agency_a, 150)


def start_url(action: AdministrativeAction) -> str:
    return reverse("objections:counterparty_identify", args=["decision", action.pk]) + "?for=repair"


def repair_url(action: AdministrativeAction) -> str:
    return reverse("objections:counterparty_repair_file", args=["decision", action.pk])


def apply(client: Client, action: AdministrativeAction, **extra: Any) -> Any:
    client.cookies["django_language"] = "en"
    response = client.post(
        start_url(action),
        {"document_number": action.document_number, "code": action.counterparty_uscc, "email": "legal@example.com"},
    )
    assert response.status_code == 302 and response["Location"] == repair_url(action)
    data = {
        "email_code": mailed_code(),
        "statement": STATEMENT,
        "evidence_files": [pdf("缴款凭证.pdf")],
        "commitment_accepted": "on",
        **extra,
    }
    return client.post(repair_url(action), data)


def test_the_page_offers_repair_only_after_the_minimum_publicity(client: Client, agency_a: Any) -> None:
    recent = penalty_decided(agency_a, 30)  # general: 3 months minimum
    client.cookies["django_language"] = "en"
    page = client.get(reverse("disclosure:detail", args=[recent.pk])).content.decode()
    start = recent.decision_date + relativedelta(months=3)
    assert 'data-testid="repair"' in page and "disabled" in page.split('data-testid="repair"')[0][-120:]
    assert f"Possible from {start.isoformat()}" in page
    # Step one refuses at once, and says from when; no code is sent.
    response = client.get(start_url(recent))
    assert 'data-testid="blocker"' in response.content.decode()
    data = {"document_number": recent.document_number, "code": recent.counterparty_uscc, "email": "a@example.com"}
    assert client.post(start_url(recent), data).status_code == 400
    assert mail.outbox == []
    serious = penalty_decided(agency_a, 150, tier=Tier.SERIOUS)  # serious: one year
    assert 'id="repair-why"' in Client().get(reverse("disclosure:detail", args=[serious.pk])).content.decode()
    licence = ActionFactory.create(agency=agency_a, published=True, kind="licensing")
    assert 'data-testid="repair"' not in Client().get(reverse("disclosure:detail", args=[licence.pk])).content.decode()


def test_a_company_applies_and_gets_a_receipt_with_both_due_dates(
    client: Client, old_penalty: AdministrativeAction, reviewer_a: User
) -> None:
    page = client.get(reverse("disclosure:detail", args=[old_penalty.pk])).content.decode()
    assert start_url(old_penalty).replace("&", "&amp;") in page or start_url(old_penalty) in page
    response = apply(client, old_penalty)
    assert response.status_code == 302, response.content.decode()[:3000]
    receipt = client.get(response["Location"]).content.decode()
    request = RepairRequest.objects.get()
    assert request.item == old_penalty and request.record_id is None and request.civil_servant_id is None
    assert request.query_code and request.query_code in receipt
    assert request.contact_email == "legal@example.com" and request.email_confirmed_at is not None
    assert "信用承诺书" in request.commitment_text and old_penalty.document_number in request.commitment_text
    assert request.eligible_from <= timezone.localdate()
    assert request.accept_due_on is not None and request.decide_due_on is not None
    assert request.evidence.count() == 1
    cache.clear()
    assert "信用修复中" in Client().get(reverse("disclosure:detail", args=[old_penalty.pk])).content.decode()
    status = Client().post(reverse("objections:status"), {"query_code": request.query_code}).content.decode()
    assert request.decide_due_on.isoformat() in status and STATEMENT not in status


def test_without_commitment_or_evidence_nothing_is_stored(client: Client, old_penalty: AdministrativeAction) -> None:
    response = apply(client, old_penalty, commitment_accepted="")
    assert response.status_code == 400 and "commitment_accepted" in response.context["form"].errors
    response = client.post(
        repair_url(old_penalty),
        {"email_code": "000000", "statement": STATEMENT, "commitment_accepted": "on"},
    )
    assert response.status_code == 400
    assert not RepairRequest.objects.exists()


def test_approval_takes_the_penalty_down_and_mails_the_company(
    client: Client, old_penalty: AdministrativeAction, reviewer_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    apply(client, old_penalty)
    request = RepairRequest.objects.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        repair_accept(request=request, actor=reviewer_a)
    assert "accepted" in mail.outbox[-1].body.lower() or "受理" in mail.outbox[-1].subject
    with django_capture_on_commit_callbacks(execute=True):
        repair_approve(request=request, actor=reviewer_a, reasons="经审核，已履行处罚决定，准予信用修复。")
    request.refresh_from_db()
    assert request.status == RepairStatus.APPROVED and not request.decision_mail_pending
    assert mail.outbox[-1].to == ["legal@example.com"] and "准予信用修复" in mail.outbox[-1].body
    assert Takedown.objects.get(action=old_penalty).reason == "repaired"
    cache.clear()
    assert Client().get(reverse("disclosure:detail", args=[old_penalty.pk])).status_code == 404
    assert not AdministrativeAction.objects.public().filter(pk=old_penalty.pk).exists()


def test_a_refusal_gives_reasons_and_a_pending_mail_is_sent_by_the_sweep(
    client: Client, old_penalty: AdministrativeAction, reviewer_a: User
) -> None:
    apply(client, old_penalty)
    request = RepairRequest.objects.get()
    mail.outbox.clear()
    repair_refuse(request=request, actor=reviewer_a, reasons="罚款尚未缴清，不予受理。")  # no on-commit: broker down
    assert RepairRequest.objects.get(pk=request.pk).decision_mail_pending
    later = timezone.now() + dt.timedelta(minutes=5)
    import time_machine

    with time_machine.travel(later, tick=False):
        assert pending_repair_mails_enqueue() == 1
    assert "罚款尚未缴清" in mail.outbox[-1].body
    assert pending_repair_mails_enqueue() == 0
    cache.clear()
    assert Client().get(reverse("disclosure:detail", args=[old_penalty.pk])).status_code == 200  # still public


def test_one_open_request_per_item(client: Client, old_penalty: AdministrativeAction) -> None:
    assert apply(client, old_penalty).status_code == 302
    other = Client()
    other.cookies["django_language"] = "en"
    response = other.get(start_url(old_penalty))
    assert "being handled" in response.content.decode()
    assert RepairRequest.objects.count() == 1
