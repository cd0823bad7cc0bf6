from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import m2m_changed, post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True
    name = "core"
    verbose_name = _("Organisations, people and calendar")

    def ready(self) -> None:
        from . import after_migrate, checks
        from .roles import CORE_ROLE_PERMISSIONS, register_role_permissions

        register_role_permissions(CORE_ROLE_PERMISSIONS)
        checks.register()
        from .admin_dashboard import register_core_tiles

        register_core_tiles()  # the dashboard's outbox and calendar numbers (core/services/dashboard.py)
        # post_migrate also runs after a test flush, so roles and the official calendar are
        # always present, and seeding only fills what is missing.
        post_migrate.connect(after_migrate.after_migrate, dispatch_uid="core.after_migrate")
        from .models import User

        m2m_changed.connect(_forget_roles, sender=User.groups.through, dispatch_uid="core.forget_roles")
        # Sign-in controls (core.security): django-axes and django offer these hooks only as signals.
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in

        from .security import record_lockout, stamp_login

        user_locked_out.connect(record_lockout, dispatch_uid="core.record_lockout")
        user_logged_in.connect(stamp_login, dispatch_uid="core.stamp_login")

        from django.conf import settings

        if settings.DB_QUERY_WAIT_SECONDS and settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
            from .db import install_query_deadline

            install_query_deadline(settings.DB_QUERY_WAIT_SECONDS)


def _forget_roles(sender: Any, instance: Any, **kwargs: Any) -> None:
    # A cache, not a rule: the instance whose groups changed answers has_role afresh.
    if hasattr(instance, "forget_roles"):
        instance.forget_roles()


class PortalAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the portal's site: a second factor for staff (core.admin_site)."""

    default = False  # named in INSTALLED_APPS; "core" itself is CoreConfig
    default_site = "core.admin_site.PortalAdminSite"
