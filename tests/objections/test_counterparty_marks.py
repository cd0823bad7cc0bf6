"""「异议处理中」 on a 双公示 decision while its counterparty's objection is open, on every public
output of the item (detail and list pages, the subject and agency pages, the feed, the open-data
API, the CSV and JSON downloads, the company credit report), and gone once it is answered."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from core.models import User
from disclosure.models import AdministrativeAction
from disclosure.reports import company_report_content
from objections.models import Objection
from objections.services.objections import objection_answer
from tests.disclosure.conftest import ActionFactory
from tests.objections.test_counterparty import object_to

MARK = "异议处理中"


@pytest.fixture
def penalty(agency_a: Any) -> AdministrativeAction:
    return ActionFactory.create(agency=agency_a, published=True)


def outputs(action: AdministrativeAction) -> dict[str, str]:
    """Every public output that shows the item, fresh (the page cache emptied), in Chinese."""
    cache.clear()
    client = Client()
    pages = {
        "detail": reverse("disclosure:detail", args=[action.pk]),
        "list": reverse("disclosure:list"),
        "home": reverse("home"),
        "subject": reverse("disclosure:subject", args=[action.counterparty_uscc]),
        "agency": reverse("disclosure:agency", args=[action.agency.uscc]),
        "feed": reverse("disclosure:feed"),
        "api list": "/api/v1/disclosures/",
        "api detail": f"/api/v1/disclosures/{action.pk}/",
        "csv": reverse("disclosure:download-csv"),
        "json": reverse("disclosure:download-json"),
    }
    found = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        body = response.getvalue()  # a streamed download too
        found[name] = body.decode("utf-8-sig")
    with translation.override("zh-hans"):
        report = company_report_content(action.counterparty_uscc)
    assert report is not None
    found["report"] = json.dumps(report["sections"], ensure_ascii=False, default=str)
    return found


def test_the_mark_appears_on_every_output_while_open_and_goes_with_the_answer(
    client: Client, penalty: AdministrativeAction, reviewer_a: User
) -> None:
    assert not [name for name, body in outputs(penalty).items() if MARK in body]
    objection = object_to(client, penalty, penalty.counterparty_uscc)
    shown = outputs(penalty)
    assert [name for name, body in shown.items() if MARK not in body] == []
    api = json.loads(shown["api detail"])
    assert api["marks"] == [MARK]
    objection_answer(objection=objection, actor=reviewer_a, outcome="upheld", reply="经复核，原处罚决定维持。")
    assert Objection.objects.open().count() == 0
    assert [name for name, body in outputs(penalty).items() if MARK in body] == []


def test_other_items_carry_no_mark(client: Client, penalty: AdministrativeAction, agency_a: Any) -> None:
    other = ActionFactory.create(agency=agency_a, published=True)
    object_to(client, penalty, penalty.counterparty_uscc)
    cache.clear()
    api = Client().get(f"/api/v1/disclosures/{other.pk}/").json()
    assert api["marks"] == []
