"""Accounts in the back office (issue 7, items 2 and 3): only a superuser manages superusers and
permissions; the credit office manages accounts within the portal's roles; every change to
accounts, groups, agencies and civil servants is audited; nothing of theirs is deleted."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from core.models import Agency, AuditEvent, CivilServant, User
from core.roles import Role
from core.services.accounts import user_save
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-1"


@pytest.fixture
def superuser(db: Any) -> User:
    return User.objects.create_superuser("root", "root@example.invalid", PASSWORD)


@pytest.fixture
def sneaky_group(db: Any) -> Group:
    """A group that is not one of the portal's roles, holding a powerful permission."""
    group = Group.objects.create(name="sneaky")
    group.permissions.add(Permission.objects.get(codename="delete_user"))
    return group


def as_user(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def change_data(user: User, **overrides: Any) -> dict[str, Any]:
    """The POST of a user's change form as the admin renders it, with ``overrides``."""
    data: dict[str, Any] = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on" if user.is_active else "",
        "is_staff": "on" if user.is_staff else "",
        "groups": [g.pk for g in user.groups.all()],
        "agency": user.agency_id or "",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "last_login_0": "",
        "last_login_1": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v != ""}


def change_url(user: User) -> str:
    return reverse("admin:core_user_change", args=[user.pk])


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


# --- item 2: the credit office cannot mint superusers ---


def test_the_credit_office_cannot_make_a_superuser_or_grant_permissions(
    client: Client, credit_office: User, clerk_a: User
) -> None:
    perm = Permission.objects.get(codename="delete_user")
    response = as_user(client, credit_office).post(
        change_url(clerk_a), change_data(clerk_a, is_superuser="on", user_permissions=[perm.pk])
    )
    assert response.status_code == 302
    clerk_a.refresh_from_db()
    assert not clerk_a.is_superuser
    assert not clerk_a.user_permissions.exists()


def test_the_credit_office_change_form_has_no_superuser_or_permission_fields(
    client: Client, credit_office: User, clerk_a: User
) -> None:
    form = as_user(client, credit_office).get(change_url(clerk_a)).context["adminform"].form
    assert "is_superuser" not in form.fields
    assert "user_permissions" not in form.fields
    assert {"groups", "is_active", "is_staff", "agency"} <= set(form.fields)


def test_the_credit_office_is_offered_only_the_portals_roles(
    client: Client, credit_office: User, clerk_a: User, sneaky_group: Group
) -> None:
    form = as_user(client, credit_office).get(change_url(clerk_a)).context["adminform"].form
    assert set(form.fields["groups"].queryset.values_list("name", flat=True)) == {r.value for r in Role}
    response = client.post(change_url(clerk_a), change_data(clerk_a, groups=[sneaky_group.pk]))
    assert response.status_code == 200
    assert "groups" in response.context["adminform"].form.errors
    assert not clerk_a.groups.filter(name="sneaky").exists()


def test_the_credit_office_cannot_open_a_superusers_account_or_password_form(
    client: Client, credit_office: User, superuser: User
) -> None:
    as_user(client, credit_office)
    assert client.get(change_url(superuser)).status_code == 302  # "does not exist", back to the index
    password_url = reverse("admin:auth_user_password_change", args=[superuser.pk])
    assert client.get(password_url).status_code == 404
    response = client.post(password_url, {"password1": "Taken-over-2026!", "password2": "Taken-over-2026!"})
    assert response.status_code == 404
    superuser.refresh_from_db()
    assert superuser.check_password(PASSWORD)
    listing = client.get(reverse("admin:core_user_changelist")).content.decode()
    assert "root@example.invalid" not in listing and ">root<" not in listing


def test_the_credit_office_cannot_change_a_superuser_through_a_posted_form(
    client: Client, credit_office: User, superuser: User
) -> None:
    as_user(client, credit_office).post(change_url(superuser), change_data(superuser, is_active=""))
    superuser.refresh_from_db()
    assert superuser.is_active


def test_the_service_refuses_a_superuser_made_by_a_non_superuser(credit_office: User, clerk_a: User) -> None:
    clerk_a.is_superuser = True
    with pytest.raises(PermissionDenied):
        user_save(actor=credit_office, user=clerk_a)
    assert not User.objects.get(pk=clerk_a.pk).is_superuser


def test_the_service_refuses_single_permissions_and_foreign_groups_from_a_non_superuser(
    credit_office: User, clerk_a: User, sneaky_group: Group
) -> None:
    with pytest.raises(PermissionDenied):
        user_save(actor=credit_office, user=clerk_a, permissions=[Permission.objects.get(codename="delete_user")])
    with pytest.raises(PermissionDenied):
        user_save(actor=credit_office, user=clerk_a, groups=[sneaky_group])
    assert not clerk_a.user_permissions.exists()
    assert not clerk_a.groups.filter(name="sneaky").exists()


