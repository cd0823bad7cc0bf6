"""Facts that cross app boundaries by registration: roles, takedowns, integrity facts."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured

from core.models import Agency, User
from core.roles import Role, role_permissions
from core.services.takedowns import TakedownReason, takedown_request
from disclosure.models import AdministrativeAction, Takedown
from tests.disclosure.conftest import ActionFactory


def test_core_names_no_other_apps_permissions() -> None:
    from core.roles import CORE_ROLE_PERMISSIONS

    assert {p.split(".")[0] for perms in CORE_ROLE_PERMISSIONS.values() for p in perms} == {"core"}


@pytest.mark.django_db
def test_each_app_declares_its_role_permissions_and_migrate_applies_them() -> None:
    assert "disclosure.publish_administrativeaction" not in role_permissions()[Role.REVIEWER]
    assert "disclosure.view_administrativeaction" in role_permissions()[Role.REVIEWER]
    clerk = Group.objects.get(name=Role.CLERK.value)
    codenames = set(clerk.permissions.values_list("content_type__app_label", "codename"))
    assert ("disclosure", "add_administrativeaction") in codenames
    assert ("core", "add_civilservant") in codenames


@pytest.mark.django_db
def test_a_takedown_asked_for_by_another_app_reaches_the_owning_app(agency_a: Agency) -> None:
    # objections (a repaired record) asks without importing disclosure; disclosure subscribed at start-up.
    action = ActionFactory.create(agency=agency_a, published=True)
    from django.db import transaction

    with transaction.atomic():
        takedown_request(obj=action, reason=TakedownReason.REPAIRED, note="信用修复已通过")
    assert not AdministrativeAction.objects.public().filter(pk=action.pk).exists()
    assert Takedown.objects.get(action=action).reason == TakedownReason.REPAIRED
    assert AdministrativeAction.objects.get(pk=action.pk).status == "published"  # a repair is not a review state


@pytest.mark.django_db
def test_a_takedown_for_a_model_nobody_subscribed_is_a_configuration_error(agency_a: Agency, clerk_a: User) -> None:
    with pytest.raises(ImproperlyConfigured):
        takedown_request(obj=clerk_a, reason=TakedownReason.REVOKED)


@pytest.mark.django_db
def test_a_staff_account_without_a_role_reads_nothing_through_the_staff_api(client, agency_a: Agency) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import UserFactory

    ActionFactory.create(agency=agency_a)
    roleless = UserFactory.create(username="roleless", agency=agency_a, is_staff=True)
    client.force_login(roleless)
    assert client.get("/api/v1/staff/actions/").status_code == 403  # the staff API's one permission class
    assert AdministrativeAction.objects.visible_to(roleless).count() == 0
