"""The whole path without a browser: a clerk imports a file, a reviewer publishes, a visitor
searches in Chinese and finds the item, masked. (The browser journey is in tests/e2e.)"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from core.models import User
from core.workflow import Status
from disclosure.models import AdministrativeAction, ImportJob
from tests.disclosure.conftest import natural_person_row, penalty_row, resident_id, write_csv

pytestmark = pytest.mark.django_db


def test_import_review_publish_and_find_it_masked(
    tmp_path: Path,
    client: Client,
    clerk_a: User,
    reviewer_a: User,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    number = resident_id(dt.date(1988, 6, 6), 605)
    rows = [
        natural_person_row(
            "孙小红", number, **{"违法行为类型": "无照经营烧烤摊点", "违法事实": "当事人在人行道无照经营烧烤。"}
        ),
        penalty_row(),
    ]
    path = write_csv(tmp_path / "penalties.csv", rows)
    client.force_login(clerk_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:disclosure_action_import"),
            {"kind": "penalty", "submit": "on", "file": SimpleUploadedFile("penalties.csv", path.read_bytes())},
        )
    assert ImportJob.objects.get().state == ImportJob.State.DONE
    assert set(AdministrativeAction.objects.values_list("status", flat=True)) == {Status.SUBMITTED}

    client.force_login(reviewer_a)
    client.post(
        reverse("admin:disclosure_administrativeaction_changelist"),
        {
            "action": "publish_selected",
            "_selected_action": list(AdministrativeAction.objects.values_list("pk", flat=True)),
        },
    )
    assert set(AdministrativeAction.objects.values_list("status", flat=True)) == {Status.PUBLISHED}

    client.logout()
    cache.clear()
    page = client.get(reverse("disclosure:list"), {"q": "烧烤"}).content.decode()
    found = re.findall(r'href="/disclosures/(\d+)/"', page)
    person = AdministrativeAction.objects.get(counterparty_name="孙小红")
    assert found == [str(person.pk)]
    assert "孙**" in page and "孙小红" not in page
    detail = client.get(reverse("disclosure:detail", args=[person.pk])).content.decode()
    assert "孙**" in detail and "孙小红" not in detail and number[6:14] not in detail
