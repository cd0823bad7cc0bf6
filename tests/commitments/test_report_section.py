"""An agency's credit report lists the commitments it breached (registered from commitments'
ready()), in the HTML and the PDF, never with the responsible person."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commitments.services.fulfilment import commitment_breach, commitment_fulfil
from core.models import Agency, CivilServant, User
from records.models import IssuedReport
from records.reports import agency_report_content
from tests.commitments.conftest import make_published
from tests.records.test_credit_reports import needs_font, pdf_text

pytestmark = pytest.mark.django_db


def breached_rows(agency: Agency) -> list[list[str]]:
    return next(s for s in agency_report_content(agency)["sections"] if s["key"] == "commitments_breached")["rows"]


def test_only_breached_commitments_of_the_agency_are_listed(
    clerk_a: User, reviewer_a: User, credit_office: User, agency_a: Agency, agency_b: Agency, person_a: CivilServant
) -> None:
    assert breached_rows(agency_a) == []
    broken = make_published(clerk_a, reviewer_a, agency_a, person_a)
    commitment_breach(commitment=broken, actor=credit_office, on=timezone.localdate(), facts="逾期未兑现奖励资金。")
    kept = make_published(clerk_a, reviewer_a, agency_a, person_a)
    commitment_fulfil(commitment=kept, actor=reviewer_a, on=timezone.localdate(), note="已按协议兑现。")
    rows = breached_rows(agency_a)
    assert [row[2] for row in rows] == [broken.title]
    assert person_a.name not in str(rows)
    assert breached_rows(agency_b) == []


@needs_font
def test_the_html_and_the_pdf_show_them(
    client: Client, clerk_a: User, reviewer_a: User, credit_office: User, agency_a: Agency, person_a: CivilServant
) -> None:
    broken = make_published(clerk_a, reviewer_a, agency_a, person_a)
    commitment_breach(commitment=broken, actor=credit_office, on=timezone.localdate(), facts="逾期未兑现奖励资金。")
    client.post(reverse("records:agency-report", args=[agency_a.uscc]))
    report = IssuedReport.objects.get()
    html = client.get(reverse("records:report", args=[report.code])).content.decode()
    assert broken.document_number in html and person_a.name not in html
    text = pdf_text(client.get(reverse("records:report-pdf", args=[report.code])).content)
    assert broken.document_number in text
