"""An agency's credit report lists the sanctions in force on its public records and its
judgment-debtor restrictions, in the HTML and the PDF; nothing of an internal record."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import Agency
from core.workflow import Status
from records.models import Category, CreditRecord, IssuedReport, Polarity, Sanction, Tier, UseScope
from records.reports import agency_report_content
from tests.records.test_credit_reports import needs_font, pdf_text

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def record(agency: Agency, **extra: Any) -> CreditRecord:
    return CreditRecord.objects.create(
        agency=agency,
        subject_agency=agency,
        category=Category.JUDGMENT,
        polarity=Polarity.DISHONEST,
        tier=Tier.GENERAL,
        decision_date=TODAY - dt.timedelta(days=5),
        document_number="济槐信〔2026〕88号",
        summary="拒不履行生效判决。",
        use_scope=extra.pop("use_scope", UseScope.PUBLIC),
        status=Status.PUBLISHED,
        public_until=TODAY + dt.timedelta(days=300),
    )


def sanction(rec: CreditRecord, kind: str, **extra: Any) -> Sanction:
    return Sanction.objects.create(
        record=rec, agency=rec.agency, kind=kind, active_from=TODAY - dt.timedelta(days=3), **extra
    )


def sections(agency: Agency) -> dict[str, Any]:
    return {s["key"]: s for s in agency_report_content(agency)["sections"]}


def test_the_report_lists_sanctions_in_force_and_restrictions(agency_a: Agency) -> None:
    rec = record(agency_a)
    sanction(rec, "public_criticism", document_number="槐惩〔2026〕5号", notice_text="予以通报批评。")
    sanction(rec, "judgment_debtor", measures=["subsidies", "financing"], active_until=TODAY + dt.timedelta(days=90))
    sanction(rec, "award_ineligibility", active_until=TODAY - dt.timedelta(days=1))  # ended
    sanction(rec, "explanation", due_on=TODAY + dt.timedelta(days=9), lifted_at=timezone.now())  # lifted
    sanction(rec, "rectification", due_on=TODAY + dt.timedelta(days=9), document_number="槐整〔2026〕1号")  # staff-only
    found = sections(agency_a)
    assert len(found["sanctions"]["rows"]) == 2
    assert any("槐惩〔2026〕5号" in row for row in found["sanctions"]["rows"])
    assert "槐整〔2026〕1号" not in str(found)
    assert [row[1:] for row in found["restrictions"]["rows"]] == [
        [(TODAY - dt.timedelta(days=3)).isoformat(), (TODAY + dt.timedelta(days=90)).isoformat()]
    ] * 2


def test_an_internal_records_sanctions_and_another_agencys_are_not_in_the_report(
    agency_a: Agency, agency_b: Agency
) -> None:
    sanction(record(agency_a, use_scope=UseScope.INTERNAL), "judgment_debtor")
    sanction(record(agency_b), "judgment_debtor")
    found = sections(agency_a)
    assert found["sanctions"]["rows"] == [] and found["restrictions"]["rows"] == []
    assert found["restrictions"]["empty"]


@needs_font
def test_the_html_and_the_pdf_show_them(client: Client, agency_a: Agency) -> None:
    rec = record(agency_a)
    sanction(rec, "public_criticism", document_number="槐惩〔2026〕5号", notice_text="予以通报批评。")
    sanction(rec, "judgment_debtor", active_until=TODAY + dt.timedelta(days=90))
    client.post(reverse("records:agency-report", args=[agency_a.uscc]))
    report = IssuedReport.objects.get()
    html = client.get(reverse("records:report", args=[report.code])).content.decode()
    until = (TODAY + dt.timedelta(days=90)).isoformat()
    assert "槐惩〔2026〕5号" in html and until in html
    text = pdf_text(client.get(reverse("records:report-pdf", args=[report.code])).content)
    assert "槐惩〔2026〕5号" in text and until in text
