"""The sanctions section of a staff file page: each record's sanctions with where their clock
stands, an agency's judgment-debtor restrictions in force, the R-3 notices sent, and a query
count that does not grow with the number of sanctions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import Agency, CivilServant, User
from records.models import Category, RecordNotice, Sanction
from records.services.notices import record_notices_send
from records.services.sanctions import sanction_create, sanction_lift
from tests.records.conftest import agency_record_data, published_record, sanction_data, servant_record_data

pytestmark = pytest.mark.django_db


def agency_file(agency: Agency) -> str:
    return reverse("admin:records_file_agency", args=[agency.pk])


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def sections(client: Client, url: str) -> dict[str, object]:
    response = client.get(url)
    assert response.status_code == 200
    return {section.key: data for section, data in response.context["sections"]}


def test_no_sanction_no_section(clerk_a: User, reviewer_a: User, agency_a: Agency) -> None:
    published_record(clerk_a, reviewer_a, agency_record_data(agency_a))
    page = logged_in(reviewer_a).get(agency_file(agency_a)).content.decode()
    assert 'id="file-sanctions"' not in page


def test_each_sanction_shows_its_state_and_clock(clerk_a: User, reviewer_a: User, agency_a: Agency) -> None:
    today = timezone.localdate()
    record = published_record(clerk_a, reviewer_a, agency_record_data(agency_a))
    overdue = sanction_create(actor=clerk_a, data=sanction_data(record, "explanation"))
    Sanction.objects.filter(pk=overdue.pk).update(due_on=today - dt.timedelta(days=2))
    pending = sanction_create(actor=clerk_a, data=sanction_data(record, "rectification"))
    award = sanction_create(actor=clerk_a, data=sanction_data(record, "award_ineligibility"))
    lifted = sanction_create(actor=clerk_a, data=sanction_data(record, "public_criticism"))
    sanction_lift(sanction=lifted, actor=reviewer_a, reason="复核后撤销")
    client = logged_in(reviewer_a)
    data = sections(client, agency_file(agency_a))["sanctions"]
    states = {item.sanction.pk: item.state for _record, items in data["rows"] for item in items}  # type: ignore[index]
    assert states == {overdue.pk: "overdue", pending.pk: "pending", award.pk: "in_force", lifted.pk: "lifted"}
    page = client.get(agency_file(agency_a)).content.decode()
    assert f'id="sanction-{overdue.pk}" data-state="overdue"' in page
    assert (today - dt.timedelta(days=2)).isoformat() in page  # the due date
    assert award.active_until is not None and award.active_until.isoformat() in page
    assert page.index('id="file-summary"') < page.index('id="file-sanctions"') < page.index('id="file-records"')


def test_an_agencys_file_lists_the_restrictions_in_force(clerk_a: User, reviewer_a: User, agency_a: Agency) -> None:
    judgment = published_record(clerk_a, reviewer_a, agency_record_data(agency_a, category=Category.JUDGMENT))
    sanction_create(actor=clerk_a, data=sanction_data(judgment, "judgment_debtor", measures=["subsidies"]))
    data = sections(logged_in(reviewer_a), agency_file(agency_a))["sanctions"]
    assert [r.measure for r in data["restrictions"]] == ["subsidies"]  # type: ignore[index]
    page = logged_in(reviewer_a).get(agency_file(agency_a)).content.decode()
    assert 'data-measure="subsidies"' in page


def test_the_restrictions_stay_listed_when_their_listing_is_older_than_the_sanctions_shown(
    clerk_a: User, reviewer_a: User, agency_a: Agency, monkeypatch: pytest.MonkeyPatch
) -> None:
    today = timezone.localdate()
    judgment = published_record(
        clerk_a,
        reviewer_a,
        agency_record_data(agency_a, category=Category.JUDGMENT, decision_date=today - dt.timedelta(days=60)),
    )
    sanction_create(actor=clerk_a, data=sanction_data(judgment, "judgment_debtor", measures=["subsidies"]))
    newer = published_record(clerk_a, reviewer_a, agency_record_data(agency_a, decision_date=today))
    sanction_create(actor=clerk_a, data=sanction_data(newer, "rectification"))
    monkeypatch.setattr("records.selectors.FILE_SANCTIONS", 1)  # the file shows only the newest sanction
    data = sections(logged_in(reviewer_a), agency_file(agency_a))["sanctions"]
    assert [record.pk for record, _items in data["rows"]] == [newer.pk]  # type: ignore[index]
    assert [r.measure for r in data["restrictions"]] == ["subsidies"]  # type: ignore[index]


def test_another_agencys_sanctions_stay_off_the_file(
    clerk_a: User, reviewer_a: User, agency_a: Agency, clerk_b: User, reviewer_b: User, agency_b: Agency
) -> None:
    other = published_record(clerk_b, reviewer_b, agency_record_data(agency_b, category=Category.JUDGMENT))
    sanction_create(actor=clerk_b, data=sanction_data(other, "judgment_debtor"))
    assert "sanctions" not in sections(logged_in(reviewer_a), agency_file(agency_a))


def test_the_file_shows_the_r3_notices_of_a_record(
    clerk_a: User, reviewer_a: User, civil_servant: CivilServant
) -> None:
    data = servant_record_data(civil_servant, category="disciplinary_sanction", polarity="dishonest", tier="general")
    record = published_record(clerk_a, reviewer_a, data)
    assert record_notices_send(record_id=record.pk)
    notices = [n.notification for n in RecordNotice.objects.filter(record=record) if n.notification is not None]
    assert len(notices) == RecordNotice.objects.filter(record=record).count() > 0
    response = logged_in(reviewer_a).get(reverse("admin:records_file_servant", args=[civil_servant.pk]))
    entry = next(e for e in {s.key: d for s, d in response.context["sections"]}["records"]["entries"])
    assert {n.pk for n in notices} <= {n.pk for n in entry.notices}
    assert notices[0].subject in response.content.decode()


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_section_costs_the_same_queries_for_1_and_for_6_sanctioned_records(
    clerk_a: User, reviewer_a: User, agency_a: Agency
) -> None:
    def add(n: int) -> None:
        for _ in range(n):
            record = published_record(clerk_a, reviewer_a, agency_record_data(agency_a, category=Category.JUDGMENT))
            sanction_create(actor=clerk_a, data=sanction_data(record, "judgment_debtor"))
            sanction_create(actor=clerk_a, data=sanction_data(record, "rectification"))

    client = logged_in(reviewer_a)
    add(1)
    few = _queries(client, agency_file(agency_a))
    add(5)
    assert _queries(client, agency_file(agency_a)) == few
