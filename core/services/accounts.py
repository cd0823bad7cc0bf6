"""Accounts, roles, agencies and civil servants: who may change them, and the audit of every change.

The admin only collects input; these services decide and record (docs/architecture.md, "Accounts").

- Only a superuser manages superusers and permissions: anyone else may not change a superuser,
  tick ``is_superuser``, grant single permissions or hand out groups that are not the portal's
  roles (`core.roles.Role`). The credit office manages accounts within those roles: roles,
  agency, staff status, deactivation.
- Every create and every change writes one audit event in the same transaction, with each
  changed field's old and new value. ID numbers are never written: only that one changed.
- Nothing here deletes: people, agencies and accounts are deactivated. Deactivating an account
  ends its sessions at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import Agency, CivilServant, User
from core.roles import Role

from .audit import audit_record

USER_FIELDS = ("username", "first_name", "last_name", "email", "agency_id", "is_staff", "is_active", "is_superuser")
AGENCY_FIELDS = ("name", "kind", "uscc", "parent_id", "is_active")
CIVIL_SERVANT_FIELDS = ("name", "agency_id", "position", "user_id")
ROLE_NAMES = frozenset(role.value for role in Role)

Changes = dict[str, dict[str, Any]]


def role_groups() -> Any:
    """The groups a non-superuser may hand out: the portal's roles, nothing else."""
    return Group.objects.filter(name__in=ROLE_NAMES)


