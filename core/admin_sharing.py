"""The credit office's view of the sharing outbox: read-only rows, the replay action, and the
warning while sharing is off (core/services/sharing.py)."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .models import SharingMessage
from .roles import Role
from .services.sharing import ReplayRefused, may_replay, sharing_replay_dead, sharing_status


def sharing_warnings(user: Any) -> list[str]:
    """What the credit office must know about sharing, for the admin home and the list."""
    if not (user.is_active and (user.is_superuser or user.has_role(Role.CREDIT_OFFICE))):
        return []
    status = sharing_status()
    warnings = []
    if not status.on:
        warnings.append(
            _(
                "Sharing to the city credit platform is off (CITY_PLATFORM_URL and CITY_PLATFORM_KEY are not set): "
                "%(count)d messages are waiting and nothing is sent."
            )
            % {"count": status.pending}
        )
    if status.dead:
        warnings.append(
            ngettext(
                "%(count)d message to the city credit platform failed and waits for a replay.",
                "%(count)d messages to the city credit platform failed and wait for a replay.",
                status.dead,
            )
            % {"count": status.dead}
        )
    return warnings


@admin.register(SharingMessage)
class SharingMessageAdmin(admin.ModelAdmin):
    """Rows are written by the services only; the credit office reads them and replays the dead."""

    list_display = ["created_at", "kind", "subject_repr", "state", "attempts", "next_attempt_at", "sent_at", "error"]
    list_filter = ["state", "kind", "subject_type"]
    search_fields = ["idempotency_key", "subject_id", "subject_repr"]
    date_hierarchy = "created_at"
    actions = ["replay"]
    readonly_fields = [
        "kind",
        "subject_type",
        "subject_id",
        "subject_repr",
        "state",
        "attempts",
        "replays",
        "next_attempt_at",
        "last_error",
        "created_at",
        "sent_at",
        "idempotency_key",
        "payload_json",
    ]
    fields = tuple(readonly_fields)

    def _is_office(self, request: HttpRequest) -> bool:
        user: Any = request.user
        return bool(user.is_active and (user.is_superuser or user.has_role(Role.CREDIT_OFFICE)))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._is_office(request) and super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The credit office and the superuser only, whatever single permission someone was given.
        return self._is_office(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_replay_permission(self, request: HttpRequest) -> bool:
        return self._is_office(request) and may_replay(request.user)

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        if request.method == "GET":
            for warning in sharing_warnings(request.user):
                messages.warning(request, warning)
        return super().changelist_view(request, extra_context)

    @admin.display(description=gettext_lazy("last error"))
    def error(self, obj: SharingMessage) -> str:
        return obj.last_error[:80]

    @admin.display(description=gettext_lazy("payload (what is sent)"))
    def payload_json(self, obj: SharingMessage) -> str:
        return format_html("<pre>{}</pre>", json.dumps(obj.payload, ensure_ascii=False, indent=2, sort_keys=True))

    @admin.action(description=gettext_lazy("Replay the selected failed messages"), permissions=["replay"])
    def replay(self, request: HttpRequest, queryset: QuerySet[SharingMessage]) -> None:
        chosen = list(queryset.values_list("pk", "state"))
        dead = [pk for pk, state in chosen if state == SharingMessage.State.DEAD]
        try:
            count = sharing_replay_dead(actor=request.user, via="admin", ids=dead)
        except (PermissionDenied, ReplayRefused) as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        if count:
            self.message_user(
                request,
                ngettext("%(count)d message will be sent again.", "%(count)d messages will be sent again.", count)
                % {"count": count},
                messages.SUCCESS,
            )
        skipped = len(chosen) - count
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d message was not replayed: only failed messages can be.",
                    "%(count)d messages were not replayed: only failed messages can be.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
