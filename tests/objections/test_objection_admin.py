"""The objection's admin page: a reviewer of the providing agency answers; others read or get
nothing; a bad answer is a form error; the credit office's overdue list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from core.models import CivilServant, User
from objections.models import Objection, ObjectionStatus
from records.models import CreditRecord
from tests.objections.conftest import at, file_objection

pytestmark = pytest.mark.django_db
REPLY = "经核查，原记录依据充分，予以维持。"


def change_url(objection: Objection) -> str:
    return reverse("admin:objections_objection_change", args=[objection.pk])


def test_the_reviewer_answers_on_the_change_page(
    client: Client, civil_servant: CivilServant, own_record: CreditRecord, reviewer_a: User
) -> None:
    objection = file_objection(civil_servant, own_record)
    client.force_login(reviewer_a)
    page = client.get(change_url(objection))
    assert page.status_code == 200 and 'name="answer_outcome"' in page.content.decode()
    response = client.post(change_url(objection), {"answer_outcome": "upheld", "answer_reply": REPLY})
    assert response.status_code == 302
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.ANSWERED and objection.answered_by == reviewer_a


def test_an_answer_without_a_reply_is_a_form_error(
    client: Client, civil_servant: CivilServant, own_record: CreditRecord, reviewer_a: User
) -> None:
    objection = file_objection(civil_servant, own_record)
    client.force_login(reviewer_a)
    response = client.post(change_url(objection), {"answer_outcome": "revoked", "answer_reply": ""})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert Objection.objects.get().is_open


def test_a_clerk_reads_and_another_agency_gets_nothing(
    client: Client, civil_servant: CivilServant, own_record: CreditRecord, clerk_a: User, clerk_b: User
) -> None:
    objection = file_objection(civil_servant, own_record)
    client.force_login(clerk_a)
    page = client.get(change_url(objection))
    assert page.status_code == 200 and 'name="answer_outcome"' not in page.content.decode()
    client.post(change_url(objection), {"answer_outcome": "upheld", "answer_reply": REPLY})
    assert Objection.objects.get().is_open
    client.force_login(clerk_b)
    assert client.get(change_url(objection)).status_code == 302  # outside the queryset: to the index
    listing = client.get(reverse("admin:objections_objection_changelist")).content.decode()
    assert objection.query_code not in listing


def test_the_credit_office_sees_the_overdue_list(
    client: Client,
    civil_servant: CivilServant,
    own_record: CreditRecord,
    credit_office: User,
    clerk_a: User,
    reviewer_a: User,
) -> None:
    from tests.objections.conftest import published_record

    late = file_objection(civil_servant, own_record, dt.date(2026, 9, 24))  # due 15 Oct
    fresh = file_objection(civil_servant, published_record(civil_servant, clerk_a, reviewer_a), dt.date(2026, 10, 14))
    client.force_login(credit_office)
    with at(dt.date(2026, 10, 20)):
        html = client.get(reverse("admin:objections_objection_changelist") + "?deadline=overdue").content.decode()
    assert late.query_code in html and fresh.query_code not in html
