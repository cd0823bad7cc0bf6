"""Accessibility of every public page (issue 8, item 9): axe-core finds nothing critical or serious."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse

from core.models import Agency
from tests.disclosure.conftest import ActionFactory
from tests.e2e.axe import axe_findings

pytestmark = pytest.mark.e2e


def test_no_public_page_has_a_critical_or_serious_accessibility_finding(
    new_context: Callable[..., Any], agency_a: Agency
) -> None:
    cache.clear()
    penalty = ActionFactory.create(agency=agency_a, published=True)
    ActionFactory.create(agency=agency_a, published=True, kind="licensing")
    pages = {
        "home": reverse("home"),
        "list": reverse("disclosure:list"),
        "search": reverse("disclosure:list") + "?q=食品",
        "detail": reverse("disclosure:detail", args=[penalty.pk]),
        "agencies": reverse("disclosure:agencies"),
        "agency": reverse("disclosure:agency", args=[agency_a.uscc]),
        "subject": reverse("disclosure:subject", args=[penalty.counterparty_uscc]),
        "takedowns": reverse("disclosure:takedowns"),
        "open data": reverse("disclosure:open-data"),
        "calculator": reverse("core:workdays") + "?start=2026-09-30&days=7",
        "not found": "/no-such-page/",
    }
    visitor = new_context(bypass_csp=True).new_page()  # axe is injected: the test's tool, not the site's
    findings = {}
    for name, url in pages.items():
        visitor.goto(url)
        findings[name] = axe_findings(visitor)
        visitor.set_viewport_size({"width": 390, "height": 844})
        findings[f"{name} (phone)"] = axe_findings(visitor)
        visitor.set_viewport_size({"width": 1280, "height": 900})
    assert len(findings) == 2 * len(pages)
    blocking = {name: found for name, found in findings.items() if found}
    assert not blocking, blocking
