from __future__ import annotations

from django.apps import AppConfig


class WorkflowAppConfig(AppConfig):
    """A second reviewable model, installed only by the test settings: proof that a new app
    gets the review workflow, its admin and its API by declaring, not copying."""

    name = "tests.workflow_app"
    label = "workflow_app"

    def ready(self) -> None:
        from core.roles import Role, register_role_permissions

        register_role_permissions(
            {
                Role.CREDIT_OFFICE: [
                    "workflow_app.view_pledge",
                    "workflow_app.add_pledge",
                    "workflow_app.change_pledge",
                ],
                Role.REVIEWER: ["workflow_app.view_pledge"],
                Role.CLERK: ["workflow_app.view_pledge"],
            }
        )
