"""Journey (issue 8, items 1, 3, 5, 9): every workflow button on an item's change page, pressed
by the people who press it — the clerk submits, the reviewer returns with a reason, the clerk
submits again, the reviewer publishes, the credit office revokes — and the overseer's pages.
Each page of the journey is also checked with axe (no critical or serious finding).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from core.models import Agency, User
from core.roles import Role
from core.workflow import Status
from disclosure.models import AdministrativeAction
from disclosure.services.actions import action_create
from tests.disclosure.conftest import penalty_data
from tests.e2e.axe import axe_findings
from tests.e2e.helpers import sign_in, sign_out, zh
from tests.factories import UserFactory

pytestmark = pytest.mark.e2e


def buttons(page: Page) -> list[str]:
    return [t.strip() for t in page.locator("#workflow button").all_inner_texts()]


def style(page: Page, selector: str, prop: str) -> str:
    return str(page.locator(selector).first.evaluate(f"e => getComputedStyle(e).{prop}"))


def press(page: Page, label: str, reason: str | None = None) -> None:
    form = page.locator("#workflow form.workflow-move", has=page.get_by_role("button", name=zh(label)))
    if reason is not None:
        form.locator("input[name=reason]").fill(reason)
    form.get_by_role("button", name=zh(label)).click()
    expect(page.locator(".messagelist .success")).to_be_visible()


def test_every_workflow_button_on_the_change_page_works_for_the_people_who_press_it(
    page: Page,
    new_context: Callable[..., Any],
    screenshot: Callable[..., Path],
    clerk_a: User,
    reviewer_a: User,
    credit_office: User,
    agency_a: Agency,
) -> None:
    action = action_create(actor=clerk_a, data=penalty_data())
    change = reverse("admin:disclosure_administrativeaction_change", args=[action.pk])
    findings: dict[str, list[dict[str, Any]]] = {}
    checker = new_context(bypass_csp=True).new_page()  # axe is injected: the test's tool, not the site's

    def check(name: str, username: str, url: str) -> None:
        if checker.url == "about:blank" or checker.context.cookies() == [] or getattr(checker, "_as", None) != username:
            checker.context.clear_cookies()
            sign_in(checker, username)
            checker._as = username  # type: ignore[attr-defined]
        checker.goto(url)
        findings[name] = axe_findings(checker)

    # The clerk sees only 「提交审核」 on a draft, and it works.
    sign_in(page, clerk_a.username)
    page.goto(change)
    assert buttons(page) == [zh("Submit for review")]
    # A move looks like the admin's other buttons (it was the browser's bare button).
    for prop in ("backgroundColor", "padding"):
        assert style(page, "#workflow button", prop) == style(page, "input[name=_continue]", prop)
    screenshot("review-1-clerk-draft")
    press(page, "Submit for review")
    assert AdministrativeAction.objects.get(pk=action.pk).status == Status.SUBMITTED
    check("clerk change page", clerk_a.username, change)
    check("clerk home", clerk_a.username, reverse("admin:index"))
    check("clerk list", clerk_a.username, reverse("admin:disclosure_administrativeaction_changelist"))
    sign_out(page)

    # The reviewer sees 「公示」 and 「退回」 only; a return needs a reason.
    sign_in(page, reviewer_a.username)
    expect(page.locator("#my-work")).to_contain_text(zh("To review"))
    page.goto(change)
    # The reviewer may also set the tier of a submitted penalty before publishing it (issue 12).
    assert buttons(page) == [zh("Set the tier"), zh("Publish"), zh("Return with reason")]
    # The reason is a text box on the page's background, not painted as a button.
    assert style(page, "#workflow input[name=reason]", "backgroundColor") == style(page, "body", "backgroundColor")
    press(page, "Return with reason", reason="处罚依据条款引用有误")
    returned = AdministrativeAction.objects.get(pk=action.pk)
    assert (returned.status, returned.return_reason) == (Status.RETURNED, "处罚依据条款引用有误")
    screenshot("review-2-reviewer-returned")
    check("reviewer change page", reviewer_a.username, change)
    sign_out(page)

    # The clerk finds it on top of their list, sees the reason, and submits again.
    sign_in(page, clerk_a.username)
    page.goto(reverse("admin:disclosure_administrativeaction_changelist"))
    page.locator("#result_list tbody tr").first.locator("th a").click()
    expect(page).to_have_url(re.compile(rf"/{action.pk}/change/$"))
    expect(page.locator("#workflow")).to_contain_text("处罚依据条款引用有误")
    press(page, "Submit for review")
    sign_out(page)

    # The reviewer publishes.
    sign_in(page, reviewer_a.username)
    page.goto(change)
    press(page, "Publish")
    assert AdministrativeAction.objects.get(pk=action.pk).status == Status.PUBLISHED
    screenshot("review-3-reviewer-published")
    sign_out(page)

    # The credit office revokes with a reason; the public detail page then says it left.
    sign_in(page, credit_office.username)
    page.goto(change)
    assert buttons(page) == [zh("Revoke with reason")]
    press(page, "Revoke with reason", reason="经行政复议，原处罚决定被撤销")
    assert AdministrativeAction.objects.get(pk=action.pk).status == Status.REVOKED
    screenshot("review-4-credit-office-revoked")
    check("credit office audit log", credit_office.username, reverse("admin:core_auditevent_changelist"))
    check("credit office home", credit_office.username, reverse("admin:index"))
    sign_out(page)

    visitor = new_context().new_page()
    visitor.goto(reverse("disclosure:detail", args=[action.pk]))
    expect(visitor.locator("main")).to_contain_text(zh("This decision has left public display"))
    screenshot("review-5-visitor-taken-down", of=visitor)

    # The overseer lands on pages it may use; an item it may not see is a 404 page, not a loop.
    overseer = UserFactory.create(username="jijian_e2e", is_staff=True, role=Role.OVERSEER, agency=agency_a)
    sign_in(page, overseer.username)
    screenshot("review-6-overseer-home")
    response = page.goto(change)
    assert response is not None and response.status == 404
    expect(page.locator("main h1")).to_have_text(zh("Page not found"))
    screenshot("review-7-overseer-404")
    check("overseer home", overseer.username, reverse("admin:index"))
    check("public takedown page", overseer.username, reverse("disclosure:detail", args=[action.pk]))

    assert len(findings) == 8  # every page checked
    blocking = {name: found for name, found in findings.items() if found}
    assert not blocking, blocking
