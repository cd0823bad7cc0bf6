"""The shared review workflow, its admin mixin and its API mixin on a second model
(tests/workflow_app: a pledge the credit office enters), using nothing but the shared parts."""

from __future__ import annotations

import pytest
from django.test import Client

from core.api_errors import exception_handler
from core.models import Agency, AuditEvent, User
from core.workflow import ConcurrentChange, Status, item_expire, moves_for
from tests.workflow_app.models import Pledge

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.workflow_app.urls")]

ADMIN = "/admin/workflow_app/pledge"
API = "/api/v1/test/pledges"


@pytest.fixture
def pledge(agency_a: Agency, credit_office: User) -> Pledge:
    return Pledge.objects.create(
        agency=agency_a, title="三日内办结", created_by=credit_office, last_edited_by=credit_office
    )


def history(pledge: Pledge) -> list[tuple[str, str, str, str]]:
    events = AuditEvent.objects.filter(object_type="workflow_app.pledge", object_id=str(pledge.pk)).order_by("id")
    return [(e.action, e.actor_label, e.from_state, e.to_state) for e in events]


def test_a_pledge_goes_through_submit_publish_revoke_with_audit_events(
    client: Client, pledge: Pledge, credit_office: User, reviewer_a: User
) -> None:
    client.force_login(credit_office)
    assert client.post(f"{ADMIN}/{pledge.pk}/move/submit/").status_code == 302
    client.force_login(reviewer_a)
    response = client.post(f"{API}/{pledge.pk}/publish/")
    assert response.status_code == 200 and response.json()["status"] == Status.PUBLISHED
    client.force_login(credit_office)
    client.post(f"{ADMIN}/{pledge.pk}/move/revoke/", {"reason": "承诺主体变更"})
    pledge.refresh_from_db()
    assert pledge.status == Status.REVOKED and pledge.revoke_reason == "承诺主体变更"
    assert history(pledge) == [
        ("workflow_app.pledge.submit", "office", "draft", "submitted"),
        ("workflow_app.pledge.publish", "reviewer_a", "submitted", "published"),
        ("workflow_app.pledge.revoke", "office", "published", "revoked"),
    ]


def test_a_return_needs_a_reason_and_comes_back_to_the_enterer(
    client: Client, pledge: Pledge, credit_office: User, reviewer_a: User
) -> None:
    client.force_login(credit_office)
    client.post(f"{API}/{pledge.pk}/submit/")
    client.force_login(reviewer_a)
    missing = client.post(f"{API}/{pledge.pk}/return/", {"reason": ""})
    assert missing.status_code == 400 and "reason" in missing.json()
    assert client.post(f"{API}/{pledge.pk}/return/", {"reason": "期限不明确"}).json()["status"] == Status.RETURNED
    assert history(pledge)[-1] == ("workflow_app.pledge.return", "reviewer_a", "submitted", "returned")


def test_the_model_policy_decides_who_enters_not_core(
    client: Client, pledge: Pledge, clerk_a: User, credit_office: User
) -> None:
    # The default policy lets a clerk submit; this model's policy gives that to the credit office.
    client.force_login(clerk_a)
    assert client.post(f"{API}/{pledge.pk}/submit/").status_code == 403
    assert [m.name for m in moves_for(clerk_a, pledge)] == []
    assert [m.name for m in moves_for(credit_office, pledge)] == ["submit"]
    assert Pledge.objects.get(pk=pledge.pk).status == Status.DRAFT


def test_the_change_page_offers_only_the_users_own_moves_outside_the_main_form(
    client: Client, pledge: Pledge, credit_office: User, reviewer_a: User
) -> None:
    client.force_login(credit_office)
    client.post(f"{API}/{pledge.pk}/submit/")
    client.force_login(reviewer_a)
    html = client.get(f"{ADMIN}/{pledge.pk}/change/").content.decode()
    panel = html[html.index('id="workflow"') :]
    assert "/move/publish/" in panel and "/move/return/" in panel
    assert "/move/submit/" not in html and "/move/revoke/" not in html
    # Each move form comes after the main form has closed: a nested form would be dropped.
    assert html.rindex("</form>", 0, html.index('id="workflow"')) > html.index('id="pledge_form"')


def test_a_repeated_move_is_refused_and_changes_nothing_twice(
    client: Client, pledge: Pledge, credit_office: User, reviewer_a: User
) -> None:
    client.force_login(credit_office)
    client.post(f"{API}/{pledge.pk}/submit/")
    client.force_login(reviewer_a)
    assert client.post(f"{API}/{pledge.pk}/publish/").status_code == 200
    again = client.post(f"{API}/{pledge.pk}/publish/")
    assert again.status_code == 400 and "status" in again.json()
    assert [e[0] for e in history(pledge)].count("workflow_app.pledge.publish") == 1


def test_another_agencys_reviewer_gets_404(client: Client, pledge: Pledge, clerk_b: User) -> None:
    client.force_login(clerk_b)
    assert client.post(f"{API}/{pledge.pk}/publish/").status_code == 404
    assert client.get(f"{ADMIN}/{pledge.pk}/change/").status_code == 404


def test_expiry_is_a_system_move_with_its_audit_event(
    client: Client, pledge: Pledge, credit_office: User, reviewer_a: User
) -> None:
    client.force_login(credit_office)
    client.post(f"{API}/{pledge.pk}/submit/")
    client.force_login(reviewer_a)
    client.post(f"{API}/{pledge.pk}/publish/")
    # Nobody may press "expire": it is not offered and the admin answers 404.
    assert "expire" not in [m.name for m in moves_for(reviewer_a, Pledge.objects.get(pk=pledge.pk))]
    assert client.post(f"{ADMIN}/{pledge.pk}/move/expire/").status_code == 404
    item_expire(item=Pledge.objects.get(pk=pledge.pk), reason="承诺期满")
    assert Pledge.objects.get(pk=pledge.pk).status == Status.EXPIRED
    assert history(pledge)[-1] == ("workflow_app.pledge.expire", "system", "published", "expired")


def test_a_concurrent_change_answers_409() -> None:
    response = exception_handler(ConcurrentChange(), {})
    assert response is not None and response.status_code == 409
