"""`record_update`: edits with optimistic locking, the editing rules and the audit event."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from core.models import Agency, AuditEvent, CivilServant, User
from core.roles import Role
from core.workflow import Status
from records.models import CreditRecord, Tier, UseScope
from records.services.records import RecordConflict, record_create, record_move, record_update
from tests.factories import UserFactory
from tests.records.conftest import agency_record_data, servant_record_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(clerk_a: User, agency_a: Agency) -> CreditRecord:
    return record_create(actor=clerk_a, data=agency_record_data(agency_a))


@pytest.fixture
def clerk_a2(agency_a: Agency) -> User:
    return UserFactory.create(username="clerk_a2", agency=agency_a, is_staff=True, role=Role.CLERK)


def test_an_edit_bumps_the_version_rederives_the_periods_and_is_audited(clerk_a: User, draft: CreditRecord) -> None:
    before = draft.public_until
    edited = record_update(record=draft, actor=clerk_a, data={"tier": Tier.SERIOUS}, version=1)
    assert (edited.version, edited.tier) == (2, Tier.SERIOUS)
    assert edited.public_until is not None and before is not None and edited.public_until > before
    stored = CreditRecord.objects.get(pk=draft.pk)
    assert (stored.version, stored.tier, stored.public_until) == (2, Tier.SERIOUS, edited.public_until)
    event = AuditEvent.objects.filter(action="records.creditrecord.update").get()
    assert event.data["fields"] == ["tier"]


def test_two_people_editing_the_same_draft_cannot_overwrite_each_other(
    clerk_a: User, clerk_a2: User, draft: CreditRecord
) -> None:
    first = CreditRecord.objects.get(pk=draft.pk)
    second = CreditRecord.objects.get(pk=draft.pk)  # both opened version 1
    record_update(record=first, actor=clerk_a, data={"summary": "第一人的修改。"}, version=first.version)
    with pytest.raises(RecordConflict) as caught:
        record_update(record=second, actor=clerk_a2, data={"summary": "第二人的修改。"}, version=second.version)
    assert caught.value.field == "version" and caught.value.current.version == 2
    stored = CreditRecord.objects.get(pk=draft.pk)
    assert (stored.summary, stored.version, stored.last_edited_by) == ("第一人的修改。", 2, clerk_a)
    # Having seen the current version, the second person saves deliberately.
    record_update(record=second, actor=clerk_a2, data={"summary": "第二人的修改。"}, version=2)
    assert CreditRecord.objects.get(pk=draft.pk).summary == "第二人的修改。"


def test_an_edit_that_changes_nothing_keeps_the_version(clerk_a: User, draft: CreditRecord) -> None:
    same = record_update(record=draft, actor=clerk_a, data={"summary": draft.summary}, version=1)
    assert same.version == 1 and not AuditEvent.objects.filter(action="records.creditrecord.update").exists()


def test_only_drafts_and_returned_records_are_edited(clerk_a: User, reviewer_a: User, draft: CreditRecord) -> None:
    record_move(draft, move="submit", actor=clerk_a)
    with pytest.raises(PermissionDenied):
        record_update(record=draft, actor=clerk_a, data={"summary": "改"}, version=1)
    record_move(draft, move="return", actor=reviewer_a, reason="补充事实")
    assert record_update(record=draft, actor=clerk_a, data={"summary": "改"}, version=1).version == 2


def test_a_clerk_cannot_edit_another_agencys_record_nor_move_one_into_another_agency(
    clerk_a: User, clerk_b: User, draft: CreditRecord, agency_b: Agency, person_b: CivilServant
) -> None:
    with pytest.raises(PermissionDenied):
        record_update(record=draft, actor=clerk_b, data={"summary": "改"}, version=1)
    with pytest.raises(PermissionDenied):
        record_update(record=draft, actor=clerk_a, data={"subject_agency": agency_b}, version=1)
    with pytest.raises(PermissionDenied):
        record_update(
            record=draft,
            actor=clerk_a,
            data={**servant_record_data(person_b), "subject_agency": None, "tier": "", "key_areas": []},
            version=1,
        )
    stored = CreditRecord.objects.get(pk=draft.pk)
    assert (stored.agency_id, stored.version, stored.summary) == (draft.agency_id, 1, draft.summary)


def test_the_editor_may_not_then_publish_what_they_edited(
    clerk_a: User, reviewer_a: User, credit_office: User, draft: CreditRecord
) -> None:
    record_update(record=draft, actor=credit_office, data={"use_scope": UseScope.INTERNAL}, version=1)
    record_move(draft, move="submit", actor=clerk_a)
    with pytest.raises(PermissionDenied):
        record_move(draft, move="publish", actor=credit_office)
    assert record_move(draft, move="publish", actor=reviewer_a).status == Status.PUBLISHED
