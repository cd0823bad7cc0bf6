"""The portal's roles (docs/architecture.md, "Roles"), kept as Django groups with permissions.

Each app declares the model permissions its roles hold with `register_role_permissions` in
its `AppConfig.ready()`; `core.after_migrate.ensure_roles` applies the union after every
migrate. Core names only its own permissions. Object-level limits (own agency, own file)
come on top, from the `visible_to` querysets and the review policies.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum


class Role(StrEnum):
    CLERK = "clerk"  # 录入员
    REVIEWER = "reviewer"  # 审核员
    OVERSEER = "overseer"  # 纪检监察、审计、上级部门
    CREDIT_OFFICE = "credit_office"  # 区信用办
    CIVIL_SERVANT = "civil_servant"  # 公务员


_permissions: dict[Role, set[str]] = {role: set() for role in Role}


def register_role_permissions(permissions: Mapping[Role, Iterable[str]]) -> None:
    """Grant model permissions ("app_label.codename") to roles; idempotent."""
    for role, perms in permissions.items():
        _permissions[Role(role)].update(perms)


def role_permissions() -> dict[Role, frozenset[str]]:
    return {role: frozenset(perms) for role, perms in _permissions.items()}


CORE_ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.CREDIT_OFFICE: [
        "core.view_agency",
        "core.add_agency",
        "core.change_agency",
        "core.view_civilservant",
        "core.add_civilservant",
        "core.change_civilservant",
        "core.view_full_id_number",
        "core.view_user",
        "core.add_user",
        "core.change_user",
        "core.view_calendaryear",
        "core.view_calendarday",
        "core.add_calendarday",  # sets one day of a covered year (core/admin_calendar.py)
        "core.change_calendarday",
        "core.view_auditevent",
        "core.view_notification",
        "core.view_sharingmessage",
        "core.replay_sharingmessage",
    ],
    Role.CLERK: [
        "core.view_agency",
        "core.view_civilservant",
        "core.add_civilservant",
        "core.change_civilservant",
        "core.view_notification",
    ],
    Role.REVIEWER: ["core.view_agency", "core.view_civilservant", "core.view_notification"],
    Role.OVERSEER: ["core.view_agency", "core.view_notification"],
    Role.CIVIL_SERVANT: [],
}
