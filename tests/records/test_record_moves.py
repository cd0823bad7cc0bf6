"""`record_move`: every legal and illegal move of a credit record, with its audit trail."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from core.models import Agency, AuditEvent, CivilServant, User
from core.workflow import Status, WorkflowError
from records.models import CreditRecord, RecordTakedown
from records.services.records import record_create, record_move
from tests.records.conftest import agency_record_data, servant_record_data

pytestmark = pytest.mark.django_db


def moves_of(record: CreditRecord) -> list[tuple[str, str, str]]:
    events = AuditEvent.objects.filter(object_type="records.creditrecord", object_id=str(record.pk)).order_by("id")
    return [(e.action.rsplit(".", 1)[1], e.from_state, e.to_state) for e in events if not e.action.endswith("down")]


@pytest.fixture
def draft(clerk_a: User, agency_a: Agency) -> CreditRecord:
    return record_create(actor=clerk_a, data=agency_record_data(agency_a))


def at(record: CreditRecord, status: str) -> CreditRecord:
    CreditRecord.objects.filter(pk=record.pk).update(status=status)
    record.refresh_from_db()
    return record


def test_clerk_submits_reviewer_publishes_and_every_move_is_audited(
    clerk_a: User, reviewer_a: User, draft: CreditRecord
) -> None:
    record_move(draft, move="submit", actor=clerk_a)
    published = record_move(draft, move="publish", actor=reviewer_a)
    assert (published.status, published.reviewed_by, published.submitted_by) == (
        Status.PUBLISHED,
        reviewer_a,
        clerk_a,
    )
    assert list(CreditRecord.objects.public()) == [published]
    assert moves_of(published) == [
        ("create", "", Status.DRAFT),
        ("submit", Status.DRAFT, Status.SUBMITTED),
        ("publish", Status.SUBMITTED, Status.PUBLISHED),
    ]


def test_a_return_needs_a_reason_and_the_clerk_can_submit_again(
    clerk_a: User, reviewer_a: User, draft: CreditRecord
) -> None:
    record_move(draft, move="submit", actor=clerk_a)
    with pytest.raises(WorkflowError):
        record_move(draft, move="return", actor=reviewer_a, reason=" ")
    returned = record_move(draft, move="return", actor=reviewer_a, reason="文号有误")
    assert (returned.status, returned.return_reason) == (Status.RETURNED, "文号有误")
    again = record_move(returned, move="submit", actor=clerk_a)
    assert (again.status, again.return_reason) == (Status.SUBMITTED, "")


def test_revoking_a_public_record_takes_it_down_with_a_log_entry(
    clerk_a: User, reviewer_a: User, credit_office: User, draft: CreditRecord
) -> None:
    record_move(draft, move="submit", actor=clerk_a)
    record_move(draft, move="publish", actor=reviewer_a)
    with pytest.raises(WorkflowError):
        record_move(draft, move="revoke", actor=credit_office)  # no reason
    revoked = record_move(draft, move="revoke", actor=credit_office, reason="认定依据已被撤销")
    assert revoked.status == Status.REVOKED and revoked.left_public_at is not None
    assert RecordTakedown.objects.get(record=revoked).reason == "revoked"
    assert not CreditRecord.objects.public().exists()


def test_the_credit_office_enters_and_reviews_for_any_agency_but_never_its_own_writing(
    credit_office: User, credit_office_2: User, agency_b: Agency
) -> None:
    record = record_create(actor=credit_office, data=agency_record_data(agency_b))
    record_move(record, move="submit", actor=credit_office)
    with pytest.raises(PermissionDenied):
        record_move(record, move="publish", actor=credit_office)  # four eyes
    assert record_move(record, move="publish", actor=credit_office_2).status == Status.PUBLISHED


# (status, move, actor fixture): every move that must be refused, and why it is refused.
ILLEGAL = [
    (Status.DRAFT, "publish", "reviewer_a"),  # not submitted yet
    (Status.DRAFT, "return", "reviewer_a"),
    (Status.DRAFT, "revoke", "reviewer_a"),
    (Status.DRAFT, "submit", "reviewer_a"),  # a reviewer does not enter
    (Status.DRAFT, "submit", "clerk_b"),  # another agency
    (Status.SUBMITTED, "submit", "clerk_a"),  # already submitted
    (Status.SUBMITTED, "publish", "clerk_a"),  # a clerk does not review
    (Status.SUBMITTED, "publish", "reviewer_b"),  # another agency's reviewer
    (Status.SUBMITTED, "revoke", "reviewer_a"),  # not published
    (Status.RETURNED, "publish", "reviewer_a"),
    (Status.PUBLISHED, "publish", "reviewer_a"),
    (Status.PUBLISHED, "submit", "clerk_a"),
    (Status.PUBLISHED, "return", "reviewer_a"),
    (Status.PUBLISHED, "revoke", "clerk_a"),  # a clerk does not revoke
    (Status.PUBLISHED, "revoke", "reviewer_b"),
    (Status.PUBLISHED, "expire", "reviewer_a"),  # only the sweep expires
    (Status.REVOKED, "revoke", "reviewer_a"),
    (Status.REVOKED, "submit", "clerk_a"),
    (Status.EXPIRED, "revoke", "reviewer_a"),
    (Status.EXPIRED, "publish", "reviewer_a"),
]


@pytest.mark.parametrize(("status", "move", "who"), ILLEGAL)
def test_an_illegal_move_changes_nothing(
    request: pytest.FixtureRequest, draft: CreditRecord, status: str, move: str, who: str
) -> None:
    record = at(draft, status)
    if status == Status.SUBMITTED:
        CreditRecord.objects.filter(pk=record.pk).update(submitted_by=request.getfixturevalue("clerk_a"))
    actor = request.getfixturevalue(who)
    with pytest.raises((PermissionDenied, WorkflowError)):
        record_move(record, move=move, actor=actor, reason="理由")
    assert CreditRecord.objects.get(pk=record.pk).status == status


# (status, move, actor fixture, target): every legal move.
LEGAL = [
    (Status.DRAFT, "submit", "clerk_a", Status.SUBMITTED),
    (Status.DRAFT, "submit", "credit_office", Status.SUBMITTED),
    (Status.RETURNED, "submit", "clerk_a", Status.SUBMITTED),
    (Status.SUBMITTED, "publish", "reviewer_a", Status.PUBLISHED),
    (Status.SUBMITTED, "publish", "credit_office", Status.PUBLISHED),
    (Status.SUBMITTED, "return", "reviewer_a", Status.RETURNED),
    (Status.SUBMITTED, "return", "credit_office", Status.RETURNED),
    (Status.PUBLISHED, "revoke", "reviewer_a", Status.REVOKED),
    (Status.PUBLISHED, "revoke", "credit_office", Status.REVOKED),
]


@pytest.mark.parametrize(("status", "move", "who", "target"), LEGAL)
def test_a_legal_move_reaches_its_target(
    request: pytest.FixtureRequest, draft: CreditRecord, status: str, move: str, who: str, target: str
) -> None:
    record = at(draft, status)
    moved = record_move(record, move=move, actor=request.getfixturevalue(who), reason="理由")
    assert moved.status == target
    assert moves_of(moved)[-1] == (move, status, target)


def test_a_civil_servants_record_is_published_by_a_reviewer_of_the_persons_agency(
    clerk_a: User, reviewer_a: User, reviewer_b: User, person_a: CivilServant
) -> None:
    record = record_move(record_create(actor=clerk_a, data=servant_record_data(person_a)), move="submit", actor=clerk_a)
    with pytest.raises(PermissionDenied):
        record_move(record, move="publish", actor=reviewer_b)
    assert record_move(record, move="publish", actor=reviewer_a).status == Status.PUBLISHED
    assert not CreditRecord.objects.public().exists()  # internal scope: in the file, never public
