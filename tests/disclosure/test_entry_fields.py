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


# The allow-list, pinned: a new model field is not editable until someone adds it here on purpose.
ENTRY = {
    "kind",
    "other_kind_name",
    "counterparty_name",
    "counterparty_type",
    "counterparty_uscc",
    "business_registration_no",
    "organisation_code",
    "tax_registration_no",
    "institution_cert_no",
    "social_org_cert_no",
    "legal_representative",
    "id_type",
    "document_name",
    "document_number",
    "decision_date",
    "data_source_agency",
    "remarks",
    "use_scope",
    "violation_type",
    "violation_facts",
    "penalty_basis",
    "penalty_categories",
    "penalty_content",
    "fine_amount",
    "confiscated_amount",
    "suspended_licence",
    "tier",
    "licence_certificate_name",
    "licence_number",
    "licence_content",
    "valid_from",
    "valid_to",
    "licence_state",
    # the national standard's fields (issue 12)
    "legal_representative_id_type",
    "deciding_agency_name",
    "deciding_agency_uscc",
    "data_source_name",
    "data_source_uscc",
    "penalty_valid_to",
    "publicity_end_stated",
    "licence_category",
}


def test_the_entry_allow_list_is_pinned() -> None:
    assert set(AdministrativeAction.ENTRY_FIELDS) == ENTRY


def test_no_workflow_or_derived_field_is_in_the_allow_list() -> None:
    from core.workflow import WORKFLOW_FIELDS

    assert {
        "status",
        "created_by",
        "last_edited_by",
        "submitted_by",
        "submitted_at",
        "reviewed_by",
        "published_at",
    } <= WORKFLOW_FIELDS
    assert not ENTRY & WORKFLOW_FIELDS
    assert not ENTRY & {"due_on", "public_until", "left_public_at", "search_text", "id_number_hash"}


@pytest.mark.django_db
def test_the_admin_form_takes_exactly_the_allow_list_and_the_id_number(rf: Any, clerk_a: User) -> None:
    from django.contrib.admin.sites import site

    request = rf.get("/")
    request.user = clerk_a
    form = site._registry[AdministrativeAction].get_form(request)
    assert set(form.base_fields) == ENTRY | {"id_number", "legal_representative_id_number"}


def test_the_staff_serializer_writes_exactly_the_allow_list_and_the_id_number() -> None:
    from disclosure.serializers import StaffActionSerializer

    fields = StaffActionSerializer().get_fields()
    writable = {name for name, field in fields.items() if not field.read_only}
    assert writable == ENTRY | {"id_number", "legal_representative_id_number"}


def test_the_import_columns_map_only_to_the_allow_list() -> None:
    from disclosure.models import ActionKind
    from disclosure.standard import standard_columns

    targets = {c.key for kind in ActionKind.values for c in standard_columns(kind)}
    # The two certificate numbers are encrypted on the way in (their setters).
    assert targets - {"id_number", "legal_representative_id_number"} <= ENTRY


@pytest.mark.django_db
def test_the_create_service_refuses_a_workflow_field(clerk_a: User) -> None:
    from disclosure.services.actions import action_create
    from integrity.lib.errors import ApplicationError

    with pytest.raises(ApplicationError, match="submitted_at"):
        action_create(actor=clerk_a, data={**penalty_data(), "submitted_at": "2026-01-01T00:00:00Z"})
    assert not AdministrativeAction.objects.exists()


@pytest.mark.django_db
def test_the_staff_api_ignores_workflow_fields_it_is_sent(client: Client, clerk_a: User, clerk_b: User) -> None:
    import json

    client.force_login(clerk_a)
    body = {
        **penalty_data(),
        "decision_date": penalty_data()["decision_date"].isoformat(),
        "fine_amount": "2.5",
        "status": "published",
        "submitted_by": clerk_b.pk,
        "published_at": "2026-01-01T00:00:00Z",
        "agency": clerk_b.agency_id,
    }
    response = client.post("/api/v1/staff/actions/", json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    action = AdministrativeAction.objects.get()
    assert (action.status, action.submitted_by, action.published_at, action.agency_id) == (
        Status.DRAFT,
        None,
        None,
        clerk_a.agency_id,
    )
