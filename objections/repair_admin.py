"""Back office for credit repair requests: a reviewer of the providing agency accepts or
refuses to accept (3 working days), then approves or refuses (10 working days), refusals with
written reasons; the credit office follows them all. Every stored field is read-only; the
form's own fields are the decision and `objections.services.repair` decides (audited)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integrity.lib.errors import ApplicationError
from objections.admin_subjects import filer_text, subject_link, subject_text
from objections.repair_models import RepairEvidence, RepairRequest, RepairStatus
from objections.services import repair as services
from records.admin_evidence import EvidenceAdminMixin

PENDING_CALENDAR = gettext_lazy("Pending the holiday schedule")
ACCEPT, APPROVE, REFUSE = "accept", "approve", "refuse"


class DecisionForm(forms.ModelForm):
    decision = forms.ChoiceField(
        label=gettext_lazy("decision"),
        choices=[
            ("", "---------"),
            (ACCEPT, gettext_lazy("Accept (受理)")),
            (APPROVE, gettext_lazy("Approve the repair (准予修复)")),
            (REFUSE, gettext_lazy("Refuse: not accepted before acceptance, refused after it (不予受理/不予修复)")),
        ],
    )
    reasons = forms.CharField(
        label=gettext_lazy("written reasons to the applicant"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=5000,
        help_text=gettext_lazy("Required for a refusal."),
    )

    class Meta:
        model = RepairRequest
        fields: tuple[str, ...] = ()  # nothing stored is typed here: the decision goes through the service


@admin.register(RepairRequest)
class RepairRequestAdmin(EvidenceAdminMixin, admin.ModelAdmin):
    evidence_url_name = "objections_repair_evidence_download"
    form = DecisionForm
    list_display = ["id", "filed_on", "subject", "agency", "status", "accept_due", "decide_due"]
    list_filter = ["status"]
    list_select_related = ["record", "agency"]
    readonly_fields = [
        "record_link",
        "agency",
        "applicant",
        "query_code",
        "statement",
        "evidence_links",
        "commitment_text",
        "filed_at",
        "eligible_from",
        "accept_due",
        "decide_due",
        "status",
        "accepted_at",
        "decision_reasons",
        "decided_by",
        "decided_at",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[RepairRequest]:
        return RepairRequest.objects.visible_to(request.user).select_related(
            "record", "agency", "civil_servant", "decided_by", "item_type"
        )

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        decision = ["decision", "reasons"] if self.has_change_permission(request, obj) else []
        return [*self.readonly_fields, *decision]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # filed by the person or counterparty concerned, never entered in the back office

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or (obj.is_open and services.may_answer(request.user, obj))

    def save_model(self, request: HttpRequest, obj: RepairRequest, form: Any, change: bool) -> None:
        decision, reasons = form.cleaned_data["decision"], form.cleaned_data["reasons"]
        try:
            if decision == ACCEPT:
                services.repair_accept(request=obj, actor=request.user)
            elif decision == APPROVE:
                services.repair_approve(request=obj, actor=request.user, reasons=reasons)
            else:
                services.repair_refuse(request=obj, actor=request.user, reasons=reasons)
        except (ApplicationError, PermissionDenied) as exc:
            request._repair_failed = True  # type: ignore[attr-defined]
            messages.error(request, getattr(exc, "message", None) or str(exc))

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        pass  # nothing related is typed here

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        return None  # the audit log has the move (objections.repairrequest.*)

    def response_change(self, request: HttpRequest, obj: RepairRequest) -> HttpResponse:
        if getattr(request, "_repair_failed", False):
            return HttpResponseRedirect(request.path)
        self.message_user(request, _("The decision is saved and the applicant is notified."), messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:objections_repairrequest_changelist"))

    def evidence_visible(self, request: HttpRequest) -> QuerySet[Any]:
        return RepairEvidence.objects.filter(request__in=RepairRequest.objects.visible_to(request.user))

    @admin.display(description=gettext_lazy("to be repaired"))
    def subject(self, obj: RepairRequest) -> str:
        return subject_text(obj)

    @admin.display(description=gettext_lazy("to be repaired"))
    def record_link(self, obj: RepairRequest) -> str:
        return subject_link(obj)

    @admin.display(description=gettext_lazy("applicant"))
    def applicant(self, obj: RepairRequest) -> str:
        return filer_text(obj)

    @admin.display(description=gettext_lazy("acceptance due"), ordering="accept_due_on")
    def accept_due(self, obj: RepairRequest) -> str:
        if obj.status != RepairStatus.SUBMITTED and obj.accepted_at:
            return obj.accepted_at.date().isoformat()
        return obj.accept_due_on.isoformat() if obj.accept_due_on else str(PENDING_CALENDAR)

    @admin.display(description=gettext_lazy("decision due"), ordering="decide_due_on")
    def decide_due(self, obj: RepairRequest) -> str:
        return obj.decide_due_on.isoformat() if obj.decide_due_on else str(PENDING_CALENDAR)
