"""The credit office dashboard (R-21, core/admin_dashboard.py): each number against hand-built
rows, each link to a list of exactly that many rows, 404 for everyone else, and a query count
that does not grow with agencies or items."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commitments.models import Commitment, Milestone
from core.models import Agency, CalendarYear, CivilServant, SharingMessage, User
from core.roles import Role
from core.selectors import missing_calendar_years
from core.workflow import Status
from disclosure.models import AdministrativeAction
from objections.models import Objection
from records.models import CreditRecord, Sanction
from records.services.evaluation import evaluation_run
from records.services.records import record_create, record_move
from records.services.sanctions import sanction_create
from tests.commitments.conftest import make_published as make_published_commitment
from tests.disclosure.conftest import ActionFactory
from tests.factories import AgencyFactory, CivilServantFactory, UserFactory
from tests.objections.conftest import file_objection
from tests.objections.conftest import published_record as servant_record
from tests.records.conftest import _evidence_in_tmp, agency_record_data, sanction_data  # noqa: F401

pytestmark = pytest.mark.django_db

URL = "admin:dashboard"
_serials = itertools.count(1)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


class Agency_:
    """One agency's people: a clerk, a reviewer and a civil servant with an account."""

    def __init__(self, name: str) -> None:
        n = next(_serials)
        self.agency = AgencyFactory.create(name=name)
        self.clerk = UserFactory.create(username=f"dc{n}", agency=self.agency, is_staff=True, role=Role.CLERK)
        self.reviewer = UserFactory.create(username=f"dr{n}", agency=self.agency, is_staff=True, role=Role.REVIEWER)
        user = UserFactory.create(username=f"ds{n}", role=Role.CIVIL_SERVANT)
        self.servant: CivilServant = CivilServantFactory.create(name="赵一", agency=self.agency, user=user)


def _action(agency: Agency, status: str, due_on: dt.date | None = None) -> AdministrativeAction:
    action = ActionFactory.create(agency=agency, status=status, submitted_at=timezone.now())
    # The clock sets due_on on save (from the decision date); the numbers need known dates.
    AdministrativeAction.objects.filter(pk=action.pk).update(due_on=due_on)
    return action


def _submitted_action(agency: Agency, due_on: dt.date | None = None) -> AdministrativeAction:
    return _action(agency, Status.SUBMITTED, due_on)


def _published_action(agency: Agency, *, due: dt.date, published: dt.date) -> AdministrativeAction:
    action = ActionFactory.create(agency=agency, published=True)
    at = timezone.make_aware(dt.datetime(published.year, published.month, published.day, 10))
    AdministrativeAction.objects.filter(pk=action.pk).update(due_on=due, published_at=at)
    return action


def _submitted_record(side: Agency_) -> CreditRecord:
    record = record_create(actor=side.clerk, data=agency_record_data(side.agency))
    return record_move(record, move="submit", actor=side.clerk)


def _overdue_sanction(side: Agency_, office: User, today: dt.date) -> Sanction:
    record = record_create(actor=side.clerk, data=agency_record_data(side.agency))
    record_move(record, move="submit", actor=side.clerk)
    record = record_move(record, move="publish", actor=office)
    sanction = sanction_create(actor=side.clerk, data=sanction_data(record))
    Sanction.objects.filter(pk=sanction.pk).update(due_on=today - dt.timedelta(days=2))
    return sanction


def _overdue_objection(side: Agency_, today: dt.date) -> Objection:
    record = servant_record(side.servant, side.clerk, side.reviewer)
    objection = file_objection(side.servant, record)
    Objection.objects.filter(pk=objection.pk).update(due_on=today - dt.timedelta(days=1))
    return objection


def _commitment_past_milestone(side: Agency_, today: dt.date) -> Commitment:
    person = CivilServantFactory.create(name="钱二", agency=side.agency)
    commitment = make_published_commitment(side.clerk, side.reviewer, side.agency, person)
    first = commitment.milestones.order_by("due_on").first()
    assert first is not None
    Milestone.objects.filter(pk=first.pk).update(due_on=today - dt.timedelta(days=1))
    return commitment


