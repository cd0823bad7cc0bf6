from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = _("Integrity records")

    def ready(self) -> None:
        from core.roles import Role, register_role_permissions
        from core.services.notifications import register_notification_kind
        from core.services.sharing import register_sharing_subject
        from core.services.takedowns import register_takedown_handler
        from records import evaluation  # noqa: F401  (registers the formula's terms and its check)
        from records.models import CreditRecord, RecordNotice
        from records.services.records import takedown_handler
        from records.services.sharing import record_sharing_payload

        record_perms = ["records.view_creditrecord", "records.add_creditrecord", "records.change_creditrecord"]
        sanction_perms = ["records.view_sanction", "records.add_sanction", "records.change_sanction"]
        register_role_permissions(
            {
                Role.CREDIT_OFFICE: [
                    "records.view_integrityfact",
                    *record_perms,
                    *sanction_perms,
                    "records.view_recordtakedown",
                    "records.view_evaluationsnapshot",
                    "records.view_issuedreport",
                    "records.view_apiclient",
                    "records.add_apiclient",
                ],
                Role.CLERK: [*record_perms, *sanction_perms],
                # A reviewer reads sanctions and lifts one (records.services.sanctions.sanction_lift).
                Role.REVIEWER: ["records.view_creditrecord", "records.view_sanction", "records.change_sanction"],
            }
        )
        register_notification_kind(RecordNotice.KIND_PUBLISHED, _("Dishonesty record published"))
        register_notification_kind("records.sanction_due.reminder", _("Sanction due soon"))
        register_notification_kind("records.sanction_due.overdue", _("Sanction deadline missed"))
        # A repair or an objection answered by revoking (objections app) takes a record down.
        register_takedown_handler(CreditRecord, takedown_handler)
        # What the city credit platform is told of a record (R-3): records' own presenter.
        register_sharing_subject(CreditRecord, record_sharing_payload)
        from records import dashboard

        dashboard.register()  # the credit office dashboard's reviews, sanctions and evaluation