def test_the_credit_office_keeps_a_group_a_superuser_gave(
    client: Client, credit_office: User, clerk_a: User, sneaky_group: Group
) -> None:
    clerk_a.groups.add(sneaky_group)
    reviewer = Group.objects.get(name=Role.REVIEWER.value)
    as_user(client, credit_office).post(change_url(clerk_a), change_data(clerk_a, groups=[reviewer.pk]))
    assert set(clerk_a.groups.values_list("name", flat=True)) == {"reviewer", "sneaky"}


def test_the_credit_office_assigns_roles_and_agency_and_deactivates(
    client: Client, credit_office: User, clerk_a: User, agency_b: Agency
) -> None:
    reviewer = Group.objects.get(name=Role.REVIEWER.value)
    response = as_user(client, credit_office).post(
        change_url(clerk_a), change_data(clerk_a, groups=[reviewer.pk], agency=agency_b.pk, is_active="")
    )
    assert response.status_code == 302
    clerk_a.refresh_from_db()
    assert (clerk_a.agency, clerk_a.is_active) == (agency_b, False)
    assert list(clerk_a.groups.values_list("name", flat=True)) == ["reviewer"]


def test_a_superuser_still_manages_superusers_and_permissions(client: Client, superuser: User, clerk_a: User) -> None:
    perm = Permission.objects.get(codename="view_auditevent")
    response = as_user(client, superuser).post(
        change_url(clerk_a), change_data(clerk_a, is_superuser="on", user_permissions=[perm.pk])
    )
    assert response.status_code == 302
    clerk_a.refresh_from_db()
    assert clerk_a.is_superuser
    assert list(clerk_a.user_permissions.all()) == [perm]
    event = events("core.user.update")[-1]
    assert event.data["changes"]["is_superuser"] == {"from": False, "to": True}
    assert event.data["changes"]["user_permissions"] == {"from": [], "to": ["core.view_auditevent"]}


def test_only_a_superuser_opens_the_groups_admin(client: Client, credit_office: User, superuser: User) -> None:
    as_user(client, credit_office)
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403
    assert client.post(reverse("admin:auth_group_add"), {"name": "mine"}).status_code == 403
    assert not Group.objects.filter(name="mine").exists()
    as_user(client, superuser)
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 200


# --- item 3: every change audited, nothing deleted ---


