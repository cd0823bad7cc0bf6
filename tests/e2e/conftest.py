"""End-to-end harness: Playwright (sync API) driving Debian's headless Chromium against live_server.

Journeys go in `tests/e2e/test_<journey>.py`, marked `@pytest.mark.e2e` (deselected by default;
`make e2e` runs them). A journey asks for `page` (already pointed at the live server: call
`page.goto(reverse("app:name"))`) and `screenshot` (saves `test-results/e2e/<name>.png`).
A failing journey leaves `test-results/e2e/FAILED-<test>.png` behind.

The browser is the distribution's `/usr/bin/chromium` (`.ci/run` installs it with apt-get):
test tools cannot download a browser of their own on these machines.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium keeps trying to reach Google's hosts, which
# the closed network here refuses; --no-sandbox because CI runs as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DEFAULT_TIMEOUT_MS = 10_000

ScreenshotTaker = Callable[..., Path]


def artifacts_dir(config: pytest.Config) -> Path:
    return Path(config.rootpath) / "test-results" / "e2e"


@pytest.fixture(scope="session", autouse=True)
def _allow_orm_beside_playwright_loop() -> Iterator[None]:
    # Playwright's sync API runs an event loop in the test thread, so Django would refuse
    # ORM calls made by the test (and the test database flush) with SynchronousOnlyOperation.
    # Only the E2E session gets this, so the rest of the suite keeps Django's guard.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium fonts-wqy-zenhei (never `playwright install`)")
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any], live_server: Any) -> dict[str, Any]:
    # Depending on live_server here puts it in every E2E test's fixture closure, so pytest-django
    # gives each journey a transactional database the live server thread can see.
    return {
        **browser_context_args,
        "base_url": live_server.url,
        "locale": "zh-CN",
        "timezone_id": "Asia/Shanghai",
        "viewport": {"width": 1280, "height": 900},
    }


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    # Read by the `page` fixture's teardown to keep a screenshot of a failed journey.
    setattr(item, f"e2e_report_{report.when}", report)
    return report


@pytest.fixture
def page(context: BrowserContext, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh tab on the live server; on failure its last state is saved as a screenshot."""
    page = context.new_page()
    page.set_default_timeout(DEFAULT_TIMEOUT_MS)
    yield page
    report = getattr(request.node, "e2e_report_call", None)
    if report is not None and report.failed and not page.is_closed():
        name = re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name)
        folder = artifacts_dir(request.config)
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"FAILED-{name}.png"), full_page=True)


@pytest.fixture
def screenshot(page: Page, request: pytest.FixtureRequest) -> ScreenshotTaker:
    """`screenshot("workdays")` saves the whole page as test-results/e2e/workdays.png."""
    folder = artifacts_dir(request.config)

    def take(name: str, *, of: Page | None = None, full_page: bool = True) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.png"
        (of or page).screenshot(path=str(path), full_page=full_page)
        return path

    return take
