from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = _("Integrity records")

    def ready(self) -> None:
        from core.roles import Role, register_role_permissions

        register_role_permissions({Role.CREDIT_OFFICE: ["records.view_integrityfact"]})
