"""Journey (issue 11, item 8): in the demo district, the credit office issues an API token in the
admin (shown once, read from the page), another department's system fetches an agency's credit
report with it, a visitor verifies the report's code and sees for whom and when it was issued,
and the evaluation page ranks the district's agencies.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from core import demo
from core.models import Agency
from records.models import ApiClient, IssuedReport
from records.services.api_clients import TOKEN_PREFIX
from tests.e2e.helpers import zh

pytestmark = pytest.mark.e2e

MARKET = "济南市槐荫区市场监督管理局"
CLIENT_NAME = "区行政审批服务系统（E2E）"


def sign_in_demo(page: Page, username: str) -> None:
    """The demo accounts have the published demo password, not the factories' one."""
    page.goto(reverse("admin:login"))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(demo.PASSWORD)
    page.locator("#login-form [type=submit]").click()
    expect(page.locator("#logout-form")).to_be_attached()


def test_office_issues_a_token_a_client_fetches_a_report_a_visitor_verifies_it(
    page: Page, new_context: Callable[..., Any], screenshot: Callable[..., Path]
) -> None:
    call_command("seed_demo", stdout=StringIO())
    cache.clear()  # the public pages are cached in the live server's (same-process) locmem cache
    market = Agency.objects.get(name=MARKET)
    approval = Agency.objects.exclude(pk=market.pk).filter(kind="department").order_by("name").first()
    assert approval is not None

    # 1. The credit office issues a token for another department's system, in the admin.
    sign_in_demo(page, "xinyongban")
    page.goto(reverse("admin:records_apiclient_add"))
    page.locator("#id_name").fill(CLIENT_NAME)
    page.locator("#id_department").select_option(str(approval.pk))
    page.locator("#id_purpose").fill("行政审批前信用核查")
    page.locator("input[name=scope_reports][value=agency]").check()
    screenshot("credit-report-1-issue-token")
    page.locator("input[name=_save]").click()
    message = page.locator(".messagelist .warning")
    expect(message).to_contain_text(CLIENT_NAME)
    found = re.search(re.escape(TOKEN_PREFIX) + r"[A-Za-z0-9_-]+", message.inner_text())
    assert found is not None, message.inner_text()
    token = found.group(0)
    screenshot("credit-report-2-token-shown-once")
    client = ApiClient.objects.get(name=CLIENT_NAME)
    assert token not in (client.token_hash, client.token_prefix)  # only its hash is kept
    page.goto(reverse("admin:records_apiclient_change", args=[client.pk]))
    expect(page.locator("body")).not_to_contain_text(token)  # shown once, never again

    # 2. The department's system asks for the market authority's report with the token.
    api = new_context().request  # no cookies: the token is its only credential
    url = reverse("api-agency-credit-report", args=[market.uscc])
    assert api.get(url).status == 401
    answer = api.get(url, headers={"Authorization": f"Bearer {token}"})
    assert answer.status == 200, answer.text()
    body = answer.json()
    code = body["verification_code"]
    assert body["verify_url"].endswith(f"/verify/{code}/")
    report = IssuedReport.objects.get(code=code)
    assert report.api_client_id == client.pk and report.subject_code == market.uscc

    # 3. A visitor verifies the code printed on the report.
    visitor = new_context().new_page()
    visitor.goto(reverse("records:verify", args=[code]))
    expect(visitor.get_by_test_id("verdict")).to_have_text(
        zh("A credit report with this code was issued by this portal.")
    )
    expect(visitor.get_by_test_id("subject")).to_have_text(MARKET)
    issued = timezone.localtime(report.issued_at).strftime("%Y-%m-%d %H:%M:%S")
    expect(visitor.get_by_test_id("issued")).to_have_text(issued)
    expect(visitor.locator("main")).to_contain_text(CLIENT_NAME)
    screenshot("credit-report-3-verified", of=visitor)
    visitor.goto(reverse("records:verify", args=["0000-0000-0000-0000"]))
    expect(visitor.get_by_test_id("verdict")).to_contain_text("0000-0000-0000-0000")

    # 4. The evaluation page ranks the demo district's agencies.
    visitor.goto(reverse("records:evaluation"))
    expect(visitor.locator("h1")).to_contain_text(zh("Integrity evaluation"))
    table = visitor.get_by_test_id("group-agencies")
    expect(table.get_by_role("link", name=MARKET)).to_be_visible()
    expect(visitor.get_by_test_id("group-subdistricts").locator("tbody tr").first).to_be_visible()
    screenshot("credit-report-4-evaluation", of=visitor)
