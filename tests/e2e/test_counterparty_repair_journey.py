"""Journey (issue 10, item 7, companies): on a recent penalty's public page the repair button is
disabled and says from which day; on an older one a company applies with the mailed code, its
evidence and the credit commitment; a reviewer accepts and approves in the admin; the penalty is
off the public site and the takedown log says 信用修复."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from core.models import User
from disclosure.models import Takedown
from objections.models import RepairRequest, RepairStatus
from records.models import Tier
from tests.disclosure.conftest import ActionFactory
from tests.e2e.helpers import sign_in
from tests.objections.conftest import PDF

pytestmark = pytest.mark.e2e


def test_a_company_applies_for_repair_of_an_old_penalty_and_it_leaves_the_site(
    page: Page,
    screenshot: Callable[..., Path],
    tmp_path: Path,
    agency_a: Any,
    reviewer_a: User,
    settings: Any,
) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "evidence")},
        },
    }
    cache.clear()
    today = timezone.localdate()
    recent = ActionFactory.create(
        agency=agency_a, published=True, tier=Tier.GENERAL, decision_date=today - dt.timedelta(days=20)
    )
    old = ActionFactory.create(
        agency=agency_a, published=True, tier=Tier.GENERAL, decision_date=today - dt.timedelta(days=150)
    )
    evidence = tmp_path / "罚款缴纳凭证.pdf"
    evidence.write_bytes(PDF)

    page.goto(reverse("disclosure:detail", args=[recent.pk]))
    expect(page.get_by_test_id("repair")).to_be_disabled()
    expect(page.get_by_test_id("repair-why")).to_be_visible()
    screenshot("repair-not-yet")

    page.goto(reverse("disclosure:detail", args=[old.pk]))
    page.get_by_test_id("repair").click()
    page.locator("#id_document_number").fill(old.document_number)
    page.locator("#id_code").fill(old.counterparty_uscc)
    page.locator("#id_email").fill("xinyong@example.com")
    page.locator("#identify-form [type=submit]").click()
    expect(page.get_by_test_id("commitment")).to_be_visible()
    code = re.search(r"\b(\d{6})\b", str(mail.outbox[-1].body))
    assert code is not None
    page.locator("#id_email_code").fill(code.group(1))
    page.locator("#id_statement").fill("我公司已于2026年8月足额缴纳罚款并完成整改，附罚款缴纳凭证。")
    page.locator("#id_evidence_files").set_input_files(str(evidence))
    page.locator("#id_commitment_accepted").check()
    screenshot("repair-form")
    page.locator("#repair-form [type=submit]").click()
    expect(page.locator("#receipt")).to_be_visible()
    request = RepairRequest.objects.get(item_id=old.pk)
    expect(page.get_by_test_id("query-code")).to_have_text(request.query_code or "")
    screenshot("repair-receipt")

    sign_in(page, "reviewer_a")
    url = reverse("admin:objections_repairrequest_change", args=[request.pk])
    for decision in ("accept", "approve"):
        page.goto(url)
        page.locator("select[name=decision]").select_option(decision)
        page.locator("textarea[name=reasons]").fill("经审核，当事人已履行处罚决定，准予信用修复。")
        page.locator("input[name=_save]").click()
        expect(page.locator(".messagelist .success")).to_be_visible()
    screenshot("repair-approved")
    request.refresh_from_db()
    assert request.status == RepairStatus.APPROVED
    assert Takedown.objects.get(action=old).reason == "repaired"
    page.locator("#logout-form [type=submit]").click()

    cache.clear()
    page.goto(reverse("disclosure:takedowns"))
    expect(page.get_by_text(old.document_number)).to_be_visible()
    screenshot("repair-takedown-log")
    page.goto(reverse("objections:status"))
    page.locator("#id_query_code").fill(request.query_code or "")
    page.locator("#status-form [type=submit]").click()
    expect(page.get_by_test_id("decided")).to_be_visible()
