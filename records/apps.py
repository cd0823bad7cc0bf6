from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = _("Integrity records")

    def ready(self) -> None:
        from core.roles import Role, register_role_permissions
        from core.services.takedowns import register_takedown_handler
        from records import evaluation  # noqa: F401  (registers the formula's terms and its check)
        from records.models import CreditRecord
        from records.services.records import takedown_handler

        record_perms = ["records.view_creditrecord", "records.add_creditrecord", "records.change_creditrecord"]
        register_role_permissions(
            {
                Role.CREDIT_OFFICE: [
                    "records.view_integrityfact",
                    *record_perms,
                    "records.view_recordtakedown",
                    "records.view_evaluationsnapshot",
                    "records.view_issuedreport",
                    "records.view_apiclient",
                    "records.add_apiclient",
                ],
                Role.CLERK: record_perms,
                Role.REVIEWER: ["records.view_creditrecord"],
            }
        )
        # A repair or an objection answered by revoking (objections app) takes a record down.
        register_takedown_handler(CreditRecord, takedown_handler)