def _fields(obj: Any, names: Iterable[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in names}


def _diff(before: dict[str, Any], after: dict[str, Any]) -> Changes:
    return {
        key: {"from": before.get(key), "to": value}
        for key, value in after.items()
        if before.get(key) != value and not (before.get(key) is None and value in ("", [], None))
    }


def _perm_labels(perms: Iterable[Permission]) -> list[str]:
    return sorted(f"{p.content_type.app_label}.{p.codename}" for p in perms)


def _lifecycle_action(prefix: str, created: bool, changes: Changes) -> tuple[str, str, str]:
    """(action, from_state, to_state): a change of ``is_active`` names the event."""
    if created:
        return f"{prefix}.create", "", "active"
    if "is_active" in changes:
        if changes["is_active"]["to"]:
            return f"{prefix}.reactivate", "inactive", "active"
        return f"{prefix}.deactivate", "active", "inactive"
    return f"{prefix}.update", "", ""


# --- users ---


def _user_snapshot(user: User) -> dict[str, Any]:
    return {
        **_fields(user, USER_FIELDS),
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "user_permissions": _perm_labels(user.user_permissions.select_related("content_type")),
    }


def _check_user_change(
    *, actor: Any, before: dict[str, Any] | None, user: User, groups: list[Group] | None, permissions: Any
) -> None:
    if actor is None or actor.is_superuser:
        return  # the shell (seed_demo, createsuperuser) and superusers
    if before is not None and before["is_superuser"]:
        raise PermissionDenied(_("Only a superuser can change a superuser's account."))
    if user.is_superuser:
        raise PermissionDenied(_("Only a superuser can make a superuser."))
    if permissions is not None and _perm_labels(permissions) != (before or {}).get("user_permissions", []):
        raise PermissionDenied(_("Only a superuser can grant single permissions; assign a role instead."))
    if groups is not None and any(g.name not in ROLE_NAMES for g in groups):
        raise PermissionDenied(_("Only the portal's roles can be assigned."))


@transaction.atomic
def user_save(
    *,
    actor: Any,
    user: User,
    groups: Iterable[Group] | None = None,
    permissions: Iterable[Permission] | None = None,
    password_changed: bool = False,
) -> User:
    """Create or change an account (its fields as set on ``user``), its roles and permissions.

    ``groups`` and ``permissions`` are the complete new sets, or None to leave them. A
    non-superuser's choice of groups is applied to the portal's roles only: groups outside
    the roles that the account already has (given by a superuser) are kept.
    """
    created = user.pk is None
    stored = None if created else User.objects.select_for_update().get(pk=user.pk)
    before = None if stored is None else _user_snapshot(stored)
    group_list = None if groups is None else list(groups)
    perm_list = None if permissions is None else list(permissions)
    _check_user_change(actor=actor, before=before, user=user, groups=group_list, permissions=perm_list)
    user.save()
    if group_list is not None:
        if stored is not None and not (actor is None or actor.is_superuser):
            group_list += list(stored.groups.exclude(name__in=ROLE_NAMES))
        user.groups.set(group_list)
    if perm_list is not None:
        user.user_permissions.set(perm_list)
    after = _user_snapshot(user)
    changes = _diff(before or {}, after)
    if password_changed or created:
        changes["password"] = {"changed": True}  # never the hash
    if not changes:
        return user
    action, from_state, to_state = _lifecycle_action("core.user", created, changes)
    audit_record(
        action=action, actor=actor, obj=user, from_state=from_state, to_state=to_state, data={"changes": changes}
    )
    if not user.is_active and not created and "is_active" in changes:
        user_sessions_end(user=user)
    return user


@transaction.atomic
def user_password_changed(*, actor: Any, user: User) -> None:
    """Record a password set by someone else (the admin's password form); never the password."""
    if actor is not None and not actor.is_superuser and user.is_superuser:
        raise PermissionDenied(_("Only a superuser can change a superuser's account."))
    audit_record(action="core.user.password", actor=actor, obj=user, data={"changes": {"password": {"changed": True}}})


def user_sessions_end(*, user: User) -> int:
    """Delete every session of ``user``: a deactivated account is signed out at once.

    Sessions live in the database (Django's default engine); a session only names its user
    inside its encoded data, so the open ones are decoded. The number open at once is small
    (staff of one district).
    """
    ended = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            ended.append(session.session_key)
    Session.objects.filter(session_key__in=ended).delete()
    return len(ended)


# --- groups ---


@transaction.atomic
def group_save(*, actor: Any, group: Group, permissions: Iterable[Permission] | None = None) -> Group:
    """Create or change a group and its permissions: superusers only."""
    if actor is not None and not actor.is_superuser:
        raise PermissionDenied(_("Only a superuser can change groups and their permissions."))
    created = group.pk is None
    before = (
        {}
        if created
        else {
            "name": Group.objects.get(pk=group.pk).name,
            "permissions": _perm_labels(group.permissions.select_related("content_type")),
        }
    )
    group.save()
    if permissions is not None:
        group.permissions.set(list(permissions))
    after = {"name": group.name, "permissions": _perm_labels(group.permissions.select_related("content_type"))}
    changes = _diff(before, after)
    if changes or created:
        audit_record(
            action="auth.group.create" if created else "auth.group.update",
            actor=actor,
            obj=group,
            data={"changes": changes},
        )
    return group


# --- agencies ---


@transaction.atomic
def agency_save(*, actor: Any, agency: Agency) -> Agency:
    """Create or change an agency (deactivate by ``is_active``, never delete)."""
    created = agency.pk is None
    before = {} if created else _fields(Agency.objects.select_for_update().get(pk=agency.pk), AGENCY_FIELDS)
    agency.save()
    changes = _diff(before, _fields(agency, AGENCY_FIELDS))
    if changes or created:
        action, from_state, to_state = _lifecycle_action("core.agency", created, changes)
        audit_record(
            action=action, actor=actor, obj=agency, from_state=from_state, to_state=to_state, data={"changes": changes}
        )
    return agency


# --- civil servants ---


@transaction.atomic
def civil_servant_save(*, actor: Any, person: CivilServant) -> CivilServant:
    """Create or change a civil servant's file. The ID number is audited as "changed" only."""
    created = person.pk is None
    stored = None if created else CivilServant.objects.select_for_update().get(pk=person.pk)
    before = {} if stored is None else _fields(stored, CIVIL_SERVANT_FIELDS)
    person.save()
    changes = _diff(before, _fields(person, CIVIL_SERVANT_FIELDS))
    if created or (stored is not None and stored.id_number_hash != person.id_number_hash):
        changes["id_number"] = {"changed": True}  # never the number, not even masked
    if changes:
        audit_record(
            action="core.civilservant.create" if created else "core.civilservant.update",
            actor=actor,
            obj=person,
            data={"changes": changes},
        )
    return person


# --- two factors ---


def otp_device_pending(*, user: User) -> Any:
    """The unconfirmed TOTP device a staff member is enrolling (created on first visit)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    return device or TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)


@transaction.atomic
def otp_device_confirm(*, user: User, device: Any, token: str) -> bool:
    """Confirm ``device`` with a first code from the app: from then on every sign-in needs one."""
    from django_otp import user_has_device

    if device.user_id != user.pk or device.confirmed or user_has_device(user, confirmed=True):
        raise PermissionDenied(_("A device is already enrolled; ask a superuser to remove it first."))
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(action="core.user.otp_enrol", actor=user, obj=user, data={"device": device.persistent_id})
    return True


# --- civil servants' sign-in accounts (issue 10, item 1) ---


def may_create_sign_in(actor: Any, person: CivilServant) -> bool:
    """The credit office, or a reviewer of the person's own agency."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return False
    if actor.is_credit_office:
        return True
    return bool(actor.is_staff and actor.agency_id == person.agency_id and actor.has_role(Role.REVIEWER))


def password_link(*, user: User, base_url: str) -> str:
    """A one-time link to set the password: the token dies once the password is set."""
    from django.contrib.auth.tokens import default_token_generator
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return base_url.rstrip("/") + reverse("core:password_set", args=[uid, default_token_generator.make_token(user)])


def _mail_password_link(*, user: User, base_url: str) -> None:
    import logging

    from django.core.mail import send_mail

    link = password_link(user=user, base_url=base_url)
    subject = _("Your sign-in to the Huaiyin integrity portal")
    body = _(
        "An account %(username)s has been created for you to see your integrity file, file objections "
        "and follow them. Set your password (at least 12 characters) with this link; it works once:\n\n%(link)s"
    ) % {"username": user.username, "link": link}
    try:
        send_mail(subject, body, None, [user.email])
    except OSError:  # the account is saved; the link can be sent again from the admin
        logging.getLogger(__name__).warning("password link for %s not mailed", user.username, exc_info=True)


@transaction.atomic
def civil_servant_sign_in_create(*, actor: Any, person: CivilServant, username: str, email: str, base_url: str) -> User:
    """A sign-in account for a civil servant, linked to their file, without a password: the
    one-time link to set it goes by mail when the transaction commits. Sending again for an
    account without a usable password makes a new link (the old one still works until used)."""
    from django.core.exceptions import ValidationError

    person = CivilServant.objects.select_for_update().get(pk=person.pk)
    if not may_create_sign_in(actor, person):
        raise PermissionDenied(_("Only the credit office or a reviewer of the person's agency can do this."))
    if person.user_id is not None:
        user = person.user
        assert user is not None
        if user.has_usable_password():
            raise ValidationError({"username": [_("This civil servant already has an account with a password.")]})
        audit_record(action="core.user.password_link", actor=actor, obj=user)
    else:
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError({"username": [_("This username is taken.")]})
        user = User(username=username, email=email, last_name=person.name, is_staff=False)
        user.set_unusable_password()
        user_save(actor=actor, user=user, groups=[Group.objects.get(name=Role.CIVIL_SERVANT.value)])
        person.user = user
        civil_servant_save(actor=actor, person=person)
    transaction.on_commit(lambda: _mail_password_link(user=user, base_url=base_url))
    return user
