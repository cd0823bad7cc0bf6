"""A counterparty objects to a published 双公示 decision from its public page, without an account
(issue 10, item 4): identification against the decision, a mailed one-time code, the filing,
the query-code status page, the limits, and the answer that reaches them by e-mail."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from core.models import AuditEvent, Notification, User
from disclosure.models import AdministrativeAction, CounterpartyType
from objections.models import FilerKind, IdentifiedBy, Objection, ObjectionStatus, Outcome
from objections.services.answer_mail import pending_answer_mails_enqueue
from objections.services.objections import objection_answer
from tests.disclosure.conftest import ActionFactory, resident_id
from tests.objections.conftest import REASONS, at, pdf

FILED_ON = dt.date(2026, 9, 24)  # a Thursday before the 2026 National Day holiday


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    cache.clear()  # rate limits and per-item attempts count in the cache
    yield
    cache.clear()


@pytest.fixture
def penalty(agency_a: Any) -> AdministrativeAction:
    return ActionFactory.create(agency=agency_a, published=True)


@pytest.fixture
def person_penalty(agency_a: Any) -> tuple[AdministrativeAction, str]:
    number = resident_id(dt.date(1985, 6, 1), 321)
    action = ActionFactory.create(
        agency=agency_a, published=True, counterparty_type=CounterpartyType.NATURAL_PERSON, id_number=number
    )
    return action, number


def start_url(action: AdministrativeAction) -> str:
    return reverse("objections:counterparty_identify", args=["decision", action.pk])


def file_url(action: AdministrativeAction) -> str:
    return reverse("objections:counterparty_file", args=["decision", action.pk])


def identify(client: Client, action: AdministrativeAction, code: str, **extra: Any) -> Any:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the messages asserted below are in English
    data = {"document_number": action.document_number, "code": code, "email": "legal@example.com", **extra}
    return client.post(start_url(action), data)


def mailed_code() -> str:
    found = re.search(r"\b(\d{6})\b", str(mail.outbox[-1].body))
    assert found, mail.outbox[-1].body
    return found.group(1)


def file(client: Client, action: AdministrativeAction, email_code: str, **extra: Any) -> Any:
    data = {"email_code": email_code, "reasons": REASONS, "evidence_files": [pdf()], **extra}
    return client.post(file_url(action), data)


def object_to(client: Client, action: AdministrativeAction, code: str) -> Objection:
    """The whole journey as a company goes through it; returns the stored objection."""
    assert identify(client, action, code).status_code == 302
    response = file(client, action, mailed_code())
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == reverse("objections:counterparty_receipt")
    return Objection.objects.get(item_id=action.pk)


def test_the_public_page_offers_the_objection(client: Client, penalty: AdministrativeAction) -> None:
    page = client.get(reverse("disclosure:detail", args=[penalty.pk])).content.decode()
    assert start_url(penalty) in page
    assert reverse("objections:status") in page


def test_a_company_files_with_its_credit_code_and_gets_a_receipt(
    client: Client, penalty: AdministrativeAction, reviewer_a: User
) -> None:
    with at(FILED_ON):
        response = identify(client, penalty, penalty.counterparty_uscc.lower())  # typed in lower case
        assert response.status_code == 302
        assert mail.outbox[-1].to == ["legal@example.com"]
        step_two = client.get(response["Location"]).content.decode()
        assert "legal@example.com" in step_two and penalty.counterparty_uscc not in step_two
        response = file(client, penalty, mailed_code())
        assert response.status_code == 302
        receipt = client.get(response["Location"]).content.decode()
    objection = Objection.objects.get()
    assert objection.filer_kind == FilerKind.COUNTERPARTY
    assert objection.record_id is None and objection.item == penalty
    assert objection.identified_by == IdentifiedBy.CREDIT_CODE
    assert objection.contact_email == "legal@example.com" and objection.email_confirmed_at is not None
    assert objection.agency_id == penalty.agency_id
    # 10 working days from Thursday 24 September, over the 2026 National Day holiday and its
    # make-up working day (the same clock as a civil servant's: test_answer_clock).
    assert objection.due_on == dt.date(2026, 10, 15)
    assert objection.query_code in receipt and objection.due_on.isoformat() in receipt
    assert objection.evidence.count() == 1
    notice = Notification.objects.get(recipient=reviewer_a, kind="objections.filed")
    assert objection.query_code in notice.subject
    event = AuditEvent.objects.get(action="objections.objection.file", object_id=str(objection.pk))
    assert penalty.counterparty_uscc not in str(event.data)


def test_a_person_is_identified_by_the_full_id_number_never_shown_back(
    client: Client, person_penalty: tuple[AdministrativeAction, str]
) -> None:
    action, number = person_penalty
    wrong = resident_id(dt.date(1985, 6, 1), 322)
    response = identify(client, action, wrong)
    assert response.status_code == 400
    page = response.content.decode()
    assert "do not match this item" in page
    assert wrong not in page and number not in page
    objection = object_to(client, action, number.lower())  # a lower-case x check character is the same number
    assert objection.identified_by == IdentifiedBy.ID_NUMBER


def test_a_wrong_document_number_or_code_gets_one_message_and_no_mail(
    client: Client, penalty: AdministrativeAction
) -> None:
    for data in ({"document_number": "济槐罚〔2026〕1号"}, {}):
        response = identify(client, penalty, "91370104MA00000000", **data)
        assert response.status_code == 400
    assert mail.outbox == []
    assert client.get(file_url(penalty))["Location"] == start_url(penalty)  # no step two without step one


def test_a_wrong_mailed_code_is_refused_and_five_end_the_confirmation(
    client: Client, penalty: AdministrativeAction
) -> None:
    identify(client, penalty, penalty.counterparty_uscc)
    good = mailed_code()
    bad = "000000" if good != "000000" else "111111"
    for _ in range(4):
        response = file(client, penalty, bad)
        assert response.status_code == 400
        assert "email_code" in response.context["form"].errors
    response = file(client, penalty, bad)
    assert response.status_code == 302 and "restart=1" in response["Location"]
    assert file(client, penalty, good).status_code == 302  # back to step one: the good code is spent too
    assert not Objection.objects.exists()


def test_the_mailed_code_expires(client: Client, penalty: AdministrativeAction) -> None:
    with at(FILED_ON, hour=9):
        identify(client, penalty, penalty.counterparty_uscc)
        code = mailed_code()
    with at(FILED_ON, hour=10):  # 60 minutes later, past COUNTERPARTY_CODE_MINUTES (15)
        response = file(client, penalty, code)
    assert response.status_code == 302 and response["Location"] == start_url(penalty)
    assert not Objection.objects.exists()


def test_an_agent_attaches_the_authorisation_letter(client: Client, penalty: AdministrativeAction) -> None:
    identify(client, penalty, penalty.counterparty_uscc, agent="on")
    code = mailed_code()
    response = file(client, penalty, code)
    assert response.status_code == 400
    assert "authorisation" in response.context["form"].errors
    assert file(client, penalty, code, authorisation=pdf("授权委托书.pdf")).status_code == 302
    objection = Objection.objects.get()
    assert objection.filed_by_agent
    assert [e.is_authorisation for e in objection.evidence.order_by("id")] == [False, True]


def test_one_open_objection_per_item(client: Client, penalty: AdministrativeAction) -> None:
    object_to(client, penalty, penalty.counterparty_uscc)
    page = client.get(reverse("disclosure:detail", args=[penalty.pk])).content.decode()
    assert start_url(penalty) not in page  # no offer while one is being handled
    other = Client()
    assert identify(other, penalty, penalty.counterparty_uscc).status_code == 302
    response = file(other, penalty, mailed_code())
    assert response.status_code == 400
    assert Objection.objects.count() == 1


def test_the_database_refuses_a_second_open_objection_on_an_item(client: Client, penalty: AdministrativeAction) -> None:
    first = object_to(client, penalty, penalty.counterparty_uscc)
    first.pk = None
    first.query_code = "ZZZZZZZZZZZZ"
    with pytest.raises(IntegrityError), transaction.atomic():
        first.save()


def test_an_item_that_is_not_public_has_no_objection_pages(client: Client, agency_a: Any) -> None:
    draft = ActionFactory.create(agency=agency_a)
    assert client.get(start_url(draft)).status_code == 404
    assert client.get(reverse("objections:counterparty_identify", args=["record", draft.pk])).status_code == 404


def test_identification_attempts_are_limited_per_item_and_per_address(
    client: Client, penalty: AdministrativeAction, settings: Any
) -> None:
    settings.COUNTERPARTY_ITEM_ATTEMPTS_PER_DAY = 3  # the fixture shadows the module's settings here
    for n in range(3):
        assert identify(Client(REMOTE_ADDR=f"10.0.0.{n}"), penalty, "91370104MA00000000").status_code == 400
    # The fourth, from yet another address and with the right code: the item's limit holds.
    response = identify(Client(REMOTE_ADDR="10.0.0.9"), penalty, penalty.counterparty_uscc)
    assert response.status_code == 400 and "Too many attempts" in response.content.decode()
    cache.clear()
    # One address: OBJECTION_RATE (10/hour) posts, then 429 in the site's layout.
    same = Client(REMOTE_ADDR="10.0.1.1")
    codes = [identify(same, penalty, "91370104MA00000000").status_code for _ in range(11)]
    assert codes[:3] == [400, 400, 400] and codes[-1] == 429


def test_the_status_page_shows_state_and_dates_only(client: Client, penalty: AdministrativeAction) -> None:
    with at(FILED_ON):
        objection = object_to(client, penalty, penalty.counterparty_uscc)
    visitor = Client()
    response = visitor.post(reverse("objections:status"), {"query_code": objection.query_code.lower()})
    page = response.content.decode()
    assert response.status_code == 200
    assert objection.due_on is not None
    assert str(objection.get_status_display()) in page and objection.due_on.isoformat() in page
    for private in (REASONS, "legal@example.com", penalty.counterparty_uscc, "证明.pdf"):
        assert private not in page
    assert visitor.post(reverse("objections:status"), {"query_code": "ABCDEFGHJKMN"}).status_code == 400


def test_a_civil_servants_query_code_is_not_found_on_the_counterparty_status_page(
    client: Client, civil_servant: Any, own_record: Any
) -> None:
    from tests.objections.conftest import file_objection

    theirs = file_objection(civil_servant, own_record)
    response = client.post(reverse("objections:status"), {"query_code": theirs.query_code})
    assert response.status_code == 400 and REASONS not in response.content.decode()


def test_the_receipt_is_only_for_the_browser_that_filed(client: Client, penalty: AdministrativeAction) -> None:
    object_to(client, penalty, penalty.counterparty_uscc)
    assert client.get(reverse("objections:counterparty_receipt")).status_code == 200
    assert Client().get(reverse("objections:counterparty_receipt"))["Location"] == reverse("objections:status")


def test_revoked_takes_the_item_down_and_mails_the_answer(
    client: Client, penalty: AdministrativeAction, reviewer_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    objection = object_to(client, penalty, penalty.counterparty_uscc)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        objection_answer(
            objection=objection, actor=reviewer_a, outcome=Outcome.REVOKED, reply="经复核，该处罚决定已撤销。"
        )
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.ANSWERED and not objection.answer_mail_pending
    assert objection.answer_mailed_at is not None
    assert mail.outbox[-1].to == ["legal@example.com"] and "经复核" in mail.outbox[-1].body
    cache.clear()
    response = Client().get(reverse("disclosure:detail", args=[penalty.pk]))
    assert response.status_code == 404  # gone, with the reason from the public log
    log = Client().get(reverse("disclosure:takedowns")).content.decode()
    assert penalty.document_number in log and "经复核" in log


def test_an_answer_mail_that_could_not_be_enqueued_is_sent_by_the_sweep(
    client: Client, penalty: AdministrativeAction, reviewer_a: User
) -> None:
    objection = object_to(client, penalty, penalty.counterparty_uscc)
    mail.outbox.clear()
    # No on-commit run here: as when the broker was down at the answer.
    objection_answer(objection=objection, actor=reviewer_a, outcome=Outcome.UPHELD, reply="经复核，处罚决定维持。")
    assert Objection.objects.get(pk=objection.pk).answer_mail_pending
    with at(dt.date.today() + dt.timedelta(days=1)):
        assert pending_answer_mails_enqueue() == 1
    assert not Objection.objects.get(pk=objection.pk).answer_mail_pending
    assert len(mail.outbox) == 1
    assert pending_answer_mails_enqueue() == 0  # sent once


def test_a_decision_is_not_corrected_through_the_answer(
    client: Client, penalty: AdministrativeAction, reviewer_a: User
) -> None:
    from django.core.exceptions import ValidationError

    objection = object_to(client, penalty, penalty.counterparty_uscc)
    with pytest.raises(ValidationError) as refused:
        objection_answer(
            objection=objection,
            actor=reviewer_a,
            outcome=Outcome.CORRECTED,
            reply="经复核，决定内容应予更正。",
            correction={"summary": "x"},
        )
    assert "outcome" in refused.value.message_dict
    assert Objection.objects.get(pk=objection.pk).is_open
