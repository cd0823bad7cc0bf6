from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObjectionsConfig(AppConfig):
    name = "objections"
    verbose_name = _("Objections and credit repair")

    def ready(self) -> None:
        from core.roles import Role, register_role_permissions
        from core.services.calendar import register_deadline_recomputer
        from core.services.marks import register_any_item_mark_provider, register_mark_provider
        from core.services.notifications import register_notification_kind
        from objections.services.clock import recompute_objection_due
        from objections.services.marks import pending_item_marks, pending_objection_marks
        from objections.services.repair_clock import recompute_repair_due
        from objections.services.repair_marks import repair_marks
        from records.models import CreditRecord

        register_role_permissions(
            {
                Role.CREDIT_OFFICE: ["objections.view_objection", "objections.view_repairrequest"],
                Role.REVIEWER: [
                    "objections.view_objection",
                    "objections.change_objection",
                    "objections.view_repairrequest",
                    "objections.change_repairrequest",
                ],
                Role.CLERK: ["objections.view_objection", "objections.view_repairrequest"],
            }
        )
        register_notification_kind("objections.filed", _("New objection"))
        register_notification_kind("objections.answered", _("Objection answered"))
        register_notification_kind("objections.answer.reminder", _("Objection answer due soon"))
        register_notification_kind("objections.answer.overdue", _("Objection answer overdue"))
        register_notification_kind("objections.repair.filed", _("New credit repair request"))
        register_notification_kind("objections.repair.accepted", _("Credit repair request accepted"))
        register_notification_kind("objections.repair.decided", _("Credit repair request decided"))
        register_notification_kind("objections.repair_accept.reminder", _("Credit repair acceptance due soon"))
        register_notification_kind("objections.repair_accept.overdue", _("Credit repair acceptance overdue"))
        register_notification_kind("objections.repair_decide.reminder", _("Credit repair decision due soon"))
        register_notification_kind("objections.repair_decide.overdue", _("Credit repair decision overdue"))
        register_deadline_recomputer(recompute_repair_due)
        register_mark_provider(CreditRecord, repair_marks)
        # A calendar edit (or the next year loaded) re-derives the open answer deadlines.
        register_deadline_recomputer(recompute_objection_due)
        # 「异议处理中」 on a record while an objection to it is open, read from the objection.
        register_mark_provider(CreditRecord, pending_objection_marks)
        register_any_item_mark_provider(pending_item_marks)
        from objections import dashboard

        dashboard.register()  # the credit office dashboard's overdue objections
