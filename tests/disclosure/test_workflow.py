"""The review workflow of administrative actions: submit, publish, return, revoke."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from core.models import Agency, AuditEvent, User
from core.workflow import Status, WorkflowError
from disclosure.models import AdministrativeAction, Takedown
from disclosure.services.actions import (
    action_create,
    action_publish,
    action_return,
    action_revoke,
    action_submit,
    action_update,
)
from tests.disclosure.conftest import make_reviewer_clerk, penalty_data

pytestmark = pytest.mark.django_db


def moves_of(action: AdministrativeAction) -> list[tuple[str, str, str]]:
    events = AuditEvent.objects.filter(object_type="disclosure.administrativeaction", object_id=str(action.pk))
    moves = [(e.action.rsplit(".", 1)[1], e.from_state, e.to_state) for e in events.order_by("id")]
    return [m for m in moves if m[0] != "take_down"]  # the takedown log's own event, not a move


@pytest.fixture
def submitted(clerk_a: User) -> AdministrativeAction:
    action = action_create(actor=clerk_a, data=penalty_data())
    return action_submit(action=action, actor=clerk_a)


def test_a_clerk_submits_and_a_reviewer_of_the_agency_publishes(
    clerk_a: User, reviewer_a: User, submitted: AdministrativeAction
) -> None:
    assert (submitted.status, submitted.submitted_by) == (Status.SUBMITTED, clerk_a)
    assert not AdministrativeAction.objects.public().exists()
    published = action_publish(action=submitted, actor=reviewer_a)
    assert (published.status, published.reviewed_by) == (Status.PUBLISHED, reviewer_a)
    assert published.published_at is not None
    assert list(AdministrativeAction.objects.public()) == [published]
    assert moves_of(published) == [
        ("create", "", Status.DRAFT),
        ("submit", Status.DRAFT, Status.SUBMITTED),
        ("publish", Status.SUBMITTED, Status.PUBLISHED),
    ]
    publish_event = AuditEvent.objects.get(action="disclosure.administrativeaction.publish")
    assert publish_event.actor == reviewer_a


def test_the_submitter_never_publishes_their_own_submission_even_with_both_roles(agency_a: Agency) -> None:
    both = make_reviewer_clerk(agency_a, "both_roles")
    action = action_submit(action=action_create(actor=both, data=penalty_data()), actor=both)
    with pytest.raises(PermissionDenied):
        action_publish(action=action, actor=both)
    with pytest.raises(PermissionDenied):
        action_return(action=action, actor=both, reason="自己退回")
    assert AdministrativeAction.objects.get(pk=action.pk).status == Status.SUBMITTED


def test_the_four_eyes_rule_is_checked_on_the_locked_row_not_a_stale_copy(clerk_a: User, agency_a: Agency) -> None:
    both = make_reviewer_clerk(agency_a, "both_roles")
    action = action_submit(action=action_create(actor=clerk_a, data=penalty_data()), actor=clerk_a)
    stale = AdministrativeAction.objects.get(pk=action.pk)  # says clerk_a submitted it
    action_return(action=action, actor=both, reason="请补充证据")
    action_submit(action=AdministrativeAction.objects.get(pk=action.pk), actor=both)  # now "both" submitted it
    with pytest.raises(PermissionDenied):
        action_publish(action=stale, actor=both)
    assert AdministrativeAction.objects.get(pk=action.pk).status == Status.SUBMITTED


def test_a_clerk_of_another_agency_cannot_submit(clerk_a: User, clerk_b: User) -> None:
    action = action_create(actor=clerk_a, data=penalty_data())
    with pytest.raises(PermissionDenied):
        action_submit(action=action, actor=clerk_b)
    assert AdministrativeAction.objects.get(pk=action.pk).status == Status.DRAFT


def test_a_reviewer_of_another_agency_cannot_publish(reviewer_b: User, submitted: AdministrativeAction) -> None:
    with pytest.raises(PermissionDenied):
        action_publish(action=submitted, actor=reviewer_b)
    assert AdministrativeAction.objects.get(pk=submitted.pk).status == Status.SUBMITTED


@pytest.mark.parametrize("persona", ["clerk_a", "clerk_b", "credit_office", "stranger"])
def test_only_a_reviewer_publishes(
    request: pytest.FixtureRequest, persona: str, submitted: AdministrativeAction
) -> None:
    with pytest.raises(PermissionDenied):
        action_publish(action=submitted, actor=request.getfixturevalue(persona))
    assert not AdministrativeAction.objects.public().exists()


def test_a_clerk_cannot_publish_a_draft_before_submitting_and_a_reviewer_cannot_skip_review(
    clerk_a: User, reviewer_a: User
) -> None:
    action = action_create(actor=clerk_a, data=penalty_data())
    with pytest.raises(WorkflowError):
        action_publish(action=action, actor=reviewer_a)
    assert AdministrativeAction.objects.get(pk=action.pk).status == Status.DRAFT


def test_a_return_needs_a_reason(reviewer_a: User, submitted: AdministrativeAction) -> None:
    with pytest.raises(WorkflowError):
        action_return(action=submitted, actor=reviewer_a, reason="   ")
    assert AdministrativeAction.objects.get(pk=submitted.pk).status == Status.SUBMITTED


def test_a_returned_action_is_editable_and_can_be_resubmitted(
    clerk_a: User, reviewer_a: User, submitted: AdministrativeAction
) -> None:
    from disclosure.services.actions import action_update

    returned = action_return(action=submitted, actor=reviewer_a, reason="处罚依据条款引用有误")
    assert (returned.status, returned.return_reason) == (Status.RETURNED, "处罚依据条款引用有误")
    edited = action_update(action=returned, actor=clerk_a, data={"penalty_basis": "《食品安全法》第一百三十二条"})
    assert edited.penalty_basis == "《食品安全法》第一百三十二条"
    again = action_submit(action=edited, actor=clerk_a)
    assert (again.status, again.return_reason) == (Status.SUBMITTED, "")
    assert moves_of(again)[-2:] == [
        ("update", "", ""),
        ("submit", Status.RETURNED, Status.SUBMITTED),
    ]
    event = AuditEvent.objects.get(action="disclosure.administrativeaction.return")
    assert (event.from_state, event.to_state, event.reason) == (
        Status.SUBMITTED,
        Status.RETURNED,
        "处罚依据条款引用有误",
    )


def test_a_repeated_publish_raises_and_changes_nothing_twice(reviewer_a: User, submitted: AdministrativeAction) -> None:
    published = action_publish(action=submitted, actor=reviewer_a)
    first_stamp = published.published_at
    stale = AdministrativeAction.objects.get(pk=submitted.pk)
    with pytest.raises(WorkflowError):
        action_publish(action=stale, actor=reviewer_a)
    assert AdministrativeAction.objects.get(pk=submitted.pk).published_at == first_stamp
    assert AuditEvent.objects.filter(action="disclosure.administrativeaction.publish").count() == 1


def test_revoking_takes_the_item_off_the_public_site_at_once_and_logs_the_takedown(
    reviewer_a: User, submitted: AdministrativeAction
) -> None:
    published = action_publish(action=submitted, actor=reviewer_a)
    assert AdministrativeAction.objects.public().filter(pk=published.pk).exists()
    revoked = action_revoke(action=published, actor=reviewer_a, reason="经行政复议，原处罚决定被撤销。")
    assert revoked.status == Status.REVOKED
    assert revoked.left_public_at is not None
    assert not AdministrativeAction.objects.public().filter(pk=published.pk).exists()
    assert Takedown.objects.get(action=published).reason == Takedown.Reason.REVOKED
    assert moves_of(revoked)[-1] == ("revoke", Status.PUBLISHED, Status.REVOKED)


def test_revoking_needs_a_reason_and_a_second_revoke_changes_nothing(
    reviewer_a: User, submitted: AdministrativeAction
) -> None:
    published = action_publish(action=submitted, actor=reviewer_a)
    with pytest.raises(WorkflowError):
        action_revoke(action=published, actor=reviewer_a, reason="")
    action_revoke(action=published, actor=reviewer_a, reason="撤销")
    with pytest.raises(WorkflowError):
        action_revoke(action=published, actor=reviewer_a, reason="再次撤销")
    assert Takedown.objects.count() == 1
    assert AuditEvent.objects.filter(action="disclosure.administrativeaction.revoke").count() == 1


def test_the_credit_office_may_revoke_but_a_clerk_may_not(
    clerk_a: User, clerk_b: User, credit_office: User, reviewer_a: User, submitted: AdministrativeAction
) -> None:
    published = action_publish(action=submitted, actor=reviewer_a)
    for user in (clerk_a, clerk_b):
        with pytest.raises(PermissionDenied):
            action_revoke(action=published, actor=user, reason="撤销")
    assert action_revoke(action=published, actor=credit_office, reason="撤销").status == Status.REVOKED


def test_a_draft_cannot_be_revoked(clerk_a: User, reviewer_a: User) -> None:
    action = action_create(actor=clerk_a, data=penalty_data())
    with pytest.raises(WorkflowError):
        action_revoke(action=action, actor=reviewer_a, reason="撤销")
    assert not Takedown.objects.exists()


def test_whoever_wrote_the_content_may_not_publish_it_even_if_someone_else_submitted(
    clerk_a: User, agency_a: Agency
) -> None:
    # Four eyes between author and approver: both_roles wrote it, clerk_a only pressed submit.
    both = make_reviewer_clerk(agency_a, "author_reviewer")
    action = action_create(actor=both, data=penalty_data())
    action_submit(action=action, actor=clerk_a)
    with pytest.raises(PermissionDenied):
        action_publish(action=action, actor=both)
    assert AdministrativeAction.objects.get(pk=action.pk).status == Status.SUBMITTED


def test_whoever_edited_a_returned_item_may_not_publish_it(clerk_a: User, reviewer_a: User, agency_a: Agency) -> None:
    both = make_reviewer_clerk(agency_a, "editor_reviewer")
    action = action_submit(action=action_create(actor=clerk_a, data=penalty_data()), actor=clerk_a)
    action_return(action=action, actor=reviewer_a, reason="事实表述不清")
    action_update(
        action=AdministrativeAction.objects.get(pk=action.pk),
        actor=both,
        data={"violation_facts": "经查，当事人销售过期食品，改写后的事实。"},
    )
    action_submit(action=AdministrativeAction.objects.get(pk=action.pk), actor=clerk_a)
    with pytest.raises(PermissionDenied):
        action_publish(action=AdministrativeAction.objects.get(pk=action.pk), actor=both)
    published = action_publish(action=AdministrativeAction.objects.get(pk=action.pk), actor=reviewer_a)
    assert published.status == Status.PUBLISHED


def test_each_move_tells_the_person_whose_turn_it_is(clerk_a: User, reviewer_a: User, agency_a: Agency) -> None:
    from core.models import Notification

    def inbox(user: User, kind: str) -> list[Notification]:
        return list(Notification.objects.filter(recipient=user, kind=kind))

    action = action_submit(action=action_create(actor=clerk_a, data=penalty_data()), actor=clerk_a)
    assert len(inbox(reviewer_a, "workflow.submit")) == 1 and not inbox(clerk_a, "workflow.submit")
    action_return(action=action, actor=reviewer_a, reason="处罚依据条款有误")
    (returned,) = inbox(clerk_a, "workflow.return")
    assert "处罚依据条款有误" in returned.body and returned.url.endswith(f"/{action.pk}/change/")
    action_submit(action=AdministrativeAction.objects.get(pk=action.pk), actor=clerk_a)
    assert len(inbox(reviewer_a, "workflow.submit")) == 2  # a resubmission is news again
    action_publish(action=AdministrativeAction.objects.get(pk=action.pk), actor=reviewer_a)
    assert len(inbox(clerk_a, "workflow.publish")) == 1
