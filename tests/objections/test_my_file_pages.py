"""/me/: the civil servant's own file, one record, filing an objection and its receipt;
another person's record or objection answers 404 by every URL."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from core.models import CivilServant, User
from objections.models import Objection
from records.models import CreditRecord
from tests.objections.conftest import REASONS, at, file_objection, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def servant_client(civil_servant: CivilServant) -> Client:
    client = Client()
    client.force_login(civil_servant.user)  # type: ignore[arg-type]
    return client


def test_the_file_lists_every_published_record_with_its_periods(
    servant_client: Client, own_record: CreditRecord, others_record: CreditRecord, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(13):  # + the file's repair requests, one query
        response = servant_client.get(reverse("objections:me"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-record="{own_record.pk}"' in html
    assert f'data-record="{others_record.pk}"' not in html and "基本称职" not in html


def test_an_open_objection_marks_the_record_and_shows_its_due_date(
    servant_client: Client, civil_servant: CivilServant, own_record: CreditRecord
) -> None:
    objection = file_objection(civil_servant, own_record, dt.date(2026, 9, 24))
    with translation.override("en"):
        html = servant_client.get(reverse("objections:me"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-mark="objection_pending"' in html
    assert objection.query_code in html and "2026-10-15" in html


def test_filing_with_a_pdf_gives_a_receipt_with_the_query_code_and_due_date(
    servant_client: Client, own_record: CreditRecord
) -> None:
    with at(dt.date(2026, 9, 30)):
        response = servant_client.post(
            reverse("objections:file", args=[own_record.pk]), {"reasons": REASONS, "evidence_files": [pdf()]}
        )
        assert response.status_code == 302
        receipt = servant_client.get(response["Location"])
    objection = Objection.objects.get()
    html = receipt.content.decode()
    assert 'id="receipt"' in html and objection.query_code in html and "2026-10-20" in html
    assert objection.evidence.count() == 1


def test_a_bad_form_is_a_400_with_the_field_error_and_saves_nothing(
    servant_client: Client, own_record: CreditRecord
) -> None:
    response = servant_client.post(reverse("objections:file", args=[own_record.pk]), {"reasons": ""})
    assert response.status_code == 400
    assert 'class="error"' in response.content.decode()
    assert not Objection.objects.exists()


def test_the_pending_year_is_shown_in_words(
    servant_client: Client, civil_servant: CivilServant, own_record: CreditRecord
) -> None:
    objection = file_objection(civil_servant, own_record, dt.date(2026, 12, 24))
    html = servant_client.get(reverse("objections:detail", args=[objection.pk])).content.decode()
    assert "待节假日安排公布" in html


def test_another_persons_record_and_objection_are_404_by_every_url(
    servant_client: Client, other_servant: CivilServant, others_record: CreditRecord
) -> None:
    theirs = file_objection(other_servant, others_record, uploads=[pdf()])
    urls = [
        reverse("objections:record", args=[others_record.pk]),
        reverse("objections:file", args=[others_record.pk]),
        reverse("objections:detail", args=[theirs.pk]),
        reverse("objections:evidence", args=[theirs.evidence.get().pk]),
    ]
    for url in urls:
        assert servant_client.get(url).status_code == 404, url
    assert servant_client.post(urls[1], {"reasons": REASONS}).status_code == 404
    assert Objection.objects.count() == 1


def test_staff_have_no_file_here(client: Client, reviewer_a: User) -> None:
    client.force_login(reviewer_a)
    assert client.get(reverse("objections:me")).status_code == 404


def test_anonymous_visitors_are_sent_to_the_public_sign_in(client: Client) -> None:
    response = client.get(reverse("objections:me"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("core:login"))


def test_own_evidence_downloads(servant_client: Client, civil_servant: CivilServant, own_record: CreditRecord) -> None:
    objection = file_objection(civil_servant, own_record, uploads=[pdf()])
    response = servant_client.get(reverse("objections:evidence", args=[objection.evidence.get().pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
