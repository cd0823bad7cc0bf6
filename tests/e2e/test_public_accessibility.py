"""Accessibility of every public page (issue 8, item 9): axe-core finds nothing critical or serious."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse

from core.models import Agency, User
from records.models import Category
from records.services.sanctions import sanction_create
from tests.disclosure.conftest import ActionFactory
from tests.e2e.axe import axe_findings
from tests.records.conftest import agency_record_data, published_record, sanction_data

pytestmark = pytest.mark.e2e


def test_no_public_page_has_a_critical_or_serious_accessibility_finding(
    new_context: Callable[..., Any], agency_a: Agency, clerk_a: User, reviewer_a: User
) -> None:
    cache.clear()
    # Something on the red and black lists: a dishonesty case whose agency is under joint punishment.
    judgment = published_record(clerk_a, reviewer_a, agency_record_data(agency_a, category=Category.JUDGMENT))
    sanction_create(actor=clerk_a, data=sanction_data(judgment, "judgment_debtor"))
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
        "good examples": reverse("records:good-examples"),
        "dishonesty cases": reverse("records:dishonesty-cases") + "?year=abc",  # with a field error
        "joint punishment": reverse("records:restricted-agencies"),
        "objection (counterparty)": reverse("objections:counterparty_identify", args=["decision", penalty.pk]),
        "repair (counterparty)": reverse("objections:counterparty_identify", args=["decision", penalty.pk])
        + "?for=repair",
        "objection status": reverse("objections:status"),
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
