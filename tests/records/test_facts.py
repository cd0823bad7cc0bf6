"""`integrity_fact_record`: a missed deadline becomes an automatic dishonesty record in the
agency's file, linked to its source, once, and nobody can type or edit it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.test import Client
from django.urls import reverse

from core.models import Agency, AuditEvent, User
from core.workflow import Status
from disclosure.models import AdministrativeAction
from disclosure.services.actions import action_publish
from disclosure.services.sweeps import publication_sweep
from records.models import Category, CreditRecord, IntegrityFact, KeyArea, Polarity, Tier, UseScope
from records.services.facts import integrity_fact_record
from records.services.records import record_update
from tests.disclosure.conftest import ActionFactory

pytestmark = pytest.mark.django_db

D = dt.date.fromisoformat


@pytest.fixture
def late_action(agency_a: Agency, clerk_a: User, reviewer_a: User) -> AdministrativeAction:
    """Submitted, decided 30 Sep 2026, due 15 Oct 2026."""
    with time_machine.travel(dt.datetime(2026, 10, 1, 9, tzinfo=ZoneInfo("Asia/Shanghai"))):
        return ActionFactory.create(agency=agency_a, decision_date=D("2026-09-30"), status=Status.SUBMITTED)


def test_a_missed_publication_deadline_is_an_automatic_dishonesty_record_in_the_agencys_file(
    late_action: AdministrativeAction, agency_a: Agency
) -> None:
    assert publication_sweep(today=D("2026-10-16"))["overdue"] == 1
    fact = IntegrityFact.objects.get()
    record = CreditRecord.objects.get()
    assert record.fact == fact and record.is_automatic
    assert (record.agency, record.subject_agency, record.civil_servant) == (agency_a, agency_a, None)
    assert (record.category, record.polarity, record.tier, record.key_areas) == (
        Category.INFORMATION_DISCLOSURE,
        Polarity.DISHONEST,
        Tier.MINOR,
        [KeyArea.APPROVAL],
    )
    assert (record.status, record.use_scope, record.decision_date) == (
        Status.PUBLISHED,
        UseScope.INTERNAL,
        D("2026-10-16"),
    )
    assert record.created_by is None and record.published_at is not None
    assert late_action.document_number in record.summary
    assert not CreditRecord.objects.public().exists()  # nothing unreviewed reaches the public site
    event = AuditEvent.objects.get(action="records.creditrecord.create_automatic")
    assert event.data["source"] == f"disclosure.administrativeaction:{late_action.pk}"


def test_the_fact_and_its_record_are_made_once_however_often_reported(
    late_action: AdministrativeAction, reviewer_a: User
) -> None:
    publication_sweep(today=D("2026-10-16"))
    publication_sweep(today=D("2026-10-17"))
    with time_machine.travel(dt.datetime(2026, 10, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai"))):
        action_publish(action=late_action, actor=reviewer_a)  # a late publish reports it again
    with transaction.atomic():
        again = integrity_fact_record(
            agency_id=late_action.agency_id, kind="late_publication", obj=late_action, occurred_on=D("2026-10-16")
        )
    assert again is None
    assert (IntegrityFact.objects.count(), CreditRecord.objects.count()) == (1, 1)


def test_a_late_publish_without_a_sweep_also_files_the_record(
    late_action: AdministrativeAction, reviewer_a: User
) -> None:
    with time_machine.travel(dt.datetime(2026, 10, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai"))):
        action_publish(action=late_action, actor=reviewer_a)
    record = CreditRecord.objects.get()
    assert record.fact is not None
    assert (record.category, record.fact.object_id) == (Category.INFORMATION_DISCLOSURE, str(late_action.pk))


def test_a_missed_objection_answer_is_filed_under_law_based_administration(agency_a: Agency) -> None:
    with transaction.atomic():
        integrity_fact_record(
            agency_id=agency_a.pk, kind="late_objection_answer", obj=agency_a, occurred_on=D("2026-10-16")
        )
    assert CreditRecord.objects.get().category == Category.LAW_BASED_ADMINISTRATION


def test_nobody_types_or_edits_an_automatic_record(
    late_action: AdministrativeAction, clerk_a: User, credit_office: User
) -> None:
    assert "fact" not in CreditRecord.ENTRY_FIELDS
    publication_sweep(today=D("2026-10-16"))
    record = CreditRecord.objects.get()
    CreditRecord.objects.filter(pk=record.pk).update(status=Status.DRAFT)  # even were it editable
    record.refresh_from_db()
    with pytest.raises(PermissionDenied):
        record_update(record=record, actor=credit_office, data={"summary": "改写"}, version=record.version)


def test_the_admin_shows_an_automatic_record_with_a_link_to_its_source(
    late_action: AdministrativeAction, clerk_a: User
) -> None:
    publication_sweep(today=D("2026-10-16"))
    record = CreditRecord.objects.get()
    client = Client()
    client.force_login(clerk_a)
    page = client.get(reverse("admin:records_creditrecord_change", args=[record.pk])).content.decode()
    assert reverse("admin:disclosure_administrativeaction_change", args=[late_action.pk]) in page
    listed = client.get("/admin/records/creditrecord/", {"automatic": "yes"}).context["cl"].result_list
    assert [r.pk for r in listed] == [record.pk]
    api = client.get(f"/api/v1/staff/records/{record.pk}/").json()
    assert api["automatic"] is True and api["source"]["object_id"] == str(late_action.pk)
