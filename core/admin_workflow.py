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

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integrity.lib.errors import ApplicationError

from .workflow import (
    EDITABLE_STATUSES,
    OPEN_STATUSES,
    PUBLISH,
    SUBMIT,
    Reviewable,
    Status,
    has_any_role,
    item_move,
    moves_for,
)

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


def messages_from(exc: Exception) -> list[str]:
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            return [f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items()]
        return list(exc.messages)
    return [str(exc)]


class EntryRefused(Exception):
    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


class DueStateFilter(admin.SimpleListFilter):
    """Open items by their stored due date: what is late, and what falls due within days."""

    title = gettext_lazy("deadline")
    parameter_name = "due"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("overdue", gettext_lazy("Overdue")), ("soon", gettext_lazy("Due soon"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return due_state(queryset, self.value()) if self.value() else queryset


def due_state(queryset: QuerySet[Any], state: str | None, today: dt.date | None = None) -> QuerySet[Any]:
    today = today or timezone.localdate()
    open_items = queryset.filter(status__in=OPEN_STATUSES)
    if state == "overdue":
        return open_items.filter(due_on__lt=today)
    if state == "soon":
        return open_items.filter(due_on__gte=today, due_on__lte=today + dt.timedelta(days=SOON_DAYS))
    return queryset


# Calendar days ahead that count as "due soon" on the work queue and the list filter.
SOON_DAYS = 2
# The clerk's list: what needs their hand first (returned, then drafts), then the rest.
WORK_ORDER = Case(
    When(status=Status.RETURNED, then=Value(0)),
    When(status=Status.DRAFT, then=Value(1)),
    When(status=Status.SUBMITTED, then=Value(2)),
    default=Value(3),
)


class ReviewableAdminMixin(admin.ModelAdmin):
    change_form_template = "admin/core/reviewable/change_form.html"
    actions = ["submit_selected", "publish_selected"]
    # (item, *, move, actor, reason) -> item; the app's own service when moves have side effects.
    workflow_service: Callable[..., Any] = staticmethod(item_move)
    # Read-only fields of the model's own, shown after the workflow fields (clock dates, say).
    extra_readonly_fields: list[str] = []

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [*WORKFLOW_DISPLAY, *self.extra_readonly_fields]

    def get_list_filter(self, request: HttpRequest) -> Any:
        extra = [DueStateFilter] if any(f.name == "due_on" for f in self.model._meta.fields) else []
        return [*super().get_list_filter(request), *extra]

    def get_list_display(self, request: HttpRequest) -> Any:
        columns = list(super().get_list_display(request))
        if has_any_role(request.user, self.model.policy.review_roles) and "submitted_by" not in columns:
            # A reviewer sees who submitted and when: what they may not publish is their own.
            at = columns.index("status") + 1 if "status" in columns else len(columns)
            columns[at:at] = ["submitted_by", "submitted_at"]
        return columns

    def get_ordering(self, request: HttpRequest) -> Any:
        if has_any_role(request.user, self.model.policy.enter_roles):
            return [WORK_ORDER.asc(), "-id"]
        return super().get_ordering(request) or ["-id"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # never lose a record: revoke instead

    def has_add_permission(self, request: HttpRequest) -> bool:
        # The policy decides who enters, for an item of the person's own agency: a role alone is
        # not enough (a deactivated agency's clerk holds the role and the model permission).
        user: Any = request.user
        blank = self.model(agency_id=getattr(user, "agency_id", None))
        return super().has_add_permission(request) and blank.policy.may_enter(user, blank)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and (obj.status not in EDITABLE_STATUSES or not obj.policy.may_enter(request.user, obj)):
            return False  # only drafts and returned items are edited, by whom may enter them; the rest are moves
        return super().has_change_permission(request, obj)

    # --- the change page ---

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        obj = self.get_object(request, object_id)
        if obj is None:
            # Outside visible_to: "does not exist", in the site's 404 page, before any
            # permission check can tell a stranger that it does.
            raise Http404
        moves = moves_for(request.user, obj)
        context = {
            **(extra_context or {}),
            "workflow_moves": moves,
            "workflow_move_url": f"admin:{self._move_url_name()}",
        }
        return super().change_view(request, object_id, form_url, context)

    def save_entry(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Create or update through the model's services; the default saves the form."""
        super().save_model(request, obj, form, change)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        try:
            self.save_entry(request, obj, form, change)
        except (ValidationError, ApplicationError, PermissionDenied) as exc:
            raise EntryRefused(messages_from(exc)) from exc

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
        except EntryRefused as refused:
            for message in refused.messages:
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


@dataclass(frozen=True)
class QueueEntry:
    label: str
    count: int
    url: str


def work_queue(request: HttpRequest, site: admin.AdminSite | None = None) -> list[tuple[str, list[QueueEntry]]]:
    """Per reviewable model the user may see: what waits for them, with links to the filtered list.

    One aggregate query per model, over the same `visible_to` queryset as its list.
    """
    user: Any = request.user
    today = timezone.localdate()
    out = []
    for model, model_admin in (site or admin.site)._registry.items():
        if not (issubclass(model, Reviewable) and model_admin.has_view_permission(request)):
            continue
        policy = model.policy
        queryset = model_admin.get_queryset(request)
        mine = Q(submitted_by=user) | Q(created_by=user) | Q(last_edited_by=user)
        wanted: dict[str, tuple[Any, Q, str]] = {}
        if has_any_role(user, policy.review_roles) or user.is_credit_office:
            wanted["review"] = (
                gettext_lazy("To review"),
                Q(status=Status.SUBMITTED) & ~mine,
                "status__exact=submitted",
            )
        if has_any_role(user, policy.enter_roles):
            wanted["returned"] = (gettext_lazy("Returned"), Q(status=Status.RETURNED), "status__exact=returned")
            wanted["draft"] = (gettext_lazy("Drafts"), Q(status=Status.DRAFT), "status__exact=draft")
        if any(f.name == "due_on" for f in model._meta.fields):
            open_items = Q(status__in=OPEN_STATUSES)
            soon = Q(due_on__gte=today, due_on__lte=today + dt.timedelta(days=SOON_DAYS))
            wanted["overdue"] = (gettext_lazy("Overdue"), open_items & Q(due_on__lt=today), "due=overdue")
            wanted["soon"] = (gettext_lazy("Due soon"), open_items & soon, "due=soon")
        if not wanted:
            continue
        counts = queryset.order_by().aggregate(**{k: Count("pk", filter=q) for k, (_, q, _) in wanted.items()})
        base = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        entries = [QueueEntry(str(label), counts[k], f"{base}?{query}") for k, (label, _, query) in wanted.items()]
        out.append((str(model._meta.verbose_name_plural), entries))
    return out
