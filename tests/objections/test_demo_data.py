"""seed_demo gives gongwuyuan objections in every state, and gongwuyuan signs in on the public site."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from core.demo import PASSWORD
from objections.models import Objection, ObjectionStatus, Outcome
from records.models import IntegrityFact, RecordTakedown

pytestmark = pytest.mark.django_db


def test_every_state_is_in_the_demo_and_gongwuyuan_signs_in() -> None:
    call_command("seed_demo", stdout=StringIO())
    mine = Objection.objects.filter(filed_by__username="gongwuyuan")
    assert set(mine.values_list("outcome", flat=True)) == {"", *Outcome.values}
    assert mine.filter(status=ObjectionStatus.SUBMITTED).count() == 3
    assert IntegrityFact.objects.filter(kind="late_objection_answer").count() == 1
    assert RecordTakedown.objects.filter(reason="revoked", record__civil_servant__user__username="gongwuyuan").exists()
    assert all(o.kept_deadline for o in mine.exclude(outcome=""))
    call_command("seed_demo", stdout=StringIO())
    assert Objection.objects.count() == 7
    cache.clear()
    client = Client()
    assert client.post("/account/login/", {"username": "gongwuyuan", "password": PASSWORD}).status_code == 302
    assert client.get("/me/").status_code == 200
