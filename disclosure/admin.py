"""Back office for administrative actions: entry, review, bulk import, overdue dashboard.

Every change goes through disclosure.services (audited, permission-checked); the admin only
collects input. Staff see only their own agency's items (`visible_to`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.admin import ReadOnlyAdmin
from core.roles import Role
from core.workflow import EDITABLE_STATUSES, WorkflowError
from disclosure.models import PENALTY_CATEGORIES, ActionKind, AdministrativeAction, ImportJob
from disclosure.selectors import late_publications
from disclosure.services import actions as services
from disclosure.services.actions import DUPLICATE_MESSAGE
from disclosure.services.imports import error_report_csv, template_csv

MOVES: dict[str, Callable[..., Any]] = {
    "submit": services.action_submit,
    "publish": services.action_publish,
    "return": services.action_return,
    "revoke": services.action_revoke,
}
NEEDS_REASON = {"return", "revoke"}


class ActionForm(forms.ModelForm):
    id_number = forms.CharField(
        label=gettext_lazy("ID document number (证件号码)"), required=False, max_length=30,
        help_text=gettext_lazy("Natural persons only. Stored encrypted, never published. Leave blank to keep."),
    )
    penalty_categories = forms.MultipleChoiceField(
        label=gettext_lazy("penalty categories (处罚类别)"), required=False,
        choices=list(PENALTY_CATEGORIES.items()), widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = AdministrativeAction
        exclude = ["agency", "status",  # noqa: DJ006 - workflow and clock fields are never typed in "created_by", "submitted_by", "submitted_at", "reviewed_by", "published_at",
                   "return_reason", "revoked_at", "revoke_reason", "due_on", "public_until", "left_public_at"]


@admin.register(AdministrativeAction)
class AdministrativeActionAdmin(admin.ModelAdmin):
    form = ActionForm
    list_display = ["document_number", "kind", "counterparty_name", "agency", "decision_date", "status", "due_on", "published_at"]
    list_filter = ["status", "kind", "tier", "use_scope"]
    search_fields = ["document_number", "document_name", "counterparty_name"]
    list_select_related = ["agency"]
    date_hierarchy = "decision_date"
    readonly_fields = ["status", "due_on", "public_until", "submitted_by", "reviewed_by", "published_at", "return_reason", "revoke_reason"]
    actions = ["submit_selected", "publish_selected"]
    change_form_template = "admin/disclosure/administrativeaction/change_form.html"
    change_list_template = "admin/disclosure/administrativeaction/change_list.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[AdministrativeAction]:
        return AdministrativeAction.objects.visible_to(request.user).select_related("agency")

    def get_list_display(self, request: HttpRequest) -> Any:
        user: Any = request.user
        # Staff of one agency only ever see their own agency: the column would only take room.
        return [f for f in self.list_display if user.is_credit_office or f != "agency"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # never lose a record: revoke instead

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.status not in EDITABLE_STATUSES:
            return False  # only drafts and returned items are edited; the rest are moves
        return super().has_change_permission(request, obj)

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        if obj is not None:
            form.base_fields["penalty_categories"].initial = obj.penalty_categories
        user: Any = request.user
        agency_id = obj.agency_id if obj is not None else user.agency_id

        class AgencyBound(form):  # type: ignore[misc, valid-type]
            """Runs the model's rules inside the form, so an error keeps what the clerk typed."""

            def clean(self) -> dict[str, Any]:
                data = super().clean()
                self.instance.agency_id = agency_id
                if data.get("id_number"):
                    self.instance.id_number = data["id_number"]
                number = data.get("document_number")
                same = AdministrativeAction.objects.filter(agency_id=agency_id, document_number=number)
                if number and same.exclude(pk=self.instance.pk).exists():
                    self.add_error("document_number", str(DUPLICATE_MESSAGE))
                return data

        return AgencyBound

    def save_model(self, request: HttpRequest, obj: AdministrativeAction, form: Any, change: bool) -> None:
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("id_number",)}
        id_number = form.cleaned_data.get("id_number") or ""
        if change:
            fresh = AdministrativeAction.objects.get(pk=obj.pk)
            saved = services.action_update(action=fresh, actor=request.user, data=data, id_number=id_number or None)
        else:
            saved = services.action_create(actor=request.user, data=data, id_number=id_number)
        obj.pk = saved.pk

    def _changeform_view(self, request: HttpRequest, object_id: Any, form_url: str, extra_context: Any) -> Any:
        # Turn service-level errors into form-level messages instead of a 500.
        try:
            return super()._changeform_view(request, object_id, form_url, extra_context)  # type: ignore[misc]
        except ValidationError as exc:
            messages.error(request, "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items()))
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        return HttpResponseRedirect(request.get_full_path())

    @admin.action(description=gettext_lazy("Submit selected for review"))
    def submit_selected(self, request: HttpRequest, queryset: QuerySet[AdministrativeAction]) -> None:
        self._bulk(request, queryset, services.action_submit)

    @admin.action(description=gettext_lazy("Publish selected"))
    def publish_selected(self, request: HttpRequest, queryset: QuerySet[AdministrativeAction]) -> None:
        self._bulk(request, queryset, services.action_publish)

    def _bulk(self, request: HttpRequest, queryset: QuerySet[AdministrativeAction], move: Any) -> None:
        done, failed = 0, []
        for item in queryset:
            try:
                move(action=item, actor=request.user)
                done += 1
            except (WorkflowError, PermissionDenied) as exc:
                failed.append(f"{item.document_number}: {exc}")
        if done:
            messages.success(request, _("%(n)d items done.") % {"n": done})
        for failure in failed[:20]:
            messages.error(request, failure)

    def get_urls(self) -> list[Any]:
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/move/<str:move>/", wrap(self.move_view), name="disclosure_action_move"),
            path("import/", wrap(self.import_view), name="disclosure_action_import"),
            path("template/<str:kind>.csv", wrap(self.template_view), name="disclosure_action_template"),
            path("late/", wrap(self.late_view), name="disclosure_action_late"),
            *super().get_urls(),
        ]

    def move_view(self, request: HttpRequest, pk: int, move: str) -> HttpResponse:
        if request.method != "POST" or move not in MOVES:
            raise Http404
        item = get_object_or_404(self.get_queryset(request), pk=pk)
        kwargs = {"reason": request.POST.get("reason", "")} if move in NEEDS_REASON else {}
        try:
            MOVES[move](action=item, actor=request.user, **kwargs)
            messages.success(request, _("Done: %(doc)s") % {"doc": item.document_number})
        except (WorkflowError, PermissionDenied) as exc:
            messages.error(request, str(exc))
        return HttpResponseRedirect(reverse("admin:disclosure_administrativeaction_change", args=[pk]))

    def import_view(self, request: HttpRequest) -> HttpResponse:
        user: Any = request.user
        if not (user.agency_id and user.has_role(Role.CLERK)):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            job = ImportJob.objects.create(
                agency_id=user.agency_id, kind=form.cleaned_data["kind"], file=upload,
                original_name=upload.name[:200], created_by=user, submit=form.cleaned_data["submit"],
            )
            from django.db import transaction

            from disclosure.tasks import run_import

            transaction.on_commit(lambda: run_import.delay(job.pk))
            return HttpResponseRedirect(reverse("admin:disclosure_importjob_change", args=[job.pk]))
        context = {**self.admin_site.each_context(request), "form": form, "kinds": ActionKind.choices,
                   "title": _("Import administrative actions"), "opts": self.model._meta}
        return TemplateResponse(request, "admin/disclosure/import.html", context)

    def template_view(self, request: HttpRequest, kind: str) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        if kind not in ActionKind.values:
            raise Http404
        response = HttpResponse(template_csv(kind), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="template-{kind}.csv"'
        return response

    def late_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        user: Any = request.user
        if not (user.is_credit_office or user.agency_id):
            raise PermissionDenied  # "no agency" must not read as "every agency"
        agency_id = None if user.is_credit_office else user.agency_id
        context = {**self.admin_site.each_context(request), "late": late_publications(agency_id=agency_id),
                   "title": _("Late publications"), "opts": self.model._meta}
        return render(request, "admin/disclosure/late.html", context)


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ActionKind.choices)
    file = forms.FileField(label=gettext_lazy("File (.csv or .xlsx)"))
    submit = forms.BooleanField(label=gettext_lazy("Submit for review after import"), required=False, initial=True)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise ValidationError(_("Only .csv and .xlsx files can be imported."))
        if upload.size > 200 * 1024 * 1024:
            raise ValidationError(_("The file is larger than 200 MB; split it."))
        return upload


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "original_name", "kind", "agency", "state", "rows_done", "rows_imported"]
    readonly_fields = ["original_name", "kind", "agency", "created_by", "created_at", "state", "rows_total",
                       "rows_done", "rows_imported", "error_report"]
    exclude = ["file", "errors", "submit"]
    change_form_template = "admin/disclosure/importjob/change_form.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[ImportJob]:
        user: Any = request.user
        qs = super().get_queryset(request).select_related("agency")
        return qs if user.is_credit_office else qs.filter(agency_id=user.agency_id)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        user: Any = request.user
        return bool(user.is_active and user.is_staff and (user.agency_id or user.is_credit_office))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    @admin.display(description=gettext_lazy("error report"))
    def error_report(self, obj: ImportJob) -> str:
        from django.utils.html import format_html

        if not obj.errors:
            return "—"
        url = reverse("admin:disclosure_importjob_errors", args=[obj.pk])
        return format_html('<a href="{}">{}</a> ({})', url, _("Download the error report"), len(obj.errors))

    def get_urls(self) -> list[Any]:
        return [path("<int:pk>/errors.csv", self.admin_site.admin_view(self.errors_view), name="disclosure_importjob_errors"),
                *super().get_urls()]

    def errors_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = get_object_or_404(self.get_queryset(request), pk=pk)
        response = HttpResponse(error_report_csv(job.errors), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-errors.csv"'
        return response


