"""The records demo seeder: integrity files in every state a user meets, idempotent."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from core.models import Agency
from core.workflow import Status
from records.models import CreditRecord, Evidence, Measure, RecordNotice, RecordTakedown, Sanction
from records.selectors import is_restricted
from records.services.notices import record_notices_due

pytestmark = pytest.mark.django_db


def test_the_demo_has_records_in_every_state_and_seeding_twice_adds_nothing(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with time_machine.travel(dt.datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        # As in a real seed, what a seeder queues on commit runs (the notices of records that
        # later seeders publish: commitments' breaches, objections' corrections).
        with django_capture_on_commit_callbacks(execute=True):
            call_command("seed_demo", stdout=StringIO())
        statuses = set(CreditRecord.objects.values_list("status", flat=True))
        assert statuses == set(Status.values)
        assert CreditRecord.objects.filter(civil_servant__isnull=False).exists()
        assert CreditRecord.objects.filter(influence_until__isnull=False).exists()
        assert CreditRecord.objects.automatic().exists()  # from the disclosure demo's late publication
        assert CreditRecord.objects.public().exists()
        assert Evidence.objects.filter(sanction__isnull=True).count() == 1
        assert set(RecordTakedown.objects.values_list("reason", flat=True)) == {
            "expired",
            "revoked",
            "repaired",
        }  # repaired: the objections demo
        states = {s.state() for s in Sanction.objects.all()}
        assert states >= {"pending", "overdue", "completed", "in_force", "lifted"}
        assert set(Sanction.objects.values_list("kind", flat=True)) == set(Sanction.Kind.values)
        assert Evidence.objects.filter(sanction__kind="rectification", sanction__completed_on__isnull=False).exists()
        debtor = Agency.objects.get(name="济南市槐荫区市场监督管理局")
        assert all(is_restricted(debtor, m) for m in Measure.values)
        assert {"superior", "overseer"} <= set(RecordNotice.objects.values_list("audience", flat=True))
        # Every published dishonesty record has sent its notices, automatic ones included.
        assert not CreditRecord.objects.filter(pk__in=record_notices_due()).exists()
        before = (CreditRecord.objects.count(), Sanction.objects.count(), RecordNotice.objects.count())
        call_command("seed_demo", stdout=StringIO())
        assert (CreditRecord.objects.count(), Sanction.objects.count(), RecordNotice.objects.count()) == before


def test_the_demo_outbox_has_sent_failed_and_waiting_messages_for_the_credit_office() -> None:
    from core.models import Notification, SharingMessage

    with time_machine.travel(dt.datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        call_command("seed_demo", stdout=StringIO())
        states = set(SharingMessage.objects.values_list("state", flat=True))
        assert states == {"sent", "pending", "dead"}
        dead = SharingMessage.objects.get(state="dead")
        assert dead.payload["data"]["subject"]["type"] == "civil_servant"
        assert dead.last_error.startswith("HTTP 503")
        assert Notification.objects.filter(kind="sharing.dead", recipient__username="xinyongban").count() == 1
        before = list(SharingMessage.objects.values_list("pk", "state"))
        call_command("seed_demo", stdout=StringIO())
        assert list(SharingMessage.objects.values_list("pk", "state")) == before


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


def test_the_demo_fills_the_red_and_black_lists() -> None:
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse

    from records import public_lists

    with time_machine.travel(dt.datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        call_command("seed_demo", stdout=StringIO())
        cache.clear()
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

        def page(name: str) -> str:
            response = client.get(reverse(f"records:{name}"))
            assert response.status_code == 200
            return response.content.decode()

        good = public_lists.public_list_records(public_lists.GOOD)
        assert good.filter(civil_servant__isnull=True).exists() and good.filter(civil_servant__isnull=False).exists()
        assert "王**" in page("good-examples") and "王建国" not in page("good-examples")
        assert public_lists.public_list_records(public_lists.BAD).count() >= 5
        listed = page("restricted-agencies")
        ecology = Agency.objects.get(name="济南市生态环境局槐荫分局")
        assert f'id="restricted-{ecology.uscc}"' in listed and "until lifted" in listed  # the market authority's
        assert "2027-05-26" in listed  # the ecology branch's restrictions end 180 days on
        before = CreditRecord.objects.count(), Sanction.objects.count()
        call_command("seed_demo", stdout=StringIO())
        assert (CreditRecord.objects.count(), Sanction.objects.count()) == before
