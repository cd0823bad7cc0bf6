"""objection_file: a civil servant objects to an own record; one open objection per record."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.models import AuditEvent, CivilServant, Notification, User
from integrity.lib.errors import ApplicationError, NotVisible
from objections.models import Objection, ObjectionEvidence, ObjectionStatus
from objections.services.objections import objection_file
from records.models import CreditRecord
from tests.objections.conftest import PDF, REASONS, file_objection, pdf

pytestmark = pytest.mark.django_db


def test_filing_stores_the_due_date_and_a_query_code(civil_servant: CivilServant, own_record: CreditRecord) -> None:
    objection = file_objection(civil_servant, own_record, dt.date(2026, 9, 24), uploads=[pdf()])
    assert objection.status == ObjectionStatus.SUBMITTED
    assert objection.filed_on == dt.date(2026, 9, 24)
    # 10 working days across Mid-Autumn and National Day (docs/deadlines.md)
    assert objection.due_on == dt.date(2026, 10, 15)
    assert len(objection.query_code) == 12 and objection.query_code.isalnum()
    assert objection.agency_id == own_record.agency_id
    assert ObjectionEvidence.objects.get(objection=objection).content_type == "application/pdf"
    assert AuditEvent.objects.filter(action="objections.objection.file", object_id=str(objection.pk)).count() == 1


def test_the_providing_agency_answers_when_it_is_named(
    civil_servant: CivilServant, clerk_a: User, reviewer_a: User, agency_b: Any
) -> None:
    from tests.objections.conftest import published_record

    record = published_record(civil_servant, clerk_a, reviewer_a, providing_agency=agency_b)
    assert file_objection(civil_servant, record).agency_id == agency_b.pk


def test_the_providing_agencys_reviewers_get_a_notice_and_a_mail(
    civil_servant: CivilServant, own_record: CreditRecord, reviewer_a: User, reviewer_a2: User, clerk_a: User
) -> None:
    objection = file_objection(civil_servant, own_record)
    notices = Notification.objects.filter(kind="objections.filed")
    assert set(notices.values_list("recipient__username", flat=True)) == {"reviewer_a", "reviewer_a2"}
    assert objection.query_code in notices.first().subject  # type: ignore[union-attr]


def test_another_persons_record_is_not_visible(civil_servant: CivilServant, others_record: CreditRecord) -> None:
    with pytest.raises(NotVisible):
        file_objection(civil_servant, others_record)
    assert not Objection.objects.exists()


def test_a_second_open_objection_is_refused(civil_servant: CivilServant, own_record: CreditRecord) -> None:
    file_objection(civil_servant, own_record)
    with pytest.raises(ApplicationError) as refused:
        file_objection(civil_servant, own_record)
    assert refused.value.field == "record"
    assert Objection.objects.count() == 1


def test_the_database_allows_one_open_objection_per_record(
    civil_servant: CivilServant, own_record: CreditRecord
) -> None:
    first = file_objection(civil_servant, own_record)
    with pytest.raises(IntegrityError), transaction.atomic():
        Objection.objects.create(
            record=own_record,
            agency=first.agency,
            filer_kind=first.filer_kind,
            civil_servant=civil_servant,
            filed_by=first.filed_by,
            reasons=REASONS,
            filed_at=timezone.now(),
            filed_on=timezone.localdate(),
        )


def test_short_reasons_are_a_field_error(civil_servant: CivilServant, own_record: CreditRecord) -> None:
    assert civil_servant.user is not None
    with pytest.raises(ApplicationError) as refused:
        objection_file(actor=civil_servant.user, record_id=own_record.pk, reasons="不对")
    assert refused.value.field == "reasons"


def test_a_bad_file_saves_nothing(civil_servant: CivilServant, own_record: CreditRecord) -> None:
    bad = SimpleUploadedFile("evil.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ApplicationError) as refused:
        file_objection(civil_servant, own_record, uploads=[pdf(), bad])
    assert refused.value.field == "evidence_files"
    assert not Objection.objects.exists() and not ObjectionEvidence.objects.exists()


def test_a_draft_is_not_in_the_file(civil_servant: CivilServant, clerk_a: User) -> None:
    from records.services.records import record_create
    from tests.records.conftest import servant_record_data

    draft = record_create(actor=clerk_a, data=servant_record_data(civil_servant))
    with pytest.raises(NotVisible):
        file_objection(civil_servant, draft)


def test_the_pdf_is_kept_by_content(civil_servant: CivilServant, own_record: CreditRecord) -> None:
    objection = file_objection(civil_servant, own_record, uploads=[pdf("x.png")])
    assert objection.evidence.get().sha256 == __import__("hashlib").sha256(PDF).hexdigest()
