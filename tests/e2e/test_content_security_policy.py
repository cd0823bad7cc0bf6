"""Journey: the public site, the admin and the Swagger page work under the Content-Security-Policy
(issue 7, item 12): the browser reports no violation and the pages' scripts run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from core.models import User

pytestmark = pytest.mark.e2e


@pytest.fixture
def violations(page: Page) -> Iterator[list[str]]:
    found: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            found.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: found.append(f"pageerror: {error}"))
    yield found


def test_swagger_ui_renders_the_schema_under_the_policy(page: Page, violations: list[str]) -> None:
    page.goto("/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("API")
    expect(page.locator(".opblock-tag").first).to_be_visible()
    assert violations == []


def test_the_public_site_runs_under_the_policy(page: Page, violations: list[str]) -> None:
    page.goto("/")
    page.goto("/disclosures/?q=罚款")
    page.goto("/workdays/?start=2026-09-30&days=7")
    assert violations == []


def test_the_admin_runs_its_scripts_under_the_policy(page: Page, violations: list[str], clerk_a: User) -> None:
    clerk_a.set_password("a-long-test-password-1")
    clerk_a.save()
    page.goto("/admin/login/")
    page.locator("input[name=username]").fill("clerk_a")
    page.locator("input[name=password]").fill("a-long-test-password-1")
    page.locator("input[type=submit]").click()
    expect(page.locator("#user-tools")).to_be_visible()
    page.goto("/admin/disclosure/administrativeaction/add/")
    # The admin's own JavaScript ran: the calendar shortcut next to a date field is there.
    expect(page.locator(".datetimeshortcuts").first).to_be_visible()
    page.goto("/admin/disclosure/administrativeaction/")
    expect(page.locator("#changelist-filter")).to_be_visible()
    assert violations == []


def test_the_dashboard_draws_its_charts_under_the_policy(
    page: Page, violations: list[str], credit_office: User
) -> None:
    """The vendored Chart.js and the page's own script run from static files, the data from
    json_script: nothing inline, nothing from another site."""
    credit_office.set_password("a-long-test-password-1")
    credit_office.save()
    page.goto("/admin/login/")
    page.locator("input[name=username]").fill("office")
    page.locator("input[name=password]").fill("a-long-test-password-1")
    page.locator("input[type=submit]").click()
    expect(page.locator("#user-tools")).to_be_visible()
    page.goto("/admin/dashboard/")
    expect(page.locator("canvas[data-chart='overdue-chart']")).to_have_attribute("data-drawn", "true")
    assert violations == []
