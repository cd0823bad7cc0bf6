"""Journey (issue 3, item 9): a clerk imports a file, a reviewer publishes, a visitor searches
in Chinese and finds the item, with the natural person masked.

Everything goes through the browser: the real admin login form, the import page with a CSV
upload, the ImportJob page, the "publish selected" admin action, and the public search from the
home page in a fresh browser context without cookies.
"""

from __future__ import annotations

import csv
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

from core.demo import demo_id_number, demo_uscc
from core.models import User
from core.workflow import Status
from disclosure.models import AdministrativeAction, ImportJob
from disclosure.services.imports import columns_for
from tests.e2e.helpers import sign_in, sign_out, zh

pytestmark = pytest.mark.e2e

PERSON = "孙小红"
PERSON_MASKED = "孙**"
PERSON_ID = demo_id_number(dt.date(1986, 4, 23), 517)
COMPANY = "济南槐荫老味道餐饮管理有限公司"
COMPANY_USCC = demo_uscc(7301, "91")
QUERY = "烧烤"  # a two-character word: the search path FTS5 trigrams cannot serve
DOCS = ["济槐市监罚〔2026〕801号", "济槐市监罚〔2026〕802号"]


def write_penalty_csv(path: Path) -> Path:
    decided = (timezone.localdate() - dt.timedelta(days=3)).isoformat()
    common = {
        "决定文书名称": "行政处罚决定书",
        "决定日期": decided,
        "违法行为类型": "占道经营",
        "处罚依据": "《城市市容和环境卫生管理条例》第三十六条",
        "处罚类别": "罚款",
        "严重程度": "一般",
    }
    rows = [
        {
            **common,
            "行政相对人名称": PERSON,
            "行政相对人类别": "自然人",
            "证件类型": "身份证",
            "证件号码": PERSON_ID,
            "决定文书号": DOCS[0],
            "违法事实": "当事人在槐荫区经十路人行道上占道经营烧烤，影响行人通行。",
            "处罚内容": "罚款二百元。",
            "罚款金额（万元）": "0.02",
        },
        {
            **common,
            "行政相对人名称": COMPANY,
            "行政相对人类别": "法人及非法人组织",
            "统一社会信用代码": COMPANY_USCC,
            "法定代表人": "韩立新",
            "决定文书号": DOCS[1],
            "违法事实": "当事人在店外公共区域占道经营烧烤，油烟扰民。",
            "处罚内容": "罚款五千元。",
            "罚款金额（万元）": "0.5",
        },
    ]
    headers = list(columns_for("penalty"))
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        writer.writerows([row.get(h, "") for h in headers] for row in rows)
    return path


def assert_no_personal_data(html: str) -> None:
    """Neither the full name nor any run of 7 characters of the ID number is on the page."""
    assert PERSON not in html
    windows = {PERSON_ID[i : i + 7] for i in range(len(PERSON_ID) - 6)}
    leaked = sorted(w for w in windows if w in html)
    assert not leaked, f"ID number digits on a public page: {leaked}"


def test_clerk_imports_reviewer_publishes_visitor_finds_it_masked(
    page: Page,
    new_context: Callable[..., Any],
    screenshot: Callable[..., Path],
    clerk_a: User,
    reviewer_a: User,
    tmp_path: Path,
) -> None:
    cache.clear()  # public pages are cached in the live server's (same-process) locmem cache

    # 1. The clerk imports the penalty template with two rows, submitting them for review.
    sign_in(page, clerk_a.username)
    page.goto(reverse("admin:disclosure_action_import"))
    page.locator("#id_kind").select_option("penalty")
    page.locator("#id_file").set_input_files(write_penalty_csv(tmp_path / "处罚导入.csv"))
    expect(page.locator("#id_submit")).to_be_checked()
    screenshot("disclosure-import")
    page.locator("form[enctype] [type=submit]").click()

    expect(page).to_have_url(re.compile(r"/admin/disclosure/importjob/\d+/change/$"))
    # The task runs eagerly on commit; a pending job page refreshes itself every 3 s.
    expect(page.locator(".field-state .readonly")).to_have_text(zh("Imported"), timeout=15_000)
    expect(page.locator(".field-rows_imported .readonly")).to_have_text("2")
    expect(page.locator(".field-error_report .readonly")).to_have_text("—")
    screenshot("disclosure-import-job")
    job = ImportJob.objects.get()
    assert (job.state, job.rows_imported, job.created_by) == (ImportJob.State.DONE, 2, clerk_a)
    assert set(AdministrativeAction.objects.values_list("document_number", "status")) == {
        (DOCS[0], Status.SUBMITTED),
        (DOCS[1], Status.SUBMITTED),
    }
    sign_out(page)

    # 2. A reviewer of the same agency publishes both with the admin action.
    sign_in(page, reviewer_a.username)
    page.goto(reverse("admin:disclosure_administrativeaction_changelist"))
    for doc in DOCS:
        page.locator("#result_list tbody tr", has_text=doc).locator("input.action-select").check()
    page.locator("select[name=action]").select_option("publish_selected")
    page.locator("button[name=index]").click()
    expect(page.locator(".messagelist .success")).to_have_text(zh("%(n)d items done.", n=2))
    expect(page.locator(".messagelist .error")).to_have_count(0)
    screenshot("disclosure-published")
    assert set(AdministrativeAction.objects.values_list("status", "reviewed_by")) == {(Status.PUBLISHED, reviewer_a.pk)}

    # 3. A visitor without cookies searches from the home page in Chinese.
    visitor = new_context().new_page()
    visitor.set_default_timeout(10_000)
    visitor.goto(reverse("home"))
    visitor.locator("#home-q").fill(QUERY)
    visitor.locator("form.search [type=submit]").click()
    expect(visitor).to_have_url(re.compile(r"/disclosures/\?q="))
    results = visitor.get_by_test_id("results")
    expect(results.locator("article.item")).to_have_count(2)
    parties = results.get_by_test_id("counterparty")
    expect(parties.filter(has_text=PERSON_MASKED)).to_have_count(1)
    expect(parties.filter(has_text=COMPANY)).to_have_count(1)
    assert sorted(parties.all_inner_texts()) == sorted([PERSON_MASKED, COMPANY])
    assert_no_personal_data(visitor.content())
    screenshot("disclosure-search", of=visitor)

    visitor.set_viewport_size({"width": 390, "height": 844})
    expect(results.locator("article.item")).to_have_count(2)
    screenshot("disclosure-search-phone", of=visitor)

    # The natural person's detail page is masked too.
    visitor.set_viewport_size({"width": 1280, "height": 900})
    results.locator("article.item", has_text=PERSON_MASKED).locator("h3 a").click()
    expect(visitor.get_by_test_id("counterparty")).to_have_text(PERSON_MASKED)
    expect(visitor.locator("main")).to_contain_text(QUERY)
    assert_no_personal_data(visitor.content())
