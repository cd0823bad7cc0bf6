"""A deactivated agency's staff cannot enter or publish (issue 7, item 5): not through the
services, the admin (add page, change page, move buttons), the import or the staff API."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from core.models import Agency, User
from core.workflow import Status
from disclosure.models import AdministrativeAction, ImportJob
from disclosure.services.actions import action_create, action_publish, action_submit
from disclosure.services.imports import import_file, template_csv
from tests.disclosure.conftest import penalty_data, penalty_row, write_csv

pytestmark = pytest.mark.django_db


def deactivate(agency: Agency) -> None:
    Agency.objects.filter(pk=agency.pk).update(is_active=False)


def fresh(user: User) -> User:
    """The user as the next request loads it (its agency read again)."""
    return User.objects.select_related("agency").get(pk=user.pk)


@pytest.fixture
def submitted(clerk_a: User) -> AdministrativeAction:
    return action_submit(action=action_create(actor=clerk_a, data=penalty_data()), actor=clerk_a)


def test_a_clerk_of_a_deactivated_agency_cannot_enter(clerk_a: User, agency_a: Agency) -> None:
    deactivate(agency_a)
    with pytest.raises(PermissionDenied):
        action_create(actor=fresh(clerk_a), data=penalty_data())
    assert not AdministrativeAction.objects.exists()


def test_a_clerk_of_a_deactivated_agency_cannot_submit(clerk_a: User, agency_a: Agency) -> None:
    action = action_create(actor=clerk_a, data=penalty_data())
    deactivate(agency_a)
    with pytest.raises(PermissionDenied):
        action_submit(action=action, actor=fresh(clerk_a))
    assert AdministrativeAction.objects.get(pk=action.pk).status == Status.DRAFT


def test_a_reviewer_of_a_deactivated_agency_cannot_publish(
    reviewer_a: User, agency_a: Agency, submitted: AdministrativeAction
) -> None:
    deactivate(agency_a)
    with pytest.raises(PermissionDenied):
        action_publish(action=submitted, actor=fresh(reviewer_a))
    assert AdministrativeAction.objects.get(pk=submitted.pk).status == Status.SUBMITTED


def test_the_admin_add_page_refuses_a_clerk_of_a_deactivated_agency(
    client: Client, clerk_a: User, agency_a: Agency
) -> None:
    deactivate(agency_a)
    client.force_login(clerk_a)
    url = reverse("admin:disclosure_administrativeaction_add")
    assert client.get(url).status_code == 403
    assert client.post(url, {"kind": "penalty", "document_number": "济槐测〔2026〕1号"}).status_code == 403
    assert not AdministrativeAction.objects.exists()


def test_the_admin_add_page_still_serves_a_clerk_of_an_active_agency(client: Client, clerk_a: User) -> None:
    client.force_login(clerk_a)
    assert client.get(reverse("admin:disclosure_administrativeaction_add")).status_code == 200


def test_the_admin_publish_button_refuses_a_reviewer_of_a_deactivated_agency(
    client: Client, reviewer_a: User, agency_a: Agency, submitted: AdministrativeAction
) -> None:
    deactivate(agency_a)
    client.force_login(reviewer_a)
    page = client.get(reverse("admin:disclosure_administrativeaction_change", args=[submitted.pk]))
    assert page.status_code == 200
    assert not page.context["workflow_moves"]  # no button to press
    client.post(reverse("admin:disclosure_administrativeaction_move", args=[submitted.pk, "publish"]))
    assert AdministrativeAction.objects.get(pk=submitted.pk).status == Status.SUBMITTED


def test_the_import_refuses_a_clerk_of_a_deactivated_agency(client: Client, clerk_a: User, agency_a: Agency) -> None:
    deactivate(agency_a)
    client.force_login(clerk_a)
    url = reverse("admin:disclosure_action_import")
    assert client.get(url).status_code == 403
    upload = SimpleUploadedFile("a.csv", template_csv("penalty").encode(), content_type="text/csv")
    assert client.post(url, {"kind": "penalty", "file": upload, "submit": "on"}).status_code == 403
    assert not ImportJob.objects.exists()


def test_the_staff_api_refuses_staff_of_a_deactivated_agency(
    clerk_a: User, reviewer_a: User, agency_a: Agency, submitted: AdministrativeAction
) -> None:
    deactivate(agency_a)
    clerk, reviewer = APIClient(), APIClient()
    clerk.force_login(clerk_a)
    reviewer.force_login(reviewer_a)
    body: Any = json.loads(json.dumps(penalty_data(), default=str))
    assert clerk.post("/api/v1/staff/actions/", body, format="json").status_code == 403
    assert reviewer.post(f"/api/v1/staff/actions/{submitted.pk}/publish/").status_code == 403
    assert AdministrativeAction.objects.count() == 1
    assert AdministrativeAction.objects.get().status == Status.SUBMITTED


def test_the_shell_import_of_drafts_refuses_a_deactivated_agency(agency_a: Agency, tmp_path: Any) -> None:
    deactivate(agency_a)
    path = write_csv(tmp_path / "rows.csv", [penalty_row()])
    result = import_file(path, kind="penalty", agency=Agency.objects.get(pk=agency_a.pk), actor=None, submit=False)
    assert not result.ok
    assert result.imported == 0
    assert not AdministrativeAction.objects.exists()
