"""What runs after every migrate (and every test flush): the roles' permissions and the
official working-day calendar, both idempotent."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission

from .roles import role_permissions


def ensure_roles() -> None:
    for role, perms in role_permissions().items():
        group, _ = Group.objects.get_or_create(name=role.value)
        wanted: list[Permission] = []
        for perm in sorted(perms):
            app_label, codename = perm.split(".")
            wanted.extend(Permission.objects.filter(content_type__app_label=app_label, codename=codename))
        group.permissions.set(wanted)


def after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from .services.calendar import calendar_seed_official

    ensure_roles()
    calendar_seed_official()
