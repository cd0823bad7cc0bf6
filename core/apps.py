from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate
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
        from django.conf import settings

        if settings.DB_QUERY_WAIT_SECONDS and settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
            from .db import install_query_deadline

            install_query_deadline(settings.DB_QUERY_WAIT_SECONDS)
