"""Back office of the evaluation, the issued credit reports and the API clients (issue 11,
items 3-5): the credit office recomputes the evaluation on demand, issues and revokes API
client tokens (the token is shown once), reads the reports issued; authorised staff issue a
civil servant's report. Every change goes through a service."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.admin import ReadOnlyAdmin
from core.models import CivilServant
from core.roles import Role
from integrity.lib.errors import ApplicationError
from records.models import ApiClient, EvaluationSnapshot, IssuedReport, ReportSubject
from records.reports import civil_servant_report_content
from records.services.api_clients import API_REPORT_KINDS, api_client_issue, api_client_revoke
from records.services.evaluation import evaluation_run
from records.services.reports import report_issue


def _is_office(request: HttpRequest) -> bool:
    user: Any = request.user
    return bool(user.is_active and (user.is_superuser or user.has_role(Role.CREDIT_OFFICE)))


@admin.register(EvaluationSnapshot)
class EvaluationSnapshotAdmin(ReadOnlyAdmin):
    list_display = ["as_of", "agency", "period", "period_start", "group", "rank", "score", "grade", "current"]
    list_filter = ["period", "group", "current", "grade"]
    list_select_related = ["agency"]
    search_fields = ["agency__name"]
    date_hierarchy = "as_of"
    change_list_template = "admin/records/evaluationsnapshot/change_list.html"

    def get_urls(self) -> list[Any]:
        return [
            path(
                "recompute/",
                self.admin_site.admin_view(self.recompute_view),
                name="records_evaluationsnapshot_recompute",
            ),
            *super().get_urls(),
        ]

    def recompute_view(self, request: HttpRequest) -> HttpResponse:
        """POST only, credit office only: evaluate every agency as of today now."""
        if not _is_office(request):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponse(status=405, headers={"Allow": "POST"})
        today = timezone.localdate()
        n = evaluation_run(as_of=today, actor=request.user, trigger="manual")
        self.message_user(request, _("Evaluated as of %(day)s: %(n)s snapshots.") % {"day": today, "n": n})
        return redirect("admin:records_evaluationsnapshot_changelist")

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        return super().changelist_view(request, {**(extra_context or {}), "can_recompute": _is_office(request)})


@admin.register(IssuedReport)
class IssuedReportAdmin(ReadOnlyAdmin):
    list_display = ["issued_at", "code", "subject_kind", "subject_name", "requested_by", "api_client"]
    list_filter = ["subject_kind"]
    list_select_related = ["requested_by", "api_client"]
    search_fields = ["code", "subject_code", "subject_name"]
    exclude = ["content"]


class ApiClientForm(forms.ModelForm):
    scope_reports = forms.MultipleChoiceField(
        label=gettext_lazy("reports it may read"),
        choices=[(k, ReportSubject(k).label) for k in API_REPORT_KINDS],
        widget=forms.CheckboxSelectMultiple,
    )
    scope_subjects_text = forms.CharField(
        label=gettext_lazy("subjects it may read (USCCs)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One unified social credit code a line. Empty: every subject of those reports."),
    )

    class Meta:
        model = ApiClient
        fields = ["name", "department", "purpose", "scope_reports", "expires_at"]

    def clean_expires_at(self) -> Any:
        value = self.cleaned_data["expires_at"]
        if value is not None and value <= timezone.now():
            raise forms.ValidationError(_("The expiry must lie in the future."))
        return value


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    form = ApiClientForm
    list_display = ["name", "department", "purpose", "token_prefix", "expires_at", "revoked_at", "last_used_at"]
    list_select_related = ["department"]
    actions = ["revoke"]
    readonly_fields = ["token_prefix", "scope_subjects", "created_by", "created_at", "revoked_at", "last_used_at"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_office(request) or super().has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _is_office(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # issued clients are revoked and issued again, never edited

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_office(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the audit of its queries names it

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["name", "department", "purpose", "scope_reports", "scope_subjects_text", "expires_at"]
        return ["name", "department", "purpose", "scope_reports", *self.readonly_fields, "expires_at"]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        from django.conf import settings

        return {"expires_at": timezone.now() + dt.timedelta(days=settings.API_CLIENT_TOKEN_DAYS)}

    def save_model(self, request: HttpRequest, obj: ApiClient, form: Any, change: bool) -> None:
        data = form.cleaned_data
        try:
            client, token = api_client_issue(
                actor=request.user,
                name=data["name"],
                department=data["department"],
                purpose=data["purpose"],
                scope_reports=list(data["scope_reports"]),
                scope_subjects=(data.get("scope_subjects_text") or "").split(),
                expires_at=data["expires_at"],
            )
        except ApplicationError as exc:
            raise PermissionDenied(str(exc)) from exc
        obj.pk = client.pk
        self._token = token

    def response_add(self, request: HttpRequest, obj: ApiClient, post_url_continue: str | None = None) -> Any:
        # Shown once: only its hash is stored, so nobody can read it again.
        self.message_user(
            request,
            _("The token of %(name)s, shown this once (copy it now): %(token)s")
            % {"name": obj.name, "token": self._token},
            messages.WARNING,
        )
        return HttpResponseRedirect(reverse("admin:records_apiclient_changelist"))

    @admin.action(description=gettext_lazy("Revoke the selected clients' tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiClient]) -> None:
        if not _is_office(request):
            raise PermissionDenied
        for client in queryset:
            api_client_revoke(client=client, actor=request.user)
        self.message_user(request, _("Revoked."))


def civil_servant_report_view(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: a civil servant's report as it stands; POST: issue it. Authorised staff only: those
    who may read the file (credit office; clerks and reviewers of the servant's agency)."""
    servant = get_object_or_404(CivilServant.objects.visible_to(request.user).select_related("agency"), pk=pk)
    user: Any = request.user
    if not user.is_staff:
        raise PermissionDenied
    content = civil_servant_report_content(servant)
    if request.method == "POST":
        report = report_issue(content=content, requested_by=request.user, channel="admin")
        return redirect("records:report", code=report.code)
    return TemplateResponse(
        request, "records/report.html", {"content": content, "report": None, "issue_url": request.path}
    )
