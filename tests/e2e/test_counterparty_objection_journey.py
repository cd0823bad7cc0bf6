"""Journey (issue 10, items 4 and 5): a company objects to its published penalty from the item's
public page, confirms its e-mail with the mailed code, attaches a PDF and gets a receipt; it
follows the objection with the query code; a reviewer of the agency answers "revoked" in the
admin; a visitor no longer finds the item, and the takedown log says why."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import Page, expect

from core.models import User
from objections.models import Objection
from tests.disclosure.conftest import ActionFactory
from tests.e2e.helpers import sign_in
from tests.objections.conftest import PDF

pytestmark = pytest.mark.e2e


def test_a_company_objects_to_its_penalty_and_follows_it_until_revoked(
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
    penalty = ActionFactory.create(agency=agency_a, published=True)
    evidence = tmp_path / "缴款凭证.pdf"
    evidence.write_bytes(PDF)

    page.goto(reverse("disclosure:detail", args=[penalty.pk]))
    page.get_by_test_id("object").click()
    page.locator("#id_document_number").fill(penalty.document_number)
    page.locator("#id_code").fill(penalty.counterparty_uscc)
    page.locator("#id_email").fill("fawu@example.com")
    screenshot("counterparty-identify")
    page.locator("#identify-form [type=submit]").click()
    expect(page.locator("#objection-form")).to_be_visible()
    code = re.search(r"\b(\d{6})\b", str(mail.outbox[-1].body))
    assert code is not None and mail.outbox[-1].to == ["fawu@example.com"]
    page.locator("#id_email_code").fill(code.group(1))
    page.locator("#id_reasons").fill("我公司已于决定作出前整改完毕，所附缴款凭证可证，认定事实有误，请予核实。")
    page.locator("#id_evidence_files").set_input_files(str(evidence))
    page.locator("#objection-form [type=submit]").click()
    expect(page.locator("#receipt")).to_be_visible()
    objection = Objection.objects.get(item_id=penalty.pk)
    expect(page.get_by_test_id("query-code")).to_have_text(objection.query_code)
    assert objection.due_on is not None
    expect(page.get_by_test_id("due")).to_have_text(objection.due_on.isoformat())
    screenshot("counterparty-receipt")

    cache.clear()  # the public pages' 30-second cache
    page.goto(reverse("disclosure:detail", args=[penalty.pk]))
    expect(page.get_by_test_id("mark")).to_be_visible()
    expect(page.get_by_test_id("object")).to_have_count(0)

    page.goto(reverse("objections:status"))
    page.locator("#id_query_code").fill(objection.query_code)
    page.locator("#status-form [type=submit]").click()
    expect(page.locator("#objection-status")).to_be_visible()
    expect(page.get_by_test_id("status")).to_have_text(str(objection.get_status_display()))
    screenshot("counterparty-status")

    sign_in(page, "reviewer_a")
    page.goto(reverse("admin:objections_objection_change", args=[objection.pk]))
    expect(page.locator("select[name=answer_outcome]")).to_be_visible()
    page.locator("select[name=answer_outcome]").select_option("revoked")
    page.locator("textarea[name=answer_reply]").fill("经复核，该处罚决定认定事实不清，予以撤销并停止公示。")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    screenshot("counterparty-answered")
    page.locator("#logout-form [type=submit]").click()

    cache.clear()
    page.goto(reverse("disclosure:detail", args=[penalty.pk]))
    expect(page.locator("h1")).to_be_visible()  # "this decision has left public display", and why
    screenshot("counterparty-item-gone")
    page.locator(f'a[href="{reverse("disclosure:takedowns")}"]').last.click()
    expect(page.get_by_text(penalty.document_number)).to_be_visible()
    expect(page.get_by_text("认定事实不清", exact=False)).to_be_visible()
    screenshot("counterparty-takedown-log")

    page.goto(reverse("objections:status"))
    page.locator("#id_query_code").fill(objection.query_code)
    page.locator("#status-form [type=submit]").click()
    expect(page.get_by_test_id("outcome")).to_be_visible()
    expect(page.get_by_test_id("kept")).to_be_visible()
