"""seed_demo gives gongwuyuan credit repair requests in every state and records eligible and not yet."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from objections.repair_models import RepairRequest, RepairStatus
from records.models import RecordTakedown

pytestmark = pytest.mark.django_db


def test_every_repair_state_is_in_the_demo() -> None:
    call_command("seed_demo", stdout=StringIO())
    mine = RepairRequest.objects.filter(filed_by__username="gongwuyuan")
    assert set(mine.values_list("status", flat=True)) == set(RepairStatus.values)
    assert RecordTakedown.objects.filter(reason="repaired").count() == 1
    call_command("seed_demo", stdout=StringIO())
    assert RepairRequest.objects.count() == 5
    client = Client()
    client.force_login(mine.first().filed_by)  # type: ignore[union-attr]
    page = client.get("/me/").content.decode()
    assert 'data-repair="apply"' in page and 'data-repair="disabled"' in page
