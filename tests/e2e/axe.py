"""Accessibility checks with axe-core (vendored in tests/e2e/assets from its npm package).

`axe_findings(page)` runs axe on the page as it stands and returns the violations of impact
"critical" or "serious" (WCAG 2.1 A/AA rules). The script is injected into the page, so the
context that runs it must bypass the site's Content-Security-Policy (`bypass_csp=True`): a
test's own tool, never the site's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE = Path(__file__).parent / "assets" / "axe.min.js"
BLOCKING = {"critical", "serious"}


def axe_findings(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in BLOCKING
    ]
