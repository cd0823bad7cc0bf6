"""The agency's public page gains its published public records (issue 9, item 9); a civil
servant's records never reach the public site unless a record's scope is public, and then
masked; records that left the site are in the takedown log."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import Agency, CivilServant, User
from core.workflow import Status
from records import public
from records.models import CreditRecord, UseScope
from records.services.records import record_create, record_move
from tests.records.conftest import agency_record_data, servant_record_data

pytestmark = pytest.mark.django_db


def page_of(agency: Agency) -> str:
    cache.clear()  # the public pages are cached briefly
    response = Client().get(reverse("disclosure:agency", args=[agency.uscc]))
    assert response.status_code == 200
    return response.content.decode()


def published(clerk: User, reviewer: User, data: dict[str, Any]) -> CreditRecord:
    record = record_create(actor=clerk, data=data)
    record_move(record, move="submit", actor=clerk)
    return record_move(CreditRecord.objects.get(pk=record.pk), move="publish", actor=reviewer)


def test_a_published_public_record_is_on_the_agency_page(clerk_a: User, reviewer_a: User, agency_a: Agency) -> None:
    record = published(clerk_a, reviewer_a, agency_record_data(agency_a))
    page = page_of(agency_a)
    assert f'id="public-record-{record.pk}"' in page
    assert record.summary in page
    assert reverse("disclosure:takedowns") in page


def test_drafts_internal_and_expired_records_are_not(clerk_a: User, reviewer_a: User, agency_a: Agency) -> None:
    draft = record_create(actor=clerk_a, data=agency_record_data(agency_a, summary="草稿记录内容。"))
    internal = published(clerk_a, reviewer_a, agency_record_data(agency_a, use_scope=UseScope.INTERNAL))
    old = published(
        clerk_a,
        reviewer_a,
        agency_record_data(agency_a, decision_date=timezone.localdate() - dt.timedelta(days=800)),
    )
    assert old.public_until is not None and old.public_until < timezone.localdate()
    page = page_of(agency_a)
    assert draft.status == Status.DRAFT
    for record in (draft, internal, old):
        assert f'id="public-record-{record.pk}"' not in page
    assert 'id="agency-records"' not in page  # no empty heading either


def test_a_civil_servants_internal_records_never_reach_the_public_site(
    clerk_a: User, reviewer_a: User, agency_a: Agency, person_a: CivilServant
) -> None:
    record = published(clerk_a, reviewer_a, servant_record_data(person_a))
    assert record.use_scope == UseScope.INTERNAL  # the default for a person's record
    page = page_of(agency_a)
    assert f'id="public-record-{record.pk}"' not in page
    assert person_a.name not in page


def test_a_public_scope_record_of_a_civil_servant_is_shown_masked(
    clerk_a: User, reviewer_a: User, agency_a: Agency, person_a: CivilServant
) -> None:
    record = published(clerk_a, reviewer_a, servant_record_data(person_a, use_scope=UseScope.PUBLIC))
    page = page_of(agency_a)
    assert f'id="public-record-{record.pk}"' in page
    assert person_a.name not in page and person_a.id_number not in page
    assert person_a.name[0] + "**" in page


def test_another_agencys_records_are_not_on_this_page(
    clerk_a: User, reviewer_a: User, agency_a: Agency, agency_b: Agency
) -> None:
    record = published(clerk_a, reviewer_a, agency_record_data(agency_a))
    assert f'id="public-record-{record.pk}"' not in page_of(agency_b)


def test_a_revoked_record_leaves_the_page_for_the_takedown_log(
    clerk_a: User, reviewer_a: User, agency_a: Agency
) -> None:
    record = published(clerk_a, reviewer_a, agency_record_data(agency_a))
    record_move(CreditRecord.objects.get(pk=record.pk), move="revoke", actor=reviewer_a, reason="认定有误")
    assert f'id="public-record-{record.pk}"' not in page_of(agency_a)
    log = Client().get(reverse("disclosure:takedowns")).content.decode()
    assert record.document_number in log


def test_a_registered_section_joins_the_page_only_with_something_to_show(agency_a: Agency) -> None:
    shown: list[Any] = []
    public.register_public_agency_section(
        public.PublicAgencySection(
            key="test_sanctions",
            title="惩戒措施测试",
            template="records/public/_agency_records.html",
            load=lambda agency: shown or None,
        )
    )
    try:
        assert "惩戒措施测试" not in page_of(agency_a)
        shown.append({"id": 1, "summary": "示例惩戒", "decision_date": timezone.localdate()})
        assert "惩戒措施测试" in page_of(agency_a)
    finally:
        public._public_sections.pop("test_sanctions")


def test_the_agency_page_costs_the_same_queries_for_1_and_for_6_records(
    clerk_a: User, reviewer_a: User, agency_a: Agency
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    published(clerk_a, reviewer_a, agency_record_data(agency_a))
    with CaptureQueriesContext(connection) as few:
        page_of(agency_a)
    for _ in range(5):
        published(clerk_a, reviewer_a, agency_record_data(agency_a))
    with CaptureQueriesContext(connection) as many:
        page_of(agency_a)
    assert len(many.captured_queries) == len(few.captured_queries)
