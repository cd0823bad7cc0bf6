from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Organisations, people and calendar")

    def ready(self) -> None:
        from . import after_migrate, checks
        from .roles import CORE_ROLE_PERMISSIONS, register_role_permissions

        register_role_permissions(CORE_ROLE_PERMISSIONS)
        checks.register()
        # post_migrate also runs after a test flush, so roles and the official calendar are
        # always present, and seeding only fills what is missing.
        post_migrate.connect(after_migrate.after_migrate, dispatch_uid="core.after_migrate")
        from .models import User

        m2m_changed.connect(_forget_roles, sender=User.groups.through, dispatch_uid="core.forget_roles")


def _forget_roles(sender: Any, instance: Any, **kwargs: Any) -> None:
    # A cache, not a rule: the instance whose groups changed answers has_role afresh.
    if hasattr(instance, "forget_roles"):
        instance.forget_roles()
