"""The fields a person may type are one allow-list per model (issue: the clerk form leaked
every user account and stored a posted `submitted_at`)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from core.models import User
from core.workflow import Status
from disclosure.models import AdministrativeAction
from tests.disclosure.conftest import penalty_data


def _form_post(data: dict[str, Any]) -> dict[str, Any]:
    post = {k: v for k, v in data.items() if k != "penalty_categories"}
    post["penalty_categories"] = data["penalty_categories"]
    post["use_scope"] = "public"
    return post


@pytest.mark.django_db
def test_the_clerks_add_form_offers_no_account_of_any_agency(client: Client, clerk_a: User, clerk_b: User) -> None:
    client.force_login(clerk_a)
    page = client.get("/admin/disclosure/administrativeaction/add/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="created_by"' not in html
    assert 'name="submitted_at' not in html
    assert "clerk_b" not in html


@pytest.mark.django_db
def test_a_posted_workflow_field_is_not_stored_on_a_draft(client: Client, clerk_a: User, clerk_b: User) -> None:
    client.force_login(clerk_a)
    post = _form_post(penalty_data())
    post.update(
        {
            "created_by": clerk_b.pk,
            "submitted_at_0": "2026-01-01",
            "submitted_at_1": "10:00:00",
            "status": "published",
            "reviewed_by": clerk_b.pk,
        }
    )
    response = client.post("/admin/disclosure/administrativeaction/add/", post)
    assert response.status_code == 302, response.content.decode()[:2000]
    action = AdministrativeAction.objects.get(document_number=post["document_number"])
    assert action.status == Status.DRAFT
    assert action.submitted_at is None
    assert action.reviewed_by is None
    assert action.created_by == clerk_a
