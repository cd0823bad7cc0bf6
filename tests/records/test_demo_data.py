"""The records demo seeder: integrity files in every state a user meets, idempotent."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from core.workflow import Status
from records.models import CreditRecord, Evidence, RecordTakedown

pytestmark = pytest.mark.django_db


def test_the_demo_has_records_in_every_state_and_seeding_twice_adds_nothing() -> None:
    with time_machine.travel(dt.datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        call_command("seed_demo", stdout=StringIO())
        statuses = set(CreditRecord.objects.values_list("status", flat=True))
        assert statuses == set(Status.values)
        assert CreditRecord.objects.filter(civil_servant__isnull=False).exists()
        assert CreditRecord.objects.filter(influence_until__isnull=False).exists()
        assert CreditRecord.objects.automatic().exists()  # from the disclosure demo's late publication
        assert CreditRecord.objects.public().exists()
        assert Evidence.objects.count() == 1
        assert set(RecordTakedown.objects.values_list("reason", flat=True)) == {"expired", "revoked"}
        before = CreditRecord.objects.count()
        call_command("seed_demo", stdout=StringIO())
        assert CreditRecord.objects.count() == before


def test_the_demo_has_two_years_of_evaluations_reports_and_api_clients(db: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    from records.models import ApiClient, EvaluationPeriod, EvaluationSnapshot, IssuedReport

    out = StringIO()
    call_command("seed_demo", stdout=out)
    years = EvaluationSnapshot.objects.filter(period=EvaluationPeriod.YEAR, current=True)
    assert len({s.period_start.year for s in years}) == 2
    assert IssuedReport.objects.filter(api_client__isnull=False).exists() and ApiClient.objects.count() == 2
    assert "Authorization: Bearer hyc_" in out.getvalue()
