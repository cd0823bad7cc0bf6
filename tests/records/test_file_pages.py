"""The staff file pages (issue 9, item 9): who opens which file, what a file shows in time
order (records, periods, automatic facts, notices sent), filters, search, masking, and a
query count that does not grow with the number of records."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import Agency, CivilServant, Notification, User
from core.workflow import Status
from records import selectors
from records.models import Category, CreditRecord, IntegrityFact, Polarity, SanctionKind, Tier
from records.services.facts import integrity_fact_record
from records.services.records import record_create, record_move
from tests.records.conftest import agency_record_data, servant_record_data

pytestmark = pytest.mark.django_db


def agency_file(agency: Agency) -> str:
    return reverse("admin:records_file_agency", args=[agency.pk])


def servant_file(person: CivilServant) -> str:
    return reverse("admin:records_file_servant", args=[person.pk])


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def entries(response: Any) -> list[CreditRecord]:
    data = dict((section.key, data) for section, data in response.context["sections"])
    return [entry.record for entry in data["records"]["entries"]]


def published(clerk: User, reviewer: User, data: dict[str, Any]) -> CreditRecord:
    record = record_create(actor=clerk, data=data)
    record_move(record, move="submit", actor=clerk)
    return record_move(CreditRecord.objects.get(pk=record.pk), move="publish", actor=reviewer)


def test_a_clerk_reads_the_own_agency_file_newest_decision_first(clerk_a: User, agency_a: Agency) -> None:
    today = timezone.localdate()
    old = record_create(actor=clerk_a, data=agency_record_data(agency_a, decision_date=today - dt.timedelta(days=300)))
    new = record_create(actor=clerk_a, data=agency_record_data(agency_a, decision_date=today - dt.timedelta(days=3)))
    response = logged_in(clerk_a).get(agency_file(agency_a))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index(f'id="record-{new.pk}"') < page.index(f'id="record-{old.pk}"')
    assert str(new.public_until) in page  # the publicity period is on the file


@pytest.mark.parametrize("who", ["clerk_b", "reviewer_b", "overseer"])
def test_another_agency_or_an_unnotified_overseer_gets_404(
    request: pytest.FixtureRequest, who: str, clerk_a: User, agency_a: Agency, person_a: CivilServant
) -> None:
    record_create(actor=clerk_a, data=agency_record_data(agency_a))
    record_create(actor=clerk_a, data=servant_record_data(person_a))
    client = logged_in(request.getfixturevalue(who))
    assert client.get(agency_file(agency_a)).status_code == 404
    assert client.get(servant_file(person_a)).status_code == 404


def test_a_civil_servant_account_is_not_let_into_the_back_office(civil_servant: CivilServant) -> None:
    response = logged_in(civil_servant.user).get(servant_file(civil_servant))  # type: ignore[arg-type]
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_credit_office_reads_every_file(credit_office: User, clerk_b: User, agency_b: Agency) -> None:
    record = record_create(actor=clerk_b, data=agency_record_data(agency_b))
    response = logged_in(credit_office).get(agency_file(agency_b))
    assert response.status_code == 200
    assert f'id="record-{record.pk}"' in response.content.decode()


def test_an_overseer_reads_only_the_records_notified_to_it(
    overseer: User, clerk_a: User, agency_a: Agency, person_a: CivilServant
) -> None:
    told = record_create(actor=clerk_a, data=servant_record_data(person_a))
    untold = record_create(actor=clerk_a, data=servant_record_data(person_a, summary="2024年度考核结果：称职。"))
    Notification.objects.create(
        recipient=overseer,
        kind="records.notice",
        key=f"{selectors.record_notice_prefix(told.pk)}published",
        subject="s",
    )
    response = logged_in(overseer).get(servant_file(person_a))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'id="record-{told.pk}"' in page and f'id="record-{untold.pk}"' not in page
    assert logged_in(overseer).get(agency_file(agency_a)).status_code == 404  # nothing of the agency's own


def test_a_civil_servants_file_shows_the_id_number_masked_and_the_influence_period(
    clerk_a: User, person_a: CivilServant
) -> None:
    record = record_create(
        actor=clerk_a,
        data=servant_record_data(
            person_a,
            category=Category.DISCIPLINARY_SANCTION,
            polarity=Polarity.DISHONEST,
            tier=Tier.GENERAL,
            sanction_kind=SanctionKind.DEMERIT,
        ),
    )
    page = logged_in(clerk_a).get(servant_file(person_a)).content.decode()
    assert person_a.id_number not in page
    assert person_a.id_number_masked in page
    assert record.influence_until is not None and record.influence_until.isoformat() in page


def test_the_file_shows_the_notices_sent_about_a_record(clerk_a: User, reviewer_a: User, agency_a: Agency) -> None:
    record = published(clerk_a, reviewer_a, agency_record_data(agency_a))
    notices = Notification.objects.filter(key__startswith=selectors.record_notice_prefix(record.pk))
    assert notices.exists()  # the workflow told the clerk of the publication
    page = logged_in(reviewer_a).get(agency_file(agency_a)).content.decode()
    for notice in notices:
        assert notice.subject in page


def test_an_automatic_record_is_on_the_file_linked_to_its_source(clerk_a: User, agency_a: Agency) -> None:
    from django.db import transaction

    with transaction.atomic():
        fact = integrity_fact_record(
            agency_id=agency_a.pk,
            kind=IntegrityFact.Kind.LATE_PUBLICATION,
            obj=agency_a,
            occurred_on=timezone.localdate(),
            details={},
        )
    assert fact is not None
    page = logged_in(clerk_a).get(agency_file(agency_a)).content.decode()
    assert f'id="record-{fact.credit_record.pk}"' in page
    assert reverse("admin:core_agency_change", args=[agency_a.pk]) in page  # the source


def test_filters_narrow_the_file_and_a_bad_value_is_a_form_error(clerk_a: User, agency_a: Agency) -> None:
    dishonest = record_create(actor=clerk_a, data=agency_record_data(agency_a))
    trustworthy = record_create(
        actor=clerk_a,
        data=agency_record_data(agency_a, category=Category.GOAL_COMPLETION, polarity=Polarity.TRUSTWORTHY, tier=""),
    )
    client = logged_in(clerk_a)
    page = client.get(agency_file(agency_a), {"polarity": "trustworthy"}).content.decode()
    assert f'id="record-{trustworthy.pk}"' in page and f'id="record-{dishonest.pk}"' not in page
    page = client.get(agency_file(agency_a), {"q": dishonest.document_number}).content.decode()
    assert f'id="record-{dishonest.pk}"' in page and f'id="record-{trustworthy.pk}"' not in page
    response = client.get(agency_file(agency_a), {"status": Status.PUBLISHED})
    assert entries(response) == []  # both are drafts
    response = client.get(agency_file(agency_a), {"year": "abc", "category": "nonsense"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"year", "category"}


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("kind", ["agency", "civil_servant"])
def test_the_file_page_costs_the_same_queries_for_2_and_for_14_records(
    kind: str, clerk_a: User, reviewer_a: User, agency_a: Agency, person_a: CivilServant
) -> None:
    def add(n: int) -> None:
        for _ in range(n):
            data = agency_record_data(agency_a) if kind == "agency" else servant_record_data(person_a)
            published(clerk_a, reviewer_a, data)

    url = agency_file(agency_a) if kind == "agency" else servant_file(person_a)
    client = logged_in(reviewer_a)
    add(2)
    few = _queries(client, url)
    add(12)
    assert _queries(client, url) == few


def test_the_index_finds_a_file_by_name_or_full_id_number_never_by_part(
    clerk_a: User, person_a: CivilServant, person_b: CivilServant
) -> None:
    client = logged_in(clerk_a)
    index = reverse("admin:records_file_index")
    page = client.get(index).content.decode()
    assert servant_file(person_a) in page and servant_file(person_b) not in page  # own agency only
    assert servant_file(person_a) in client.get(index, {"q": person_a.name[:1]}).content.decode()
    assert servant_file(person_a) in client.get(index, {"q": person_a.id_number}).content.decode()
    assert servant_file(person_a) not in client.get(index, {"q": person_a.id_number[:10]}).content.decode()
    assert person_a.id_number not in client.get(index, {"q": person_a.id_number}).content.decode()


def test_the_index_costs_the_same_queries_for_2_and_for_12_people(credit_office: User, agency_a: Agency) -> None:
    from tests.factories import CivilServantFactory

    CivilServantFactory.create_batch(2, agency=agency_a)
    client = logged_in(credit_office)
    few = _queries(client, reverse("admin:records_file_index"))
    CivilServantFactory.create_batch(10, agency=agency_a)
    assert _queries(client, reverse("admin:records_file_index")) == few


def test_an_app_adds_a_section_to_the_file_pages(clerk_a: User, agency_a: Agency) -> None:
    section = selectors.FileSection(
        key="test_extra",
        title="额外部分",
        template="admin/records/file/_summary.html",
        load=lambda ctx: selectors.file_summary(ctx.subject, user=ctx.user),
        order=20,
        kinds=frozenset({"agency"}),
    )
    selectors.register_file_section(section)
    try:
        page = logged_in(clerk_a).get(agency_file(agency_a)).content.decode()
    finally:
        selectors._sections.pop("test_extra")
    assert page.index('id="file-summary"') < page.index('id="file-test_extra"') < page.index('id="file-records"')


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL query plan")
def test_the_notices_of_a_page_are_found_through_an_index_not_a_scan_of_every_notice(
    clerk_a: User, reviewer_a: User, agency_a: Agency
) -> None:
    """At city scale the notices table holds millions of rows; the file page finds a page's
    notices by the prefix of their key (bench/README.md: 0.7-1.2 s a page before the index)."""
    record = published(clerk_a, reviewer_a, agency_record_data(agency_a))
    with CaptureQueriesContext(connection) as ctx:
        found = selectors.record_notices([record.pk, record.pk + 1])
    assert found[record.pk] and len(ctx.captured_queries) == 1
    sql = ctx.captured_queries[0]["sql"]  # the query the page runs, its values inlined
    with connection.cursor() as cursor:
        # With sequential scans priced out, only a missing index leaves one in the plan.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan on core_notification" not in plan, plan
