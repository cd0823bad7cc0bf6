"""Journey (issue 9, item 12): a clerk enters a dishonesty record in the agency's file with an
evidence PDF and submits it, a reviewer publishes it, the agency's public page shows it to a
visitor, and the file page shows it with the notice the publication sent. Every page of the
journey is checked with axe (no critical or serious finding).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from core.models import Agency, Notification, User
from core.workflow import Status
from records.models import CreditRecord
from records.selectors import record_notice_prefix
from tests.e2e.axe import axe_findings
from tests.e2e.helpers import sign_in, sign_out, zh

pytestmark = pytest.mark.e2e

DOCUMENT = "济槐信〔2026〕E2E号"
SUMMARY = "未按合同约定期限兑现招商引资奖励资金，经督促仍未整改。"
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def press(page: Page, label: str) -> None:
    form = page.locator("#workflow form.workflow-move", has=page.get_by_role("button", name=zh(label)))
    form.get_by_role("button", name=zh(label)).click()
    expect(page.locator(".messagelist .success")).to_be_visible()


def test_clerk_enters_reviewer_publishes_public_page_and_file_show_it(
    page: Page,
    new_context: Callable[..., Any],
    screenshot: Callable[..., Path],
    clerk_a: User,
    reviewer_a: User,
    agency_a: Agency,
    tmp_path: Path,
) -> None:
    cache.clear()  # the public pages are cached in the live server's (same-process) locmem cache
    findings: dict[str, list[dict[str, Any]]] = {}
    checker = new_context(bypass_csp=True).new_page()  # axe is injected: the test's tool, not the site's
    signed_in_as = {"name": ""}

    def check(name: str, username: str | None, url: str) -> None:
        if signed_in_as["name"] != (username or ""):
            checker.context.clear_cookies()
            if username:
                sign_in(checker, username)
            signed_in_as["name"] = username or ""
        checker.goto(url)
        findings[name] = axe_findings(checker)

    # 1. The clerk opens the records list, adds a record of the agency's own file, attaches the PDF.
    sign_in(page, clerk_a.username)
    page.goto(reverse("admin:records_creditrecord_changelist"))
    page.locator(".object-tools a.addlink").click()
    expect(page).to_have_url(re.compile(r"/admin/records/creditrecord/add/$"))
    page.locator("#id_subject_agency").select_option(str(agency_a.pk))
    page.locator("#id_category").select_option("contract_fulfilment")
    page.locator("#id_polarity").select_option("dishonest")
    page.locator("#id_tier").select_option("general")
    page.locator("input[name=key_areas][value=investment_promotion]").check()
    decided = timezone.localdate() - dt.timedelta(days=5)
    page.locator("#id_decision_date").fill(decided.isoformat())
    page.locator("#id_document_number").fill(DOCUMENT)
    page.locator("#id_summary").fill(SUMMARY)
    evidence = tmp_path / "督办通知.pdf"
    evidence.write_bytes(PDF)
    page.locator("#id_evidence_file").set_input_files(evidence)
    screenshot("records-1-clerk-enters")
    check("record add form", clerk_a.username, reverse("admin:records_creditrecord_add"))
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    record = CreditRecord.objects.get(document_number=DOCUMENT)
    assert (record.status, record.evidence.count(), record.created_by) == (Status.DRAFT, 1, clerk_a)
    expect(page.locator(".field-evidence_links")).to_contain_text("督办通知.pdf")
    press(page, "Submit for review")
    assert CreditRecord.objects.get(pk=record.pk).status == Status.SUBMITTED
    change = reverse("admin:records_creditrecord_change", args=[record.pk])
    check("record change page", clerk_a.username, change)
    sign_out(page)

    # 2. The reviewer finds it in the list and publishes it.
    sign_in(page, reviewer_a.username)
    page.goto(reverse("admin:records_creditrecord_changelist"))
    page.locator("#result_list tbody tr").first.locator("th a").click()
    expect(page).to_have_url(re.compile(rf"/{record.pk}/change/$"))
    press(page, "Publish")
    published = CreditRecord.objects.get(pk=record.pk)
    assert published.status == Status.PUBLISHED and published.public_until is not None
    screenshot("records-2-reviewer-published")

    # 3. A visitor, signed in nowhere, finds it on the agency's public page.
    cache.clear()
    visitor = new_context().new_page()
    visitor.goto(reverse("disclosure:agencies"))
    visitor.get_by_role("link", name=agency_a.name).click()
    expect(visitor.locator(f"#public-record-{record.pk}")).to_contain_text(SUMMARY)
    expect(visitor.locator(f"#public-record-{record.pk}")).to_contain_text(published.public_until.isoformat())
    screenshot("records-3-public-agency-page", of=visitor)
    check("public agency page", None, reverse("disclosure:agency", args=[agency_a.uscc]))

    # 4. The reviewer opens the agency's whole file from the record: the record, its evidence
    #    and the notice the publication sent to the clerk.
    page.goto(reverse("admin:records_creditrecord_change", args=[record.pk]))
    page.get_by_role("link", name=zh("The whole integrity file")).click()
    expect(page).to_have_url(re.compile(rf"/files/agency/{agency_a.pk}/$"))
    entry = page.locator(f"#record-{record.pk}")
    expect(entry).to_contain_text(SUMMARY)
    expect(entry.locator(".status")).to_have_text(zh("Published"))
    expect(entry).to_contain_text("督办通知.pdf")
    notice = Notification.objects.filter(key__startswith=record_notice_prefix(record.pk), recipient=clerk_a).get()
    expect(entry.locator(".file-notices")).to_contain_text(notice.subject)
    screenshot("records-4-file-page")
    check("agency file page", reviewer_a.username, reverse("admin:records_file_agency", args=[agency_a.pk]))
    check("file index", reviewer_a.username, reverse("admin:records_file_index"))
    sign_out(page)

    assert len(findings) == 5  # every page checked
    blocking = {name: found for name, found in findings.items() if found}
    assert not blocking, blocking
