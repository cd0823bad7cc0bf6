"""Defects the authorisation matrix found, each pinned by its own test (issue 7, item 13)."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from core.models import User
from tests.disclosure.conftest import ActionFactory


def test_admin_add_page_refuses_a_role_that_may_not_enter_instead_of_redirecting_to_itself(
    reviewer_a: User,
) -> None:
    # The workflow admin turned the admin's PermissionDenied into a message and a redirect to
    # the same URL: a browser followed it until it gave up (too many redirects).
    client = Client()
    client.force_login(reviewer_a)
    response = client.get(reverse("admin:disclosure_administrativeaction_add"))
    assert response.status_code == 403


def test_admin_add_post_by_a_role_that_may_not_enter_is_refused_and_creates_nothing(reviewer_a: User) -> None:
    from disclosure.models import AdministrativeAction

    client = Client()
    client.force_login(reviewer_a)
    response = client.post(reverse("admin:disclosure_administrativeaction_add"), {"document_number": "x"})
    assert response.status_code == 403
    assert not AdministrativeAction.objects.exists()


def test_staff_api_refuses_accounts_without_a_role_that_may_read_actions(
    civil_servant: Any, agency_a: Any, clerk_a: User
) -> None:
    from core.roles import Role
    from tests.factories import UserFactory

    action = ActionFactory.create(agency=agency_a)
    roleless = UserFactory.create(username="roleless", agency=agency_a, is_staff=True)
    overseer = UserFactory.create(username="overseer", agency=agency_a, is_staff=True, role=Role.OVERSEER)
    for user in (civil_servant.user, roleless, overseer):
        client = Client()
        client.force_login(user)
        assert client.get("/api/v1/staff/actions/").status_code == 403, user
        assert client.get(f"/api/v1/staff/actions/{action.pk}/").status_code == 403, user
    client = Client()
    client.force_login(clerk_a)
    assert client.get("/api/v1/staff/actions/").status_code == 200


def test_admin_read_only_action_page_shows_the_counterparty_id_number_masked(
    agency_a: Any, reviewer_a: User, clerk_a: User
) -> None:
    # A page the user may only view rendered the form's id_number field through the model's
    # property: the clear, decrypted number of a natural person.
    from disclosure.models import CounterpartyType
    from integrity.lib.masking import mask_id_number

    number = "320106198001010011"
    action = ActionFactory.create(
        agency=agency_a, published=True, counterparty_type=CounterpartyType.NATURAL_PERSON, id_number=number
    )
    for user in (reviewer_a, clerk_a):
        client = Client()
        client.force_login(user)
        response = client.get(reverse("admin:disclosure_administrativeaction_change", args=[action.pk]))
        assert response.status_code == 200
        body = response.content.decode()
        assert number not in body
        assert mask_id_number(number) in body  # the masked form is shown instead


def test_admin_post_to_a_page_the_user_may_only_view_is_refused(clerk_a: User, agency_a: Any) -> None:
    # Refused with a message and a redirect before; now 403 like every admin refusal.
    action = ActionFactory.create(agency=agency_a, created_by=clerk_a, published=True)
    client = Client()
    client.force_login(clerk_a)
    response = client.post(reverse("admin:disclosure_administrativeaction_change", args=[action.pk]), {"remarks": "x"})
    assert response.status_code == 403
