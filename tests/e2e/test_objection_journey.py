"""Journey (issue 10, items 1, 3, 5): a civil servant signs in on the public site, files an
objection with a PDF and sees the receipt with the query code and the due date; a reviewer of
the providing agency answers "revoked" in the admin; the civil servant then sees the answer,
and the record is off the public list."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from core.models import CivilServant, User
from objections.models import Objection
from records.models import CreditRecord, RecordTakedown, UseScope
from tests.e2e.helpers import PASSWORD, sign_in
from tests.objections.conftest import PDF, published_record

pytestmark = pytest.mark.e2e


def test_a_civil_servant_objects_with_a_pdf_and_a_reviewer_revokes_the_record(
    page: Page,
    screenshot: Callable[..., Path],
    tmp_path: Path,
    civil_servant: CivilServant,
    clerk_a: User,
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
    record = published_record(
        civil_servant, clerk_a, reviewer_a, use_scope=UseScope.PUBLIC, summary="年度考核结果：基本称职。"
    )
    evidence = tmp_path / "年度考核登记表.pdf"
    evidence.write_bytes(PDF)

    page.goto(reverse("objections:me"))
    expect(page).to_have_url(re.compile(r"/account/login/"))
    page.locator("#id_username").fill("servant")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#login-form [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/me/$"))
    expect(page.locator(f'tr[data-record="{record.pk}"]')).to_be_visible()
    screenshot("objection-my-file")

    page.goto(reverse("objections:record", args=[record.pk]))
    page.locator("#file-objection").click()
    page.locator("#id_reasons").fill("本人年度考核结果为“称职”，所附考核登记表可证，请予核实撤销该记录。")
    page.locator("#id_evidence_files").set_input_files(str(evidence))
    page.locator("#objection-form [type=submit]").click()
    expect(page.locator("#receipt")).to_be_visible()
    objection = Objection.objects.get(record=record)
    expect(page.get_by_test_id("query-code")).to_have_text(objection.query_code)
    assert objection.due_on is not None
    expect(page.get_by_test_id("due")).to_have_text(objection.due_on.isoformat())
    assert objection.evidence.count() == 1
    screenshot("objection-receipt")
    page.goto(reverse("objections:me"))
    expect(page.locator(f'tr[data-record="{record.pk}"] [data-mark="objection_pending"]')).to_be_visible()
    page.locator("#sign-out").click()
    expect(page).to_have_url(re.compile(r"/$"))

    sign_in(page, "reviewer_a")
    page.goto(reverse("admin:objections_objection_change", args=[objection.pk]))
    page.locator("select[name=answer_outcome]").select_option("revoked")
    page.locator("textarea[name=answer_reply]").fill("经核查，原记录认定有误，予以撤销并停止公示。")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    screenshot("objection-answered")
    objection.refresh_from_db()
    assert objection.outcome == "revoked"
    assert not CreditRecord.objects.public().filter(pk=record.pk).exists()
    assert RecordTakedown.objects.get(record=record).reason == "revoked"
    page.locator("#logout-form [type=submit]").click()

    page.goto(reverse("core:login"))
    page.locator("#id_username").fill("servant")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#login-form [type=submit]").click()
    page.goto(reverse("objections:detail", args=[objection.pk]))
    expect(page.get_by_test_id("outcome")).to_be_visible()
    expect(page.get_by_test_id("kept")).to_be_visible()