def _dead_message() -> SharingMessage:
    n = next(_serials)
    key = f"dashboard:{n}"
    return SharingMessage.objects.create(
        kind="publish",
        subject_type="records.creditrecord",
        subject_id=str(n),
        payload={"n": n},
        idempotency_key=key,
        state=SharingMessage.State.DEAD,
    )


def _world(credit_office: User, today: dt.date) -> dict[str, Agency_]:
    """Agencies 甲局 and 乙局 with known numbers."""
    a, b = Agency_("甲局"), Agency_("乙局")
    _submitted_action(a.agency)
    _submitted_action(a.agency)
    _submitted_action(b.agency)
    _submitted_action(a.agency, due_on=today - dt.timedelta(days=3))  # pending and overdue
    _action(b.agency, Status.DRAFT, today - dt.timedelta(days=1))  # an overdue draft
    _action(b.agency, Status.DRAFT, today + dt.timedelta(days=3))  # not yet due
    _published_action(a.agency, due=today - dt.timedelta(days=10), published=today - dt.timedelta(days=12))
    _published_action(a.agency, due=today - dt.timedelta(days=10), published=today - dt.timedelta(days=8))  # late
    _published_action(b.agency, due=today - dt.timedelta(days=5), published=today - dt.timedelta(days=5))
    _published_action(b.agency, due=today - dt.timedelta(days=400), published=today - dt.timedelta(days=390))  # old
    _submitted_record(a)
    _overdue_sanction(b, credit_office, today)
    _overdue_objection(a, today)
    _commitment_past_milestone(b, today)
    _dead_message()
    SharingMessage.objects.filter(pk=_dead_message().pk).update(state=SharingMessage.State.SENT)
    return {"a": a, "b": b}


def _tiles(response: Any) -> dict[str, Any]:
    return {t["value"].tile.key: t for s in response.context["sections"] for t in s["tiles"]}


