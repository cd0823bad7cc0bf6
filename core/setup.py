"""Idempotent set-up run after every migrate (and every test flush)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission

from .roles import ROLE_PERMISSIONS


def ensure_roles() -> None:
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.value)
        wanted: list[Permission] = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.extend(Permission.objects.filter(content_type__app_label=app_label, codename=codename))
        group.permissions.set(wanted)


def after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from .services.calendar import calendar_seed_official

    ensure_roles()
    calendar_seed_official()
