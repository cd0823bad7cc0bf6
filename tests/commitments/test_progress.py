"""Progress updates with evidence on published commitments in progress."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from commitments.models import Commitment, Milestone, ProgressUpdate
from commitments.services.commitments import commitment_move
from commitments.services.progress import progress_add
from core.models import Agency, AuditEvent, CivilServant, User
from records.services.evidence import EvidenceRejected, evidence_storage
from tests.commitments.conftest import make_commitment

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _data(c: Commitment, **extra: object) -> dict[str, object]:
    return {"commitment": c, "reported_on": timezone.localdate(), "description": "首批奖励资金已拨付", **extra}


def test_a_clerk_reports_progress_with_evidence_and_a_milestone_reached(published: Commitment, clerk_a: User) -> None:
    milestone = Milestone.objects.filter(commitment=published).first()
    update = progress_add(
        actor=clerk_a,
        data=_data(published, milestone=milestone),
        upload=SimpleUploadedFile("拨付凭证.pdf", PDF, "application/pdf"),
    )
    assert update.entered_by == clerk_a and update.has_evidence
    assert update.evidence_content_type == "application/pdf"
    assert evidence_storage().exists(update.evidence_stored_name)
    assert update.evidence_stored_name.startswith(f"commitments/{published.pk}/")
    assert milestone is not None
    milestone.refresh_from_db()
    assert milestone.reached_on == timezone.localdate()
    event = AuditEvent.objects.get(action="commitments.progressupdate.add")
    assert event.data["milestone_id"] == milestone.pk


def test_a_reviewer_and_the_credit_office_report_progress_too(
    published: Commitment, reviewer_a: User, credit_office: User
) -> None:
    progress_add(actor=reviewer_a, data=_data(published))
    progress_add(actor=credit_office, data=_data(published))
    assert ProgressUpdate.objects.filter(commitment=published).count() == 2


def test_another_agency_cannot_report_progress(published: Commitment, clerk_b: User) -> None:
    with pytest.raises(PermissionDenied):
        progress_add(actor=clerk_b, data=_data(published))


def test_no_progress_on_an_unpublished_commitment(clerk_a: User, agency_a: Agency, person_a: CivilServant) -> None:
    c = make_commitment(clerk_a, agency_a, person_a)
    with pytest.raises(ValidationError) as caught:
        progress_add(actor=clerk_a, data=_data(c))
    assert "commitment" in caught.value.message_dict
    commitment_move(c, move="submit", actor=clerk_a)
    with pytest.raises(ValidationError):
        progress_add(actor=clerk_a, data=_data(c))


def test_a_file_that_is_not_evidence_is_refused_and_nothing_saved(published: Commitment, clerk_a: User) -> None:
    with pytest.raises(EvidenceRejected):
        progress_add(actor=clerk_a, data=_data(published), upload=SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf"))
    assert not ProgressUpdate.objects.exists()


def test_progress_text_may_not_name_the_responsible_person(
    published: Commitment, clerk_a: User, person_a: CivilServant
) -> None:
    with pytest.raises(ValidationError) as caught:
        progress_add(actor=clerk_a, data=_data(published, description=f"{person_a.name}已督办"))
    assert "description" in caught.value.message_dict


def test_a_milestone_of_another_commitment_or_already_reached_is_refused(
    published: Commitment, clerk_a: User, reviewer_a: User, agency_a: Agency, person_a: CivilServant
) -> None:
    from tests.commitments.conftest import make_published

    other = make_published(clerk_a, reviewer_a, agency_a, person_a)
    foreign = Milestone.objects.filter(commitment=other).first()
    with pytest.raises(ValidationError) as caught:
        progress_add(actor=clerk_a, data=_data(published, milestone=foreign))
    assert "milestone" in caught.value.message_dict
    own = Milestone.objects.filter(commitment=published).first()
    progress_add(actor=clerk_a, data=_data(published, milestone=own))
    with pytest.raises(ValidationError):
        progress_add(actor=clerk_a, data=_data(published, milestone=own))


def test_the_date_lies_within_the_commitments_life(published: Commitment, clerk_a: User) -> None:
    import datetime as dt

    for day in (timezone.localdate() + dt.timedelta(days=1), published.made_on - dt.timedelta(days=1)):
        with pytest.raises(ValidationError) as caught:
            progress_add(actor=clerk_a, data=_data(published, reported_on=day))
        assert "reported_on" in caught.value.message_dict


def test_only_entry_fields_are_taken(published: Commitment, clerk_a: User) -> None:
    with pytest.raises(ValidationError) as caught:
        progress_add(actor=clerk_a, data=_data(published, entered_by=clerk_a))
    assert "entered_by" in caught.value.message_dict
