"""seed_demo gives gongwuyuan objections in every state, and gongwuyuan signs in on the public site."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from core.demo import PASSWORD
from objections.models import Objection, ObjectionStatus, Outcome
from records.models import IntegrityFact, RecordTakedown

pytestmark = pytest.mark.django_db


def test_every_state_is_in_the_demo_and_gongwuyuan_signs_in() -> None:
    call_command("seed_demo", stdout=StringIO())
    mine = Objection.objects.filter(filed_by__username="gongwuyuan")
    assert set(mine.values_list("outcome", flat=True)) == {"", *Outcome.values}
    assert mine.filter(status=ObjectionStatus.SUBMITTED).count() == 3
    late = IntegrityFact.objects.filter(kind="late_objection_answer")
    assert late.filter(details__query_code__in=list(mine.values_list("query_code", flat=True))).count() == 1
    assert RecordTakedown.objects.filter(reason="revoked", record__civil_servant__user__username="gongwuyuan").exists()
    assert all(o.kept_deadline for o in mine.exclude(outcome=""))
    call_command("seed_demo", stdout=StringIO())
    assert mine.count() == 7
    cache.clear()
    client = Client()
    assert client.post("/account/login/", {"username": "gongwuyuan", "password": PASSWORD}).status_code == 302
    assert client.get("/me/").status_code == 200


def test_counterparties_objections_are_in_the_demo_and_one_shows_on_the_public_site() -> None:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    theirs = Objection.objects.filter(filer_kind="counterparty")
    assert sorted(theirs.values_list("outcome", flat=True)) == ["", "", "inadmissible", "upheld"]
    overdue = theirs.overdue(timezone.localdate())
    assert overdue.count() == 1
    assert IntegrityFact.objects.filter(
        kind="late_objection_answer", details__query_code=overdue.get().query_code
    ).exists()
    fresh = theirs.open().exclude(pk=overdue.get().pk).get()
    assert fresh.query_code in out.getvalue()  # seed_demo prints it for the status page
    cache.clear()
    page = Client().get(f"/disclosures/{fresh.item_id}/").content.decode()
    assert "异议处理中" in page
    status = Client().post("/objections/status/", {"query_code": fresh.query_code})
    assert status.status_code == 200


@pytest.mark.parametrize("day", [dt.date(2026, 12, 2), dt.date(2026, 12, 5), dt.date(2026, 12, 6)])
def test_the_demos_answered_objections_kept_their_deadline_whatever_the_weekday(day: dt.date) -> None:
    # Seeded at a weekend, answers set back by a fixed 14 days came after their due date: an
    # extra late answer, and an extra dishonesty fact in the agency's file, in the demo.
    with time_machine.travel(dt.datetime.combine(day, dt.time(9), tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        call_command("seed_demo", stdout=StringIO())
        answered = Objection.objects.exclude(outcome="")
        assert answered.count() == 6
        assert all(o.kept_deadline for o in answered)
        assert Objection.objects.overdue(timezone.localdate()).count() == 2  # one of each filer kind
