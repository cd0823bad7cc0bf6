"""Admin glue for every reviewable model: the next app declares, it does not copy.

`ReviewableAdminMixin` gives a ModelAdmin of a `core.workflow.Reviewable` model:
- the entry form limited to the model's ENTRY_FIELDS, the workflow fields read-only;
- editing only in the editable states (draft, returned) and only by whom the policy lets enter;
- the move buttons the current user may make on the current item, each in its own form
  placed after the admin's main form (a form nested in another is dropped by browsers);
- bulk submit / publish from the list;
- service errors as messages on the page, never a 500.

The model's own services plug in through ``workflow_service`` (default `item_move`), so
side effects of a move (a takedown on revoke, say) stay in the owning app.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integrity.lib.errors import ApplicationError

from .workflow import EDITABLE_STATUSES, PUBLISH, SUBMIT, Reviewable, item_move, moves_for

# Workflow fields shown (read-only) on the change page, in this order.
WORKFLOW_DISPLAY = [
    "status",
    "submitted_by",
    "submitted_at",
    "reviewed_by",
    "published_at",
    "return_reason",
    "revoke_reason",
]


def _messages_from(exc: Exception) -> list[str]:
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            return [f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items()]
        return list(exc.messages)
    return [str(exc)]


class ReviewableAdminMixin(admin.ModelAdmin):
    change_form_template = "admin/core/reviewable/change_form.html"
    actions = ["submit_selected", "publish_selected"]
    # (item, *, move, actor, reason) -> item; the app's own service when moves have side effects.
    workflow_service: Callable[..., Any] = staticmethod(item_move)
    # Read-only fields of the model's own, shown after the workflow fields (clock dates, say).
    extra_readonly_fields: list[str] = []

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [*WORKFLOW_DISPLAY, *self.extra_readonly_fields]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # never lose a record: revoke instead

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and (obj.status not in EDITABLE_STATUSES or not obj.policy.may_enter(request.user, obj)):
            return False  # only drafts and returned items are edited, by whom may enter them; the rest are moves
        return super().has_change_permission(request, obj)

    # --- the change page ---

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        obj = self.get_object(request, object_id)
        moves = moves_for(request.user, obj) if obj is not None else []
        context = {
            **(extra_context or {}),
            "workflow_moves": moves,
            "workflow_move_url": f"admin:{self._move_url_name()}",
        }
        return super().change_view(request, object_id, form_url, context)

    def _changeform_view(self, request: HttpRequest, object_id: Any, form_url: str, extra_context: Any) -> Any:
        # The admin's own permission checks answer 403 as usual: turned into a message and a
        # redirect to the same URL, a refused add page redirected to itself for ever.
        if object_id is None and not self.has_add_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return super()._changeform_view(request, object_id, form_url, extra_context)  # type: ignore[misc]
        obj = self.get_object(request, object_id) if object_id is not None else None
        if obj is not None and not self.has_change_permission(request, obj):
            raise PermissionDenied  # a POST to a page the user may only view (a published item, say)
        # A service's refusal after the form validated (a lost race, a permission) is a message.
        try:
            return super()._changeform_view(request, object_id, form_url, extra_context)  # type: ignore[misc]
        except (ValidationError, ApplicationError, PermissionDenied) as exc:
            for message in _messages_from(exc):
                messages.error(request, message)
        return HttpResponseRedirect(request.get_full_path())

    # --- moves ---

    def _move_url_name(self) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_move"

    def get_urls(self) -> list[Any]:
        return [
            path("<int:pk>/move/<str:move>/", self.admin_site.admin_view(self.move_view), name=self._move_url_name()),
            *super().get_urls(),
        ]

    def perform_move(self, request: HttpRequest, item: Reviewable, move: str, reason: str = "") -> Any:
        return self.workflow_service(item, move=move, actor=request.user, reason=reason)

    def move_view(self, request: HttpRequest, pk: int, move: str) -> HttpResponse:
        if request.method != "POST":
            raise Http404
        item = get_object_or_404(self.get_queryset(request), pk=pk)
        if move not in item.moves or item.moves[move].by_system:
            raise Http404
        try:
            self.perform_move(request, item, move, request.POST.get("reason", ""))
            messages.success(request, _("%(move)s: done for %(item)s") % {"move": item.moves[move].label, "item": item})
        except (ApplicationError, PermissionDenied) as exc:
            messages.error(request, str(exc))
        return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[pk]))

    @admin.action(description=gettext_lazy("Submit selected for review"))
    def submit_selected(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        self._bulk(request, queryset, SUBMIT.name)

    @admin.action(description=gettext_lazy("Publish selected"))
    def publish_selected(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        self._bulk(request, queryset, PUBLISH.name)

    def _bulk(self, request: HttpRequest, queryset: QuerySet[Any], move: str) -> None:
        done, failed = 0, []
        for item in queryset:
            try:
                self.perform_move(request, item, move)
                done += 1
            except (ApplicationError, PermissionDenied) as exc:
                failed.append(f"{item}: {exc}")
        if done:
            messages.success(request, _("%(n)d items done.") % {"n": done})
        for failure in failed[:20]:
            messages.error(request, failure)
