"""The demo commitments: every state a user can meet, the breach traced, a milestone overdue,
and the public pages of the demo show no natural person."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from commitments.models import Commitment, Fulfilment
from core.models import CivilServant, Notification
from core.workflow import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded() -> None:
    with time_machine.travel(dt.datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        call_command("seed_demo", stdout=StringIO())


def test_the_demo_has_commitments_in_every_state(seeded: None) -> None:
    states = set(Commitment.objects.values_list("status", "fulfilment"))
    assert (Status.DRAFT, Fulfilment.IN_PROGRESS) in states
    assert (Status.SUBMITTED, Fulfilment.IN_PROGRESS) in states
    for outcome in Fulfilment.values:
        assert (Status.PUBLISHED, outcome) in states
    assert Commitment.objects.filter(progress_updates__evidence_stored_name__gt="").exists()


def test_the_demo_breach_is_traced_to_the_agency_and_the_person(seeded: None) -> None:
    breached = Commitment.objects.get(fulfilment=Fulfilment.BREACHED)
    against_agency, against_person = breached.breach_agency_record, breached.breach_person_record
    assert against_agency is not None and against_person is not None
    assert against_agency.subject_agency_id == breached.agency_id
    assert against_person.civil_servant_id == breached.responsible_person_id
    assert {against_agency.status, against_person.status} == {Status.PUBLISHED}


def test_the_demo_has_an_overdue_milestone_alerted(seeded: None) -> None:
    assert Notification.objects.filter(kind="commitments.milestone.overdue").exists()


def test_the_demo_public_pages_name_no_person(seeded: None, client: Client) -> None:
    names = list(CivilServant.objects.values_list("name", flat=True))
    pages = [reverse("commitments:list")] + [
        reverse("commitments:detail", args=[pk]) for pk in Commitment.objects.public().values_list("pk", flat=True)
    ]
    for url in pages:
        cache.clear()
        response = client.get(url)
        assert response.status_code == 200
        body = response.content.decode()
        assert not [n for n in names if n in body], url
