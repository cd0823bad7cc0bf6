"""Entering a commitment with its parts, and the review moves (shared workflow), legal and not."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from commitments.models import Commitment, Counterparty, Milestone, Target
from commitments.services.commitments import commitment_create, commitment_move, commitment_update
from core.models import Agency, AuditEvent, CivilServant, User
from core.workflow import Status, WorkflowError
from integrity.lib.errors import ApplicationError
from records.models import IntegrityFact
from tests.commitments.conftest import commitment_data, make_commitment, parts, valid_uscc

pytestmark = pytest.mark.django_db


def test_the_entry_fields_are_pinned() -> None:
    assert Commitment.ENTRY_FIELDS == (
        "committing_agency",
        "kind",
        "title",
        "promise",
        "responsible_person",
        "made_on",
        "document_number",
    )


def test_a_clerk_enters_a_commitment_with_targets_milestones_and_counterparties(
    clerk_a: User, agency_a: Agency, person_a: CivilServant
) -> None:
    c = make_commitment(clerk_a, agency_a, person_a)
    assert (c.agency, c.status, c.created_by) == (agency_a, Status.DRAFT, clerk_a)
    assert Counterparty.objects.filter(commitment=c).count() == 1
    assert Target.objects.filter(commitment=c).count() == 1
    assert Milestone.objects.filter(commitment=c).count() == 2
    assert c.due_on is not None and c.due_on > c.made_on
    event = AuditEvent.objects.get(action="commitments.commitment.create")
    assert event.data["parts"] == {"counterparties": 1, "targets": 1, "milestones": 2}


def test_workflow_fields_cannot_be_typed(clerk_a: User, agency_a: Agency, person_a: CivilServant) -> None:
    with pytest.raises(ApplicationError):
        commitment_create(actor=clerk_a, data={**commitment_data(agency_a, person_a), "status": "published"})
    with pytest.raises(ApplicationError):
        commitment_create(actor=clerk_a, data={**commitment_data(agency_a, person_a), "fulfilment": "fulfilled"})
    assert not Commitment.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"made_on": "tomorrow"}, "made_on"),
        ({"made_on": dt.date(1900, 1, 1)}, "made_on"),
        ({"title": ""}, "title"),
        ({"kind": "bogus"}, "kind"),
        ({"promise": "由李秀英负责兑现"}, "promise"),  # the responsible person's name is not published
        ({"promise": "联系电话13812345678"}, "promise"),
    ],
)
def test_bad_input_is_a_field_error_and_nothing_is_saved(
    clerk_a: User, agency_a: Agency, person_a: CivilServant, change: dict[str, Any], field: str
) -> None:
    if change.get("made_on") == "tomorrow":
        change = {"made_on": timezone.localdate() + dt.timedelta(days=1)}
    with pytest.raises(ValidationError) as caught:
        commitment_create(actor=clerk_a, data=commitment_data(agency_a, person_a, **change), parts=parts())
    assert field in caught.value.message_dict
    assert not Commitment.objects.exists() and not Milestone.objects.exists()


def test_the_responsible_person_belongs_to_the_committing_agency(
    credit_office: User, agency_a: Agency, person_b: CivilServant
) -> None:
    with pytest.raises(ValidationError) as caught:
        commitment_create(actor=credit_office, data=commitment_data(agency_a, person_b))
    assert "responsible_person" in caught.value.message_dict


@pytest.mark.parametrize(
    ("part_rows", "part"),
    [
        ({"counterparties": [{"name": "某公司", "uscc": "91370104MA0000000X"}]}, "counterparties"),
        (
            {"counterparties": [{"name": "甲", "uscc": valid_uscc(1)}, {"name": "乙", "uscc": valid_uscc(1)}]},
            "counterparties",
        ),
        ({"milestones": [{"title": "开工", "due_on": dt.date(2020, 1, 1)}]}, "milestones"),
        (
            {"targets": [{"description": "PM2.5", "value": "x", "unit": "μg/m³", "deadline": dt.date(2026, 12, 31)}]},
            "targets",
        ),
        (
            {"milestones": [{"title": "开工", "due_on": dt.date(2026, 12, 31), "reached_on": dt.date(2026, 12, 1)}]},
            "milestones",
        ),
    ],
)
def test_bad_parts_are_field_errors_of_their_part(
    clerk_a: User, agency_a: Agency, person_a: CivilServant, part_rows: dict[str, Any], part: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        commitment_create(actor=clerk_a, data=commitment_data(agency_a, person_a), parts=part_rows)
    assert list(caught.value.message_dict) == [part]
    assert not Commitment.objects.exists()


def test_another_agencys_clerk_cannot_enter_for_agency_a(
    clerk_b: User, agency_a: Agency, person_a: CivilServant
) -> None:
    with pytest.raises(PermissionDenied):
        commitment_create(actor=clerk_b, data=commitment_data(agency_a, person_a))


def test_a_reviewer_cannot_enter(reviewer_a: User, agency_a: Agency, person_a: CivilServant) -> None:
    with pytest.raises(PermissionDenied):
        commitment_create(actor=reviewer_a, data=commitment_data(agency_a, person_a))


def test_an_edit_replaces_the_parts_given_and_keeps_the_others(
    clerk_a: User, agency_a: Agency, person_a: CivilServant
) -> None:
    c = make_commitment(clerk_a, agency_a, person_a)
    commitment_update(
        commitment=c,
        actor=clerk_a,
        data={"title": "落户奖励资金兑现（修订）"},
        parts={"milestones": [{"title": "一次性拨付", "due_on": c.made_on + dt.timedelta(days=20)}]},
    )
    c.refresh_from_db()
    assert c.title == "落户奖励资金兑现（修订）"
    assert list(c.milestones.values_list("title", flat=True)) == ["一次性拨付"]
    assert c.targets.count() == 1 and c.counterparties.count() == 1
    event = AuditEvent.objects.get(action="commitments.commitment.update")
    assert event.data == {"fields": ["title"], "parts": ["milestones"]}


def test_a_submitted_or_published_commitment_is_not_edited(
    clerk_a: User, reviewer_a: User, agency_a: Agency, person_a: CivilServant
) -> None:
    c = make_commitment(clerk_a, agency_a, person_a)
    commitment_move(c, move="submit", actor=clerk_a)
    with pytest.raises(PermissionDenied):
        commitment_update(commitment=c, actor=clerk_a, data={"title": "改"})
    commitment_move(c, move="publish", actor=reviewer_a)
    with pytest.raises(PermissionDenied):
        commitment_update(commitment=c, actor=clerk_a, data={"title": "改"})


def test_submit_publish_and_the_audit_trail(
    clerk_a: User, reviewer_a: User, agency_a: Agency, person_a: CivilServant
) -> None:
    c = make_commitment(clerk_a, agency_a, person_a)
    commitment_move(c, move="submit", actor=clerk_a)
    commitment_move(c, move="publish", actor=reviewer_a)
    assert (c.status, c.reviewed_by) == (Status.PUBLISHED, reviewer_a)
    actions = list(AuditEvent.objects.filter(object_id=str(c.pk)).values_list("action", flat=True).order_by("id"))
    assert actions == [
        "commitments.commitment.create",
        "commitments.commitment.submit",
        "commitments.commitment.publish",
    ]


def test_return_with_reason_then_resubmit(
    clerk_a: User, reviewer_a: User, agency_a: Agency, person_a: CivilServant
) -> None:
    c = make_commitment(clerk_a, agency_a, person_a)
    commitment_move(c, move="submit", actor=clerk_a)
    with pytest.raises(WorkflowError):
        commitment_move(c, move="return", actor=reviewer_a, reason=" ")
    commitment_move(c, move="return", actor=reviewer_a, reason="请补充协议文号")
    assert (c.status, c.return_reason) == (Status.RETURNED, "请补充协议文号")
    commitment_update(commitment=c, actor=clerk_a, data={"document_number": "槐招协〔2026〕3号"})
    commitment_move(c, move="submit", actor=clerk_a)
    assert c.status == Status.SUBMITTED


@pytest.mark.parametrize(
    ("move", "actor_name", "error"),
    [
        ("publish", "clerk_a", PermissionDenied),  # a clerk does not publish
        ("publish", "reviewer_b", PermissionDenied),  # another agency's reviewer
        ("submit", "reviewer_a", PermissionDenied),  # a reviewer does not submit
        ("expire", "reviewer_a", PermissionDenied),  # a system move
        ("fly", "reviewer_a", WorkflowError),
    ],
)
def test_illegal_review_moves_are_refused(
    clerk_a: User,
    reviewer_a: User,
    reviewer_b: User,
    agency_a: Agency,
    person_a: CivilServant,
    move: str,
    actor_name: str,
    error: type[Exception],
) -> None:
    c = make_commitment(clerk_a, agency_a, person_a)
    if move != "submit":
        commitment_move(c, move="submit", actor=clerk_a)
    before = c.status
    actor = {"clerk_a": clerk_a, "reviewer_a": reviewer_a, "reviewer_b": reviewer_b}[actor_name]
    with pytest.raises(error):
        commitment_move(c, move=move, actor=actor)
    c.refresh_from_db()
    assert c.status == before


def test_publishing_a_draft_is_refused(
    clerk_a: User, reviewer_a: User, agency_a: Agency, person_a: CivilServant
) -> None:
    c = make_commitment(clerk_a, agency_a, person_a)
    with pytest.raises(WorkflowError):
        commitment_move(c, move="publish", actor=reviewer_a)


def test_four_eyes_in_the_credit_office(credit_office: User, agency_a: Agency, person_a: CivilServant) -> None:
    c = make_commitment(credit_office, agency_a, person_a)
    commitment_move(c, move="submit", actor=credit_office)
    with pytest.raises(PermissionDenied):
        commitment_move(c, move="publish", actor=credit_office)


def test_a_late_publication_is_an_integrity_fact(
    clerk_a: User, reviewer_a: User, agency_a: Agency, person_a: CivilServant
) -> None:
    c = make_commitment(clerk_a, agency_a, person_a, made_on=timezone.localdate() - dt.timedelta(days=30))
    commitment_move(c, move="submit", actor=clerk_a)
    commitment_move(c, move="publish", actor=reviewer_a)
    fact = IntegrityFact.objects.get(object_type="commitments.commitment", object_id=str(c.pk))
    assert fact.kind == IntegrityFact.Kind.LATE_PUBLICATION and fact.agency == agency_a
    assert c.due_on is not None and fact.occurred_on == c.due_on + dt.timedelta(days=1)


def test_a_timely_publication_is_no_fact(
    clerk_a: User, reviewer_a: User, agency_a: Agency, person_a: CivilServant
) -> None:
    c = make_commitment(clerk_a, agency_a, person_a, made_on=timezone.localdate())
    commitment_move(c, move="submit", actor=clerk_a)
    commitment_move(c, move="publish", actor=reviewer_a)
    assert not IntegrityFact.objects.exists()
