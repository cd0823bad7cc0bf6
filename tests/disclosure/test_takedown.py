"""Publicity periods and takedown: query-time hiding, `takedown_sweep`, the public log."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation

from core.models import Agency, AuditEvent, User
from core.workflow import Status
from disclosure import tasks
from disclosure.models import ActionKind, AdministrativeAction, CounterpartyType, Takedown, Tier, UseScope
from disclosure.services.actions import action_revoke
from disclosure.services.sweeps import takedown_sweep
from tests.disclosure.conftest import ActionFactory

pytestmark = pytest.mark.django_db

D = dt.date.fromisoformat
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _today() -> object:
    with time_machine.travel(dt.datetime(2026, 11, 20, 9, tzinfo=SHANGHAI)) as traveller:
        yield traveller


@pytest.mark.parametrize(
    ("tier", "until"),
    [(Tier.GENERAL, "2027-01-14"), (Tier.SERIOUS, "2029-01-14")],
)
def test_a_penalty_is_public_for_its_tiers_period_from_the_decision(agency_a: Agency, tier: str, until: str) -> None:
    action = ActionFactory.create(agency=agency_a, decision_date=D("2026-01-15"), tier=tier)
    assert (action.use_scope, action.public_until) == (UseScope.PUBLIC, D(until))


def test_a_minor_penalty_is_not_public_by_default(agency_a: Agency) -> None:
    action = ActionFactory.create(agency=agency_a, decision_date=D("2026-10-15"), tier=Tier.MINOR, published=True)
    assert action.use_scope == UseScope.INTERNAL
    assert not AdministrativeAction.objects.public().exists()


def test_a_minor_penalty_the_agency_chose_to_publish_stays_at_most_three_months(agency_a: Agency) -> None:
    action = ActionFactory.create(
        agency=agency_a, decision_date=D("2026-10-15"), tier=Tier.MINOR, use_scope=UseScope.PUBLIC, published=True
    )
    assert action.public_until == D("2027-01-14")
    assert list(AdministrativeAction.objects.public()) == [action]


def test_a_licence_is_public_while_it_is_valid(agency_a: Agency) -> None:
    action = ActionFactory.create(
        agency=agency_a,
        kind=ActionKind.LICENSING,
        decision_date=D("2026-03-01"),
        valid_from=D("2026-03-01"),
        valid_to=D("2031-02-28"),
        published=True,
    )
    assert action.public_until == D("2031-02-28")
    endless = ActionFactory.create(agency=agency_a, kind=ActionKind.LICENSING, valid_to=None, published=True)
    assert endless.public_until is None
    assert set(AdministrativeAction.objects.public(today=D("2040-01-01"))) == {endless}


def test_an_item_leaves_the_public_site_the_day_after_public_until(agency_a: Agency, client: Client) -> None:
    action = ActionFactory.create(agency=agency_a, decision_date=D("2025-11-20"), published=True)
    assert action.public_until == D("2026-11-19")
    assert AdministrativeAction.objects.public(today=D("2026-11-19")).filter(pk=action.pk).exists()
    # Today is 20 Nov: hidden by the query alone, before any sweep ran.
    assert not AdministrativeAction.objects.public().exists()
    assert client.get(reverse("disclosure:detail", args=[action.pk])).status_code == 404
    assert AdministrativeAction.objects.get(pk=action.pk).status == Status.PUBLISHED


def test_the_takedown_sweep_records_an_expiry_once(agency_a: Agency) -> None:
    gone = ActionFactory.create(agency=agency_a, decision_date=D("2025-11-20"), published=True)
    stays = ActionFactory.create(agency=agency_a, decision_date=D("2025-11-21"), published=True)
    assert takedown_sweep(today=D("2026-11-20")) == 1
    assert takedown_sweep(today=D("2026-11-20")) == 0
    gone.refresh_from_db()
    assert (gone.status, gone.left_public_at is not None) == (Status.EXPIRED, True)
    assert Takedown.objects.get().action == gone
    assert Takedown.objects.get().reason == Takedown.Reason.EXPIRED
    assert AdministrativeAction.objects.get(pk=stays.pk).status == Status.PUBLISHED
    event = AuditEvent.objects.get(action="disclosure.administrativeaction.expire")
    assert (event.object_id, event.from_state, event.to_state) == (str(gone.pk), Status.PUBLISHED, Status.EXPIRED)


def test_the_takedown_sweep_ignores_what_was_never_public(agency_a: Agency) -> None:
    ActionFactory.create(agency=agency_a, decision_date=D("2025-06-01"), status=Status.SUBMITTED)
    ActionFactory.create(agency=agency_a, decision_date=D("2025-06-02"), tier=Tier.MINOR, published=True)
    assert takedown_sweep(today=D("2026-11-20")) == 0
    assert not Takedown.objects.exists()


def test_the_celery_task_sweeps_today(agency_a: Agency) -> None:
    ActionFactory.create(agency=agency_a, decision_date=D("2025-11-19"), published=True)
    assert tasks.takedown_sweep.delay().get() == 1
    assert tasks.takedown_sweep.name == "disclosure.takedown_sweep"


def test_the_public_takedown_log_shows_the_masked_name_the_agency_and_why(
    agency_a: Agency, reviewer_a: User, client: Client
) -> None:
    expired = ActionFactory.create(
        agency=agency_a,
        decision_date=D("2025-11-01"),
        published=True,
        counterparty_type=CounterpartyType.NATURAL_PERSON,
        counterparty_name="孙小红",
    )
    revoked = ActionFactory.create(agency=agency_a, published=True, counterparty_name="济南匡山物流有限公司")
    takedown_sweep(today=D("2026-11-20"))
    action_revoke(action=revoked, actor=reviewer_a, reason="经行政复议撤销")
    page = client.get(reverse("disclosure:takedowns")).content.decode()
    assert "孙**" in page and "孙小红" not in page
    assert "济南匡山物流有限公司" in page
    assert page.count(agency_a.name) >= 2
    with translation.override("zh-hans"):
        assert str(Takedown.Reason.EXPIRED.label) in page
        assert str(Takedown.Reason.REVOKED.label) in page
    assert Takedown.objects.filter(action=expired, reason="expired").exists()
    assert Takedown.objects.filter(action=revoked, reason="revoked").exists()
