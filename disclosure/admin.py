"""Back office for administrative actions: entry, review, bulk import, overdue dashboard.

Every change goes through disclosure.services (audited, permission-checked); the admin only
collects input. Staff see only their own agency's items (`visible_to`).
"""

from __future__ import annotations

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
from core.admin_workflow import ReviewableAdminMixin
from core.imports import error_report_csv
from core.workflow import Status
from disclosure.dashboard import PublicationClockFilter
from disclosure.models import PENALTY_CATEGORIES, ActionKind, AdministrativeAction, ImportJob, Tier
from disclosure.selectors import late_publications
from disclosure.services import actions as services
from disclosure.services.actions import DUPLICATE_MESSAGE
from disclosure.services.import_templates import LAYOUTS, PORTAL
from disclosure.services.imports import (
    import_job_confirm,
    import_job_create,
    import_permitted,
    template_csv,
    template_xlsx,
)
from disclosure.standard import standard_names
from integrity.lib.masking import mask_id_number


class ActionForm(forms.ModelForm):
    id_number = forms.CharField(
        label=gettext_lazy("ID document number (证件号码)"),
        required=False,
        max_length=30,
        help_text=gettext_lazy("Natural persons only. Stored encrypted, never published. Leave blank to keep."),
    )
    legal_representative_id_number = forms.CharField(
        label=gettext_lazy("legal representative's certificate number (法定代表人证件号码)"),
        required=False,
        max_length=30,
        help_text=gettext_lazy("Stored encrypted, never published. Leave blank to keep."),
    )
    penalty_categories = forms.MultipleChoiceField(
        label=gettext_lazy("penalty categories (处罚类别)"),
        required=False,
        choices=list(PENALTY_CATEGORIES.items()),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = AdministrativeAction
        # The allow-list: exactly what a clerk may type (disclosure.models); id_number is extra.
        fields = AdministrativeAction.ENTRY_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Each field says its column in the national standard's files (disclosure.standard),
        # so a clerk who knows the 信用中国 layout finds it: "行政处罚决定书文号 / 行政许可决定文书号 (CF_WSH, XK_WSH)".
        for name, form_field in self.fields.items():
            names = standard_names(name)
            if names:
                note = _("In the standard's files: %(names)s") % {"names": names}
                form_field.help_text = f"{form_field.help_text} {note}".strip()


@admin.register(AdministrativeAction)
class AdministrativeActionAdmin(ReviewableAdminMixin, admin.ModelAdmin):
    form = ActionForm
    workflow_service = staticmethod(services.action_move)
    extra_readonly_fields = ["due_on", "public_until"]
    list_display = [
        "document_number",
        "kind",
        "counterparty_name",
        "agency",
        "decision_date",
        "status",
        "due_on",
        "published_at",
    ]
    list_filter = ["status", "kind", "tier", "tier_derived", "use_scope", PublicationClockFilter]
    search_fields = ["document_number", "document_name", "counterparty_name"]
    list_select_related = ["agency"]
    date_hierarchy = "decision_date"
    change_form_template = "admin/disclosure/administrativeaction/change_form.html"
    change_list_template = "admin/disclosure/administrativeaction/change_list.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[AdministrativeAction]:
        return AdministrativeAction.objects.visible_to(request.user).select_related("agency")

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_fields(request, obj))
        if obj is not None and not self.has_change_permission(request, obj):
            # The read-only view would print the decrypted number: masked for every role here.
            shown = {
                "id_number": "masked_id_number",
                "legal_representative_id_number": "masked_legal_representative_id_number",
                "penalty_categories": "penalty_category_names",
            }
            fields = [shown.get(str(f), f) for f in fields]
        return fields

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [
            *super().get_readonly_fields(request, obj),
            "masked_id_number",
            "masked_legal_representative_id_number",
            "penalty_category_names",
        ]

    @admin.display(description=gettext_lazy("penalty categories (处罚类别)"))
    def penalty_category_names(self, obj: AdministrativeAction) -> str:
        return "、".join(obj.penalty_category_labels()) or "—"

    @admin.display(description=gettext_lazy("ID document number (证件号码)"))
    def masked_id_number(self, obj: AdministrativeAction) -> str:
        return mask_id_number(obj.id_number) if obj.id_number_encrypted else "—"

    @admin.display(description=gettext_lazy("legal representative's certificate number (法定代表人证件号码)"))
    def masked_legal_representative_id_number(self, obj: AdministrativeAction) -> str:
        if not obj.legal_representative_id_encrypted:
            return "—"
        return mask_id_number(obj.legal_representative_id_number)

    def id_number_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The full number, one item at a time, for holders of view_full_id_number; audited."""
        if request.method != "POST":
            raise Http404
        item = get_object_or_404(self.get_queryset(request), pk=pk)
        if not request.user.has_perm("core.view_full_id_number") or not item.id_number_encrypted:
            raise PermissionDenied
        services.action_show_id_number(action=item, actor=request.user)
        context = {
            **self.admin_site.each_context(request),
            "item": item,
            "number": item.id_number,
            "title": _("Full ID document number"),
            "opts": self.model._meta,
        }
        response = TemplateResponse(request, "admin/disclosure/id_number.html", context)
        response["Cache-Control"] = "no-store"
        return response

    def get_list_display(self, request: HttpRequest) -> Any:
        user: Any = request.user
        # Staff of one agency only ever see their own agency: the column would only take room.
        return [f for f in super().get_list_display(request) if user.is_credit_office or f != "agency"]

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        if obj is not None and "penalty_categories" in form.base_fields:
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
                if data.get("legal_representative_id_number"):
                    self.instance.legal_representative_id_number = data["legal_representative_id_number"]
                number = data.get("document_number")
                if number and services.duplicate_exists(agency_id, number, exclude_pk=self.instance.pk):
                    self.add_error("document_number", str(DUPLICATE_MESSAGE))
                return data

        return AgencyBound

    def save_entry(self, request: HttpRequest, obj: AdministrativeAction, form: Any, change: bool) -> None:
        data = {k: v for k, v in form.cleaned_data.items() if k in AdministrativeAction.ENTRY_FIELDS}
        id_number = form.cleaned_data.get("id_number") or ""
        rep_number = form.cleaned_data.get("legal_representative_id_number") or ""
        if change:
            fresh = AdministrativeAction.objects.get(pk=obj.pk)
            saved = services.action_update(
                action=fresh,
                actor=request.user,
                data=data,
                id_number=id_number or None,
                legal_representative_id_number=rep_number or None,
            )
        else:
            saved = services.action_create(
                actor=request.user, data=data, id_number=id_number, legal_representative_id_number=rep_number
            )
        obj.pk = saved.pk

    def get_urls(self) -> list[Any]:
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_view), name="disclosure_action_import"),
            path("template/<str:kind>.csv", wrap(self.template_view), name="disclosure_action_template"),
            path("template/<str:kind>.xlsx", wrap(self.template_xlsx_view), name="disclosure_action_template_xlsx"),
            path("late/", wrap(self.late_view), name="disclosure_action_late"),
            path("<int:pk>/id-number/", wrap(self.id_number_view), name="disclosure_action_id_number"),
            path("<int:pk>/tier/", wrap(self.tier_view), name="disclosure_action_tier"),
            *super().get_urls(),
        ]

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        obj = self.get_object(request, object_id)
        may_set_tier = bool(
            obj is not None
            and obj.kind == ActionKind.PENALTY
            and obj.status == Status.SUBMITTED
            and obj.policy.may_review(request.user, obj)
        )
        context = {**(extra_context or {}), "may_set_tier": may_set_tier, "tiers": Tier.choices}
        return super().change_view(request, object_id, form_url, context)

    def tier_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The reviewer confirms or changes the tier (derived on import) before publishing."""
        if request.method != "POST":
            raise Http404
        item = get_object_or_404(self.get_queryset(request), pk=pk)
        try:
            services.action_tier_set(action=item, actor=request.user, tier=request.POST.get("tier", ""))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The tier is set: %(tier)s.") % {"tier": item.get_tier_display()})
        return HttpResponseRedirect(reverse("admin:disclosure_administrativeaction_change", args=[pk]))

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not import_permitted(request.user):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            job = import_job_create(
                actor=request.user,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                submit=form.cleaned_data["submit"],
            )
            return HttpResponseRedirect(reverse("admin:disclosure_importjob_change", args=[job.pk]))
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "kinds": ActionKind.choices,
            "title": _("Import administrative actions"),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/disclosure/import.html", context)

    def template_view(self, request: HttpRequest, kind: str) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        if kind not in ActionKind.values:
            raise Http404
        layout = _template_layout(request)
        response = HttpResponse(template_csv(kind, layout), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="template-{kind}.csv"'
        return response

    def template_xlsx_view(self, request: HttpRequest, kind: str) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        if kind not in ActionKind.values:
            raise Http404
        response = HttpResponse(
            template_xlsx(kind, _template_layout(request)),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="template-{kind}.xlsx"'
        return response

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        # The import button only for those the import page lets in (a clerk of an agency).
        extra_context = {**(extra_context or {}), "import_permitted": import_permitted(request.user)}
        return super().changelist_view(request, extra_context)

    def late_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "late": late_publications(request.user),
            "title": _("Late publications"),
            "opts": self.model._meta,
        }
        return render(request, "admin/disclosure/late.html", context)


def _template_layout(request: HttpRequest) -> str:
    """?layout=standard: the national standard's column names; otherwise the portal's template."""
    layout = request.GET.get("layout", PORTAL)
    return layout if layout in LAYOUTS else PORTAL


class ImportForm(forms.Form):
    # No default: a file imported under the wrong kind fails on every row, so the clerk chooses.
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=[("", gettext_lazy("— choose the kind of the file —")), *ActionKind.choices],
        widget=forms.Select(attrs={"autofocus": True}),
    )
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
    readonly_fields = [
        "original_name",
        "kind",
        "agency",
        "created_by",
        "created_at",
        "state",
        "rows_total",
        "rows_done",
        "rows_imported",
        "failure_reason",
        "preview",
        "file_problems",
        "error_report",
    ]
    exclude = ["file", "errors", "errors_total", "submit", "warnings", "warnings_total", "confirmed"]
    change_form_template = "admin/disclosure/importjob/change_form.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[ImportJob]:
        return ImportJob.objects.visible_to(request.user).select_related("agency")

    PREVIEW_SHOWN = 200

    @admin.display(description=gettext_lazy("preview: warnings to confirm"))
    def preview(self, obj: ImportJob) -> str:
        """The warnings of a checked file (columns ignored, tiers derived, amounts that look like
        元, pilot-area codes), row by row, before the clerk confirms; kept after the import."""
        from django.utils.html import format_html, format_html_join

        if not obj.warnings:
            return "—"
        shown = obj.warnings[: self.PREVIEW_SHOWN]
        rows = format_html_join(
            "",
            "<li>{}</li>",
            ((self._where(w) + w["message"],) for w in shown),
        )
        more = (obj.warnings_total or len(obj.warnings)) - len(shown)
        tail = format_html("<p>{}</p>", _("%(count)d more warnings.") % {"count": more}) if more > 0 else ""
        return format_html('<ul class="import-preview">{}</ul>{}', rows, tail)

    @staticmethod
    def _where(warning: dict[str, Any]) -> str:
        parts = [_("row %(row)d") % {"row": warning["row"]}] if warning.get("row", 0) > 1 else []
        if warning.get("column"):
            parts.append(str(warning["column"]))
        return " ".join(parts) + ": " if parts else ""

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        job = self.get_object(request, object_id)
        user: Any = request.user
        may_confirm = bool(job is not None and job.state == ImportJob.State.AWAITING and job.created_by_id == user.pk)
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), "may_confirm": may_confirm})

    def confirm_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if request.method != "POST":
            raise Http404
        job = get_object_or_404(self.get_queryset(request), pk=pk)
        import_job_confirm(job=job, actor=request.user)
        messages.success(request, _("Confirmed: the file is checked again and imported."))
        return HttpResponseRedirect(reverse("admin:disclosure_importjob_change", args=[pk]))

    @admin.display(description=gettext_lazy("problems with the file"))
    def file_problems(self, obj: ImportJob) -> str:
        """What stops the whole file (format, header, a file of another kind), on the page itself;
        row problems stay in the downloadable report."""
        from django.utils.html import format_html_join

        messages = [e["message"] for e in obj.errors or [] if e.get("row") == 1 and not e.get("column")]
        if not messages:
            return "—"
        return format_html_join("", "<p>{}</p>", ((m,) for m in messages))

    @admin.display(description=gettext_lazy("error report"))
    def error_report(self, obj: ImportJob) -> str:
        from django.utils.html import format_html

        if not obj.errors:
            return "—"
        url = reverse("admin:disclosure_importjob_errors", args=[obj.pk])
        return format_html(
            '<a href="{}">{}</a> ({})', url, _("Download the error report"), obj.errors_total or len(obj.errors)
        )

    def get_urls(self) -> list[Any]:
        return [
            path(
                "<int:pk>/errors.csv", self.admin_site.admin_view(self.errors_view), name="disclosure_importjob_errors"
            ),
            path(
                "<int:pk>/confirm/",
                self.admin_site.admin_view(self.confirm_view),
                name="disclosure_importjob_confirm",
            ),
            *super().get_urls(),
        ]

    def errors_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = get_object_or_404(self.get_queryset(request), pk=pk)
        response = HttpResponse(
            error_report_csv(job.errors, total=job.errors_total), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-errors.csv"'
        return response
