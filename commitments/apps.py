from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "commitments"
    verbose_name = _("Government commitments")

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy

        from commitments.evaluation import register_terms
        from commitments.models import Commitment
        from commitments.reports import register_sections
        from commitments.services.clocks import recompute_publication_due
        from commitments.services.sharing import commitment_sharing_payload
        from core.roles import Role, register_role_permissions
        from core.services.calendar import register_deadline_recomputer
        from core.services.notifications import register_notification_kind
        from core.services.sharing import register_sharing_subject

        entry = [
            "commitments.view_commitment",
            "commitments.add_commitment",
            "commitments.change_commitment",
        ]  # targets, milestones and counterparties are edited with their commitment (its inlines)
        progress = ["commitments.view_progressupdate", "commitments.add_progressupdate"]
        register_role_permissions(
            {
                Role.CREDIT_OFFICE: [*entry, *progress],
                Role.CLERK: [*entry, *progress],
                Role.REVIEWER: ["commitments.view_commitment", *progress],
            }
        )
        register_notification_kind("commitments.publication.reminder", gettext_lazy("Commitment publication due soon"))
        register_notification_kind("commitments.publication.overdue", gettext_lazy("Commitment publication overdue"))
        register_notification_kind("commitments.milestone.reminder", gettext_lazy("Commitment milestone due soon"))
        register_notification_kind("commitments.milestone.overdue", gettext_lazy("Commitment milestone overdue"))
        # A calendar edit recomputes the publication clocks of unpublished commitments.
        register_deadline_recomputer(recompute_publication_due)
        # Publication, revocation and each outcome go to the city credit platform (plan item 7).
        register_sharing_subject(Commitment, commitment_sharing_payload)
        # Fulfilled and breached commitments are terms of the integrity evaluation.
        register_terms()
        # An agency's credit report lists the commitments it breached.
        register_sections()
        from commitments import dashboard

        dashboard.register()  # the credit office dashboard's reviews and overdue milestones
