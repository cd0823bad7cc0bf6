"""Journey (issue 11, items 1 and 2): a clerk enters a commitment with a milestone in the back
office and submits it, a reviewer of the same agency publishes it, and a visitor finds it on
/commitments/ with its milestone on the timeline, on a wide screen and on a phone. The public
pages are checked with axe (no critical or serious finding)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from commitments.models import Commitment
from core.models import Agency, CivilServant, User
from core.workflow import Status
from tests.commitments.conftest import valid_uscc
from tests.e2e.axe import axe_findings
from tests.e2e.helpers import sign_in, sign_out, zh

pytestmark = pytest.mark.e2e

TITLE = "物流园区企业用电增容按期完成"


def press(page: Page, label: str) -> None:
    form = page.locator("#workflow form.workflow-move", has=page.get_by_role("button", name=zh(label)))
    form.get_by_role("button", name=zh(label)).click()
    expect(page.locator(".messagelist .success")).to_be_visible()


def test_clerk_enters_reviewer_publishes_visitor_sees_the_commitment(
    page: Page,
    new_context: Callable[..., Any],
    screenshot: Callable[..., Path],
    clerk_a: User,
    reviewer_a: User,
    agency_a: Agency,
    person_a: CivilServant,
) -> None:
    made = timezone.localdate() - dt.timedelta(days=1)
    due = made + dt.timedelta(days=30)

    # The clerk enters the commitment with one milestone and one company, then submits it.
    sign_in(page, clerk_a.username)
    page.goto(reverse("admin:commitments_commitment_add"))
    page.locator("#id_committing_agency").select_option(str(agency_a.pk))
    page.locator("#id_kind").select_option("investment_promotion")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_promise").fill("项目签约后45日内完成企业用电增容工程并送电。")
    page.locator("#id_responsible_person").select_option(str(person_a.pk))
    page.locator("#id_made_on").fill(made.isoformat())
    page.locator("#counterparties-group .add-row a").click()
    page.locator("#id_counterparties-0-name").fill("济南槐荫物流发展有限公司")
    page.locator("#id_counterparties-0-uscc").fill(valid_uscc(4242))
    page.locator("#milestones-group .add-row a").click()
    page.locator("#id_milestones-0-title").fill("完成增容工程设计审批")
    page.locator("#id_milestones-0-due_on").fill(due.isoformat())
    screenshot("commitment-1-clerk-entry")
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    commitment = Commitment.objects.get(title=TITLE)
    assert list(commitment.milestones.values_list("title", flat=True)) == ["完成增容工程设计审批"]
    expect(page).to_have_url(re.compile(rf"/{commitment.pk}/change/$"))
    press(page, "Submit for review")
    assert Commitment.objects.get(pk=commitment.pk).status == Status.SUBMITTED
    sign_out(page)

    # The reviewer publishes it.
    sign_in(page, reviewer_a.username)
    page.goto(reverse("admin:commitments_commitment_change", args=[commitment.pk]))
    press(page, "Publish")
    assert Commitment.objects.get(pk=commitment.pk).status == Status.PUBLISHED
    screenshot("commitment-2-reviewer-published")
    sign_out(page)

    # A visitor finds it on the list, opens it and sees the milestone on the timeline.
    visitor = new_context().new_page()
    visitor.goto(reverse("home"))
    visitor.locator(f"main a[href='{reverse('commitments:list')}']").first.click()
    expect(visitor).to_have_url(re.compile(r"/commitments/$"))
    visitor.get_by_role("link", name=TITLE).click()
    expect(visitor.locator("h1")).to_have_text(TITLE)
    timeline = visitor.locator("[data-testid=timeline]")
    expect(timeline).to_contain_text("完成增容工程设计审批")
    expect(timeline).to_contain_text(due.isoformat())
    expect(visitor.locator("[data-testid=counterparties]")).to_contain_text("济南槐荫物流发展有限公司")
    expect(visitor.locator("main")).not_to_contain_text(person_a.name)
    screenshot("commitment-3-visitor-detail", of=visitor)

    phone = new_context().new_page()
    phone.set_viewport_size({"width": 375, "height": 740})
    phone.goto(reverse("commitments:detail", args=[commitment.pk]))
    expect(phone.locator("[data-testid=timeline]")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scrolling
    screenshot("commitment-4-phone-detail", of=phone)

    checker = new_context(bypass_csp=True).new_page()  # axe is injected: the test's tool, not the site's
    findings = {}
    for url in (reverse("commitments:list"), reverse("commitments:detail", args=[commitment.pk])):
        checker.goto(url)
        findings[url] = axe_findings(checker)
    assert not {url: found for url, found in findings.items() if found}, findings
