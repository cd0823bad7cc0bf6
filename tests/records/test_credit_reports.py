"""Credit reports (issue 11, item 4): the agency's and the company's, issued with a code, as
HTML and PDF (the PDF opens, and its text holds the subject's name and the code), verified by
anyone; a civil servant's only for authorised staff, its name masked on the verification page."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from core.models import Agency, AuditEvent, CivilServant, User
from core.workflow import Status
from records.models import Category, CreditRecord, IssuedReport, Polarity, ReportSubject, Tier, UseScope
from records.pdf import ReportFontMissing, report_pdf
from records.reports import agency_report_content
from records.services.evaluation import evaluation_run
from records.services.reports import report_issue
from tests.disclosure.conftest import ActionFactory
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
needs_font = pytest.mark.skipif(not FONT.is_file(), reason="fonts-wqy-zenhei is not installed")


def pdf_text(body: bytes) -> str:
    reader = PdfReader(io.BytesIO(body))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


@pytest.fixture
def dishonest(agency_a: Agency) -> CreditRecord:
    return CreditRecord.objects.create(
        agency=agency_a,
        subject_agency=agency_a,
        category=Category.CONTRACT_FULFILMENT,
        polarity=Polarity.DISHONEST,
        tier=Tier.GENERAL,
        decision_date=timezone.localdate() - dt.timedelta(days=5),
        document_number="济槐信〔2026〕77号",
        summary="未按约定兑现招商引资奖励资金。",
        use_scope=UseScope.PUBLIC,
        status=Status.PUBLISHED,
        public_until=timezone.localdate() + dt.timedelta(days=300),
    )


def test_the_agency_report_page_previews_without_a_code_and_issues_on_post(
    client: Client, agency_a: Agency, dishonest: CreditRecord
) -> None:
    evaluation_run(as_of=timezone.localdate())
    url = reverse("records:agency-report", args=[agency_a.uscc])
    page = client.get(url)
    assert page.status_code == 200
    assert agency_a.name in page.content.decode() and "济槐信〔2026〕77号" in page.content.decode()
    assert not IssuedReport.objects.exists()
    issued = client.post(url)
    report = IssuedReport.objects.get()
    assert issued.status_code == 302 and issued["Location"] == reverse("records:report", args=[report.code])
    shown = client.get(issued["Location"]).content.decode()
    assert report.code in shown and "92.0" in shown  # the year's score: 100 - 8 for the general record
    assert report.subject_kind == ReportSubject.AGENCY and report.requested_by is None
    assert AuditEvent.objects.filter(action="records.report.issue", object_id=str(report.pk)).exists()


def test_an_internal_or_unpublished_record_is_not_in_the_public_report(
    agency_a: Agency, dishonest: CreditRecord
) -> None:
    CreditRecord.objects.filter(pk=dishonest.pk).update(use_scope=UseScope.INTERNAL)
    content = agency_report_content(agency_a)
    rows = next(s for s in content["sections"] if s["key"] == "dishonesty_records")["rows"]
    assert rows == []


@needs_font
def test_the_pdf_opens_and_holds_the_name_and_the_code(
    client: Client, agency_a: Agency, dishonest: CreditRecord, capsys: Any
) -> None:
    client.post(reverse("records:agency-report", args=[agency_a.uscc]))
    report = IssuedReport.objects.get()
    response = client.get(reverse("records:report-pdf", args=[report.code]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    body = response.content
    text = pdf_text(body)
    assert agency_a.name in text and report.code in text and "济槐信〔2026〕77号" in text
    assert b"/FontFile2" in body or b"/FontFile" in body  # the font is embedded
    out = Path("var/test-reports")
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"credit-report-{report.code}.pdf"
    path.write_bytes(body)
    with capsys.disabled():
        print(f"\ngenerated credit report: {path.resolve()} ({len(body)} bytes)")


def test_without_the_font_the_pdf_fails_with_a_clear_error(agency_a: Agency, settings: Any) -> None:
    from records.pdf import register_font

    register_font.cache_clear()
    settings.REPORT_FONT_PATH = "/nonexistent/font.ttc"
    report = report_issue(content=agency_report_content(agency_a))
    try:
        with pytest.raises(ReportFontMissing, match="fonts-wqy-zenhei"):
            report_pdf(report)
    finally:
        register_font.cache_clear()


def test_verify_says_who_and_when_and_an_unknown_code_is_404(client: Client, agency_a: Agency) -> None:
    report = report_issue(content=agency_report_content(agency_a))
    page = client.get(reverse("records:verify", args=[report.code.lower()]))
    assert page.status_code == 200
    body = page.content.decode()
    assert agency_a.name in body and agency_a.uscc in body
    assert timezone.localtime(report.issued_at).strftime("%Y-%m-%d %H:%M:%S") in body
    assert client.get(reverse("records:verify", args=["AAAA-BBBB-CCCC-DDDD"])).status_code == 404


def test_codes_are_unique_and_not_sequential(agency_a: Agency) -> None:
    codes = {report_issue(content=agency_report_content(agency_a)).code for _ in range(20)}
    assert len(codes) == 20 and all(len(c) == 19 and c.count("-") == 3 for c in codes)


@needs_font
def test_the_company_report_lists_its_public_licences_and_penalties(client: Client, agency_a: Agency) -> None:
    penalty = ActionFactory.create(agency=agency_a, published=True)
    url = reverse("disclosure:subject-report", args=[penalty.counterparty_uscc])
    assert penalty.document_number in client.get(url).content.decode()
    report_url = client.post(url)["Location"]
    report = IssuedReport.objects.get()
    assert report.subject_kind == ReportSubject.COMPANY and report.subject_name == penalty.counterparty_name
    text = pdf_text(client.get(reverse("records:report-pdf", args=[report.code])).content)
    assert penalty.counterparty_name in text and report.code in text
    assert client.get(report_url).status_code == 200


def test_a_code_without_public_decisions_has_no_company_report(client: Client, agency_a: Agency) -> None:
    draft = ActionFactory.create(agency=agency_a)
    assert client.get(reverse("disclosure:subject-report", args=[draft.counterparty_uscc])).status_code == 404


def test_a_civil_servants_report_is_for_authorised_staff_only(
    client: Client, credit_office: User, clerk_b: User, person_a: CivilServant
) -> None:
    url = reverse("admin:records_civilservant_report", args=[person_a.pk])
    client.force_login(clerk_b)
    assert client.get(url).status_code == 404  # another agency's person
    client.force_login(credit_office)
    assert client.get(url).status_code == 200
    location = client.post(url)["Location"]
    report = IssuedReport.objects.get()
    assert report.subject_kind == ReportSubject.CIVIL_SERVANT and report.requested_by == credit_office
    assert client.get(location).status_code == 200
    client.logout()
    assert client.get(location).status_code == 404
    assert client.get(reverse("records:report-pdf", args=[report.code])).status_code == 404
    verify = client.get(reverse("records:verify", args=[report.code])).content.decode()
    assert person_a.name not in verify and person_a.name[0] + "**" in verify


def test_the_evaluation_table_groups_sub_districts_and_costs_the_same_queries(
    client: Client, django_assert_num_queries: Any
) -> None:
    from core.models import AgencyKind

    def page() -> str:
        from django.core.cache import cache

        cache.clear()
        with django_assert_num_queries(3):  # years, year snapshots, quarter snapshots
            return client.get(reverse("records:evaluation")).content.decode()

    AgencyFactory.create(name="甲局")
    AgencyFactory.create(name="甲街道办事处", kind=AgencyKind.SUBDISTRICT)
    evaluation_run(as_of=timezone.localdate())
    small = page()
    for i in range(6):
        AgencyFactory.create(name=f"新增局{i}")
    evaluation_run(as_of=timezone.localdate())
    large = page()
    assert "甲街道办事处" in small and "新增局5" in large and large.count('<svg class="trend"') == 8
    street_section = large.split('data-testid="group-subdistricts"')[1]
    assert "甲街道办事处" in street_section and "甲局" not in street_section


def test_the_method_page_shows_the_weights_in_force(client: Client, settings: Any) -> None:
    settings.EVALUATION_WEIGHTS = settings.EVALUATION_WEIGHTS | {"dishonest_serious": -33}
    from django.core.cache import cache

    cache.clear()
    body = client.get(reverse("records:evaluation-method")).content.decode()
    assert "-33" in body