def test_creating_an_account_is_audited_without_the_password(client: Client, credit_office: User) -> None:
    response = as_user(client, credit_office).post(
        reverse("admin:core_user_add"),
        {
            "username": "newclerk",
            "usable_password": "true",
            "password1": "Xy7-long-pass!",
            "password2": "Xy7-long-pass!",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="newclerk")
    (event,) = events("core.user.create")
    assert (event.actor, event.object_id, event.to_state) == (credit_office, str(user.pk), "active")
    assert event.data["changes"]["username"] == {"from": None, "to": "newclerk"}
    assert event.data["changes"]["password"] == {"changed": True}
    assert "Xy7-long-pass!" not in json.dumps(event.data) and user.password not in json.dumps(event.data)


def test_a_role_change_is_audited_with_from_and_to(client: Client, credit_office: User, clerk_a: User) -> None:
    reviewer = Group.objects.get(name=Role.REVIEWER.value)
    as_user(client, credit_office).post(change_url(clerk_a), change_data(clerk_a, groups=[reviewer.pk]))
    (event,) = events("core.user.update")
    assert event.actor == credit_office
    assert event.data["changes"] == {"groups": {"from": ["clerk"], "to": ["reviewer"]}}


def test_saving_an_unchanged_account_writes_no_event(client: Client, credit_office: User, clerk_a: User) -> None:
    as_user(client, credit_office).post(change_url(clerk_a), change_data(clerk_a))
    assert not AuditEvent.objects.filter(action__startswith="core.user").exists()


def test_deactivating_an_account_is_audited_and_ends_its_sessions(
    client: Client, credit_office: User, clerk_a: User
) -> None:
    victim = Client()
    victim.force_login(clerk_a)
    assert victim.get("/admin/").status_code == 200
    as_user(client, credit_office).post(change_url(clerk_a), change_data(clerk_a, is_active=""))
    (event,) = events("core.user.deactivate")
    assert (event.from_state, event.to_state) == ("active", "inactive")
    assert event.data["changes"]["is_active"] == {"from": True, "to": False}
    sessions = [s.get_decoded().get("_auth_user_id") for s in Session.objects.all()]
    assert str(clerk_a.pk) not in sessions
    assert victim.get("/admin/").status_code == 302  # back to the sign-in page


def test_a_password_set_by_the_credit_office_is_audited(client: Client, credit_office: User, clerk_a: User) -> None:
    url = reverse("admin:auth_user_password_change", args=[clerk_a.pk])
    response = as_user(client, credit_office).post(
        url, {"password1": "New-pass-2026!", "password2": "New-pass-2026!", "set_usable_password": "true"}
    )
    assert response.status_code == 302
    (event,) = events("core.user.password")
    assert (event.actor, event.object_id) == (credit_office, str(clerk_a.pk))
    assert "New-pass-2026!" not in json.dumps(event.data)


def test_a_group_permission_change_is_audited(client: Client, superuser: User) -> None:
    group = Group.objects.get(name=Role.OVERSEER.value)
    before = sorted(f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all())
    extra = Permission.objects.get(codename="view_auditevent")
    response = as_user(client, superuser).post(
        reverse("admin:auth_group_change", args=[group.pk]),
        {"name": group.name, "permissions": [*group.permissions.values_list("pk", flat=True), extra.pk]},
    )
    assert response.status_code == 302
    (event,) = events("auth.group.update")
    assert event.data["changes"]["permissions"] == {"from": before, "to": sorted([*before, "core.view_auditevent"])}


def test_agency_creation_and_deactivation_are_audited(client: Client, credit_office: User) -> None:
    as_user(client, credit_office)
    agency = AgencyFactory.build()
    response = client.post(
        reverse("admin:core_agency_add"),
        {"name": agency.name, "kind": agency.kind, "uscc": agency.uscc, "is_active": "on"},
    )
    assert response.status_code == 302
    saved = Agency.objects.get(name=agency.name)
    (created,) = events("core.agency.create")
    assert created.data["changes"]["uscc"] == {"from": None, "to": agency.uscc}
    response = client.post(
        reverse("admin:core_agency_change", args=[saved.pk]),
        {"name": saved.name, "kind": saved.kind, "uscc": saved.uscc},
    )
    assert response.status_code == 302
    (deactivated,) = events("core.agency.deactivate")
    assert (deactivated.actor, deactivated.data["changes"]) == (
        credit_office,
        {"is_active": {"from": True, "to": False}},
    )


def test_a_civil_servants_id_number_change_is_audited_without_the_number(
    client: Client, credit_office: User, person_a: CivilServant
) -> None:
    old = person_a.id_number
    new = "11010519491231002X"
    response = as_user(client, credit_office).post(
        reverse("admin:core_civilservant_change", args=[person_a.pk]),
        {"name": person_a.name, "agency": person_a.agency_id, "position": "副科长", "new_id_number": new},
    )
    assert response.status_code == 302
    (event,) = events("core.civilservant.update")
    assert event.data["changes"] == {"position": {"from": "科员", "to": "副科长"}, "id_number": {"changed": True}}
    text = json.dumps([event.data, event.object_repr, event.reason, event.from_state, event.to_state])
    for number in (old, new):
        assert number not in text
        assert number[6:14] not in text  # not even the birth date


def test_a_civil_servant_added_by_a_clerk_is_audited(client: Client, clerk_a: User, agency_a: Agency) -> None:
    as_user(client, clerk_a).post(
        reverse("admin:core_civilservant_add"),
        {"name": "赵六", "agency": agency_a.pk, "position": "科员", "new_id_number": "11010519491231002X"},
    )
    (event,) = events("core.civilservant.create")
    assert event.actor == clerk_a
    assert event.data["changes"]["id_number"] == {"changed": True}
    assert "11010519491231002X" not in json.dumps(event.data)


@pytest.mark.parametrize("model", ["user", "agency", "civilservant"])
def test_nobody_deletes_accounts_agencies_or_civil_servants_in_the_admin(
    client: Client, superuser: User, clerk_a: User, person_a: CivilServant, model: str
) -> None:
    pk = {"user": clerk_a.pk, "agency": clerk_a.agency_id, "civilservant": person_a.pk}[model]
    as_user(client, superuser)
    assert client.get(reverse(f"admin:core_{model}_delete", args=[pk])).status_code == 403
    assert client.post(reverse(f"admin:core_{model}_delete", args=[pk]), {"post": "yes"}).status_code == 403
    changelist = client.get(reverse(f"admin:core_{model}_changelist"))
    assert 'value="delete_selected"' not in changelist.content.decode()
    response = client.post(
        reverse(f"admin:core_{model}_changelist"),
        {"action": "delete_selected", "_selected_action": [pk], "post": "yes"},
    )
    assert response.status_code in (200, 302)
    manager: Any = {"user": User, "agency": Agency, "civilservant": CivilServant}[model]._default_manager
    assert manager.filter(pk=pk).exists()


def test_an_account_created_from_the_shell_is_audited_as_the_system(agency_a: Agency) -> None:
    user = UserFactory.build(username="shelluser", agency=agency_a)
    user_save(actor=None, user=user)
    assert events("core.user.create")[0].actor_label == "system"
