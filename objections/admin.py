"""Back office for objections: a reviewer of the providing agency answers in writing (upheld,
corrected, revoked, not admissible); the credit office follows the overdue ones.

The change page is the answer form: every stored field is read-only, the form's own fields are
the answer, and `objection_answer` decides (audited, one answer however many are sent).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integrity.lib.errors import ApplicationError
from objections.admin_subjects import filer_text, subject_link, subject_text
from objections.models import Objection, ObjectionEvidence, Outcome
from objections.services import objections as services
from records.admin_evidence import EvidenceAdminMixin

PENDING_CALENDAR = gettext_lazy("Pending the holiday schedule")


class AnswerForm(forms.ModelForm):
    answer_outcome = forms.ChoiceField(
        label=gettext_lazy("answer"), choices=[("", "---------"), *Outcome.choices], required=False
    )
    answer_reply = forms.CharField(
        label=gettext_lazy("written reply to the filer"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=5000,
        help_text=gettext_lazy("Required for every answer; for “not admissible”, the reason."),
    )
    corrected_summary = forms.CharField(
        label=gettext_lazy("corrected summary of the record"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=gettext_lazy("Only for “corrected”: the record's new text (a new version, audited)."),
    )
    corrected_document_number = forms.CharField(
        label=gettext_lazy("corrected document number"), required=False, max_length=100
    )

    class Meta:
        model = Objection
        fields: tuple[str, ...] = ()  # nothing stored is typed here: the answer goes through the service

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            services._check_answer(data.get("answer_outcome") or "", data.get("answer_reply") or "", self.correction())
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                self.add_error({"outcome": "answer_outcome", "reply": "answer_reply"}.get(field, field), errors)
        return data

    def correction(self) -> dict[str, Any]:
        data = getattr(self, "cleaned_data", {})
        return {
            "summary": (data.get("corrected_summary") or "").strip(),
            "document_number": (data.get("corrected_document_number") or "").strip(),
        }


class OverdueFilter(admin.SimpleListFilter):
    """The credit office's overdue list (plan items 9 and 21)."""

    title = gettext_lazy("answer deadline")
    parameter_name = "deadline"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("overdue", _("Missed (open past the due date, or answered late)")), ("open", _("Open"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "overdue":
            return queryset.overdue(timezone.localdate())  # type: ignore[attr-defined]
        if self.value() == "open":
            return queryset.open()  # type: ignore[attr-defined]
        return queryset


@admin.register(Objection)
class ObjectionAdmin(EvidenceAdminMixin, admin.ModelAdmin):
    evidence_url_name = "objections_evidence_download"
    form = AnswerForm
    list_display = ["query_code", "filed_on", "subject", "agency", "status", "outcome", "due_display", "kept"]
    list_filter = [OverdueFilter, "status", "outcome", "filer_kind"]
    search_fields = ["query_code"]
    list_select_related = ["record", "agency"]
    actions = ["accept_selected"]
    readonly_fields = [
        "query_code",
        "record_link",
        "agency",
        "filer_kind",
        "filer",
        "reasons",
        "evidence_links",
        "filed_at",
        "due_display",
        "status",
        "outcome",
        "reply",
        "answered_by",
        "answered_at",
        "kept",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Objection]:
        return Objection.objects.visible_to(request.user).select_related(
            "record", "agency", "civil_servant", "answered_by", "item_type"
        )

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        answer = ["answer_outcome", "answer_reply"]
        if obj is None or obj.record_id is not None:  # only a credit record is corrected by the answer
            answer += ["corrected_summary", "corrected_document_number"]
        return [*self.readonly_fields, *(answer if self.has_change_permission(request, obj) else [])]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # filed by the person or counterparty concerned, never entered in the back office

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or (obj.is_open and services.may_answer(request.user, obj))

    def save_model(self, request: HttpRequest, obj: Objection, form: Any, change: bool) -> None:
        try:
            services.objection_answer(
                objection=obj,
                actor=request.user,
                outcome=form.cleaned_data["answer_outcome"],
                reply=form.cleaned_data["answer_reply"],
                correction=form.correction(),
            )
        except (ApplicationError, PermissionDenied, ValidationError) as exc:
            request._objection_answer_failed = True  # type: ignore[attr-defined]
            messages.error(request, getattr(exc, "message", None) or "; ".join(getattr(exc, "messages", [str(exc)])))

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        pass  # nothing related is typed here

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        return None  # the audit log has the answer (objections.objection.answer)

    def response_change(self, request: HttpRequest, obj: Objection) -> HttpResponse:
        if getattr(request, "_objection_answer_failed", False):
            return HttpResponseRedirect(request.path)
        self.message_user(request, _("The answer is saved and the filer is notified."), messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:objections_objection_changelist"))

    @admin.action(description=gettext_lazy("Accept the selected objections (受理)"))
    def accept_selected(self, request: HttpRequest, queryset: QuerySet[Objection]) -> None:
        accepted = 0
        for objection in queryset:
            try:
                services.objection_accept(objection=objection, actor=request.user)
                accepted += 1
            except (ApplicationError, PermissionDenied) as exc:
                messages.warning(request, f"{objection.query_code}: {exc}")
        if accepted:
            messages.success(request, _("%(n)d objections accepted.") % {"n": accepted})

    def evidence_visible(self, request: HttpRequest) -> QuerySet[Any]:
        return ObjectionEvidence.objects.filter(objection__in=Objection.objects.visible_to(request.user))

    @admin.display(description=gettext_lazy("objected to"))
    def subject(self, obj: Objection) -> str:
        return subject_text(obj)

    @admin.display(description=gettext_lazy("objected to"))
    def record_link(self, obj: Objection) -> str:
        return subject_link(obj)

    @admin.display(description=gettext_lazy("filer"))
    def filer(self, obj: Objection) -> str:
        return filer_text(obj)

    @admin.display(description=gettext_lazy("answer due"), ordering="due_on")
    def due_display(self, obj: Objection) -> str:
        return obj.due_on.isoformat() if obj.due_on else str(PENDING_CALENDAR)

    @admin.display(description=gettext_lazy("deadline kept"), boolean=True)
    def kept(self, obj: Objection) -> bool | None:
        if obj.is_open and obj.due_on is not None and obj.due_on < timezone.localdate():
            return False
        return obj.kept_deadline


# Credit repair requests have their admin in their own module (issue 10, item 7).
from objections import repair_admin  # noqa: E402, F401
