from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "disclosure"
    verbose_name = _("Public disclosure")

    def ready(self) -> None:
        from core.roles import Role, register_role_permissions
        from core.services.calendar import register_deadline_recomputer
        from core.services.takedowns import register_takedown_handler
        from disclosure.models import AdministrativeAction
        from disclosure.services.actions import takedown_handler
        from disclosure.services.clock import recompute_publication_due

        register_role_permissions(
            {
                Role.CREDIT_OFFICE: [
                    "disclosure.view_administrativeaction",
                    "disclosure.view_importjob",
                    "disclosure.view_takedown",
                ],
                Role.CLERK: [
                    "disclosure.view_administrativeaction",
                    "disclosure.add_administrativeaction",
                    "disclosure.change_administrativeaction",
                    "disclosure.view_importjob",
                ],
                Role.REVIEWER: ["disclosure.view_administrativeaction", "disclosure.view_importjob"],
            }
        )
        from django.utils.translation import gettext_lazy

        from core.services.notifications import register_notification_kind

        register_notification_kind("disclosure.publication.reminder", gettext_lazy("Publication due soon"))
        register_notification_kind("disclosure.publication.overdue", gettext_lazy("Publication overdue"))
        # A calendar edit recomputes the publication clocks it affects.
        register_deadline_recomputer(recompute_publication_due)
        # A repair or an objection answered by revoking (objections app) takes an action down.
        register_takedown_handler(AdministrativeAction, takedown_handler)
        # Its counterparty may object to a published decision from its public page (objections app).
        from core.services.objectables import register_objectable
        from disclosure.services.objectable import objectable

        register_objectable(AdministrativeAction, objectable())
        from disclosure import dashboard

        dashboard.register()  # the credit office dashboard's reviews, overdue and on-time figures