def _list_count(client: Client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    # A filter the admin refuses or does not know sends it to ?e=1, a list of everything.
    assert "e=1" not in response.get("Location", "")
    return int(response.context["cl"].result_count)


def test_each_number_against_the_fixtures(credit_office: User) -> None:
    today = timezone.localdate()
    w = _world(credit_office, today)
    client = _client(credit_office)
    response = client.get(reverse(URL))
    assert response.status_code == 200
    tiles = _tiles(response)
    counts = {k: t["value"].count for k, t in tiles.items()}
    assert counts == {
        "disclosure.pending_reviews": 4,
        "records.pending_reviews": 1,
        "commitments.pending_reviews": 0,
        "disclosure.overdue_publications": 2,
        "objections.overdue": 1,
        "records.overdue_sanctions": 1,
        "commitments.overdue_milestones": 1,
        "core.sharing_dead": 1,
        "core.calendar_missing": len(missing_calendar_years(today)),
    }
    by_agency = {name: n for name, n, _url in tiles["disclosure.pending_reviews"]["agencies"]}
    assert by_agency == {"甲局": 3, "乙局": 1}
    assert {name: n for name, n, _url in tiles["disclosure.overdue_publications"]["agencies"]} == {"甲局": 1, "乙局": 1}
    assert {name: n for name, n, _url in tiles["records.overdue_sanctions"]["agencies"]} == {"乙局": 1}
    assert {name: n for name, n, _url in tiles["objections.overdue"]["agencies"]} == {"甲局": 1}
    rates = {row["name"]: row for p in response.context["panels"] for row in p["context"].get("agencies", [])}
    assert (rates["甲局"]["total"], rates["甲局"]["late"], rates["甲局"]["rate"]) == (2, 1, 50.0)
    assert (rates["乙局"]["total"], rates["乙局"]["late"], rates["乙局"]["rate"]) == (1, 0, 100.0)
    assert w["a"].agency.name in response.content.decode()


def test_every_link_leads_to_a_list_of_that_many_rows(credit_office: User) -> None:
    today = timezone.localdate()
    _world(credit_office, today)
    client = _client(credit_office)
    response = client.get(reverse(URL))
    for key, tile in _tiles(response).items():
        value = tile["value"]
        if key == "core.calendar_missing":
            continue  # absent years are no rows: their list names them (test below)
        assert _list_count(client, value.url) == value.count, key
        for name, n, url in tile["agencies"]:
            assert _list_count(client, url) == n, (key, name)
    for panel in response.context["panels"]:
        for row in panel["context"].get("agencies", []):
            assert _list_count(client, row["total_url"]) == row["total"], row["name"]
            assert _list_count(client, row["late_url"]) == row["late"], row["name"]


def test_a_missing_calendar_year_is_counted_and_its_list_names_it(credit_office: User) -> None:
    today = timezone.localdate()
    CalendarYear.objects.filter(year=today.year).delete()
    client = _client(credit_office)
    tile = _tiles(client.get(reverse(URL)))["core.calendar_missing"]["value"]
    assert tile.count == len(missing_calendar_years(today)) >= 1
    assert str(today.year) in client.get(tile.url).content.decode()


def test_the_evaluation_table_shows_the_newest_snapshots(credit_office: User, agency_a: Agency) -> None:
    today = timezone.localdate()
    evaluation_run(as_of=today)
    client = _client(credit_office)
    response = client.get(reverse(URL))
    panel = next(p for p in response.context["panels"] if p["panel"].key == "records.evaluation")
    rows = [r for g in panel["context"]["groups"] for r in g["rows"]]
    assert any(r["agency"] == agency_a.name for r in rows)
    for row in rows:
        assert _list_count(client, row["url"]) == 1


def test_the_page_carries_chart_data_and_no_inline_script(credit_office: User) -> None:
    _world(credit_office, timezone.localdate())
    page = _client(credit_office).get(reverse(URL)).content.decode()
    assert 'id="overdue-chart" type="application/json"' in page
    assert "vendor/chartjs/chart.umd.min.js" in page
    assert "cdn" not in page.lower()
    # Every <script> is either a file of this site or JSON data.
    for tag in page.split("<script")[1:]:
        head = tag.split(">", 1)[0]
        assert "src=" in head or 'type="application/json"' in head, head


@pytest.mark.parametrize("persona", ["clerk_a", "reviewer_a", "overseer", "role_less"])
def test_nobody_but_the_credit_office_finds_the_page(persona: str, clerk_a: User, reviewer_a: User) -> None:
    users = {
        "clerk_a": clerk_a,
        "reviewer_a": reviewer_a,
        "overseer": UserFactory.create(username="ov", agency=clerk_a.agency, is_staff=True, role=Role.OVERSEER),
        "role_less": UserFactory.create(username="rl", agency=clerk_a.agency, is_staff=True),
    }
    assert _client(users[persona]).get(reverse(URL)).status_code == 404


def test_anonymous_and_civil_servant_are_sent_to_sign_in(civil_servant: CivilServant) -> None:
    assert Client().get(reverse(URL)).status_code == 302
    assert civil_servant.user is not None
    response = _client(civil_servant.user).get(reverse(URL))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


def test_the_admin_home_links_the_dashboard_for_the_credit_office_only(credit_office: User, clerk_a: User) -> None:
    assert reverse(URL) in _client(credit_office).get(reverse("admin:index")).content.decode()
    assert reverse(URL) not in _client(clerk_a).get(reverse("admin:index")).content.decode()


def test_queries_do_not_grow_with_agencies_or_items(credit_office: User, django_assert_num_queries: Any) -> None:
    today = timezone.localdate()
    _world(credit_office, today)
    client = _client(credit_office)
    client.get(reverse(URL))  # warm the session and permission caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(URL)).status_code == 200
    for i in range(3):
        side = Agency_(f"又局{i}")
        _submitted_action(side.agency, due_on=today - dt.timedelta(days=1))
        _published_action(side.agency, due=today - dt.timedelta(days=2), published=today - dt.timedelta(days=1))
        _submitted_record(side)
        _overdue_sanction(side, credit_office, today)
        _overdue_objection(side, today)
        _commitment_past_milestone(side, today)
        _dead_message()
    evaluation_run(as_of=today)
    with django_assert_num_queries(len(few)):
        response = client.get(reverse(URL))
    assert len(_tiles(response)["disclosure.pending_reviews"]["agencies"]) == 5
