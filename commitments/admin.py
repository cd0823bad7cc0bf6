"""Back office for commitments: entry with targets, milestones and counterparties (inlines),
review, the fulfilment outcomes, and progress updates with evidence.

Every change goes through commitments.services; the admin only collects input. Staff see
only their own agency's commitments (`visible_to`), the credit office every agency's.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commitments.dashboard import MilestoneOverdueFilter
from commitments.models import Commitment, Counterparty, Fulfilment, Milestone, ProgressUpdate, Target
from commitments.services import commitments as services
from commitments.services import fulfilment, progress
from core.admin_workflow import ReviewableAdminMixin
from core.models import Agency, CivilServant
from core.workflow import EDITABLE_STATUSES
from records.admin import ServantChoiceField  # a person's label with the masked ID number
from records.filters import remember_roles
from records.models import Tier
from records.services.evidence import EvidenceRejected, check_upload, evidence_storage


class CommitmentForm(forms.ModelForm):
    class Meta:
        model = Commitment
        fields = Commitment.ENTRY_FIELDS  # the allow-list (commitments.models)
        field_classes = {"responsible_person": ServantChoiceField}


class PartFormSet(BaseInlineFormSet):
    """Checks the rows together with the service's own rules (dates after the day the
    commitment was made, a company listed once), so a refusal is a form error, not a 500."""

    part = ""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        try:
            services._build_parts(self.instance, {self.part: _rows(self)})
        except ValidationError as exc:
            raise ValidationError([m for messages_ in exc.message_dict.values() for m in messages_]) from exc


def _rows(formset: Any) -> list[dict[str, Any]]:
    fields = services.PART_FIELDS[formset.part]
    return [
        {name: form.cleaned_data.get(name) for name in fields}
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class _PartInline(admin.TabularInline):
    """A part of the commitment: edited with it while it is editable, shown read-only after."""

    extra = 0
    part = ""

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        return type(f"{self.part}FormSet", (formset,), {"part": self.part})

    def _editable(self, request: HttpRequest, obj: Any) -> bool:
        if obj is None:
            return True  # the add page: the commitment's own add permission already decided
        return obj.status in EDITABLE_STATUSES and obj.policy.may_enter(request.user, obj)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return True  # the commitment itself was found through visible_to

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(request, obj)


class CounterpartyInline(_PartInline):
    model = Counterparty
    part = "counterparties"
    formset = PartFormSet
    fields = services.PART_FIELDS["counterparties"]


class TargetInline(_PartInline):
    model = Target
    part = "targets"
    formset = PartFormSet
    fields = services.PART_FIELDS["targets"]


class MilestoneInline(_PartInline):
    model = Milestone
    part = "milestones"
    formset = PartFormSet
    fields = (*services.PART_FIELDS["milestones"], "reached_on")
    readonly_fields = ["reached_on"]


class ProgressInline(admin.TabularInline):
    """The progress so far, read-only: progress is added on its own page (a published commitment
    is not edited)."""

    model = ProgressUpdate
    extra = 0
    fields = ("reported_on", "description", "milestone", "evidence", "entered_by")
    readonly_fields = fields
    can_delete = False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[ProgressUpdate]:
        return super().get_queryset(request).select_related("milestone", "entered_by")

    @admin.display(description=gettext_lazy("evidence file"))
    def evidence(self, obj: ProgressUpdate) -> str:
        return evidence_link(obj)


def evidence_link(update: ProgressUpdate) -> str:
    if not update.has_evidence:
        return "—"
    url = reverse("admin:commitments_progress_evidence", args=[update.pk])
    return format_html('<a href="{}">{}</a>', url, update.evidence_original_name)


class OutcomeForm(forms.Form):
    on = forms.DateField(label=gettext_lazy("date"), widget=forms.DateInput(attrs={"type": "date"}))


class FulfilForm(OutcomeForm):
    note = forms.CharField(label=gettext_lazy("how it was fulfilled"), widget=forms.Textarea, max_length=5000)


class ChangeForm(OutcomeForm):
    legal_basis = forms.CharField(
        label=gettext_lazy("legal basis of the change (变更依据)"),
        widget=forms.Textarea,
        max_length=5000,
        help_text=fulfilment.NOT_A_LAWFUL_REASON,
    )
    procedure = forms.CharField(
        label=gettext_lazy("procedure followed (履行程序)"), widget=forms.Textarea, max_length=5000
    )
    compensation = forms.CharField(
        label=gettext_lazy("compensation decided (补偿决定)"), widget=forms.Textarea, max_length=5000
    )
    note = forms.CharField(label=gettext_lazy("remarks"), widget=forms.Textarea, max_length=5000, required=False)


class BreachForm(OutcomeForm):
    facts = forms.CharField(label=gettext_lazy("facts of the breach"), widget=forms.Textarea, max_length=5000)
    tier = forms.ChoiceField(label=gettext_lazy("tier"), choices=Tier.choices, initial=Tier.GENERAL)


OUTCOME_FORMS: dict[str, type[OutcomeForm]] = {
    Fulfilment.FULFILLED: FulfilForm,
    Fulfilment.CHANGED: ChangeForm,
    Fulfilment.BREACHED: BreachForm,
}


def _apply_outcome(outcome: str, commitment: Commitment, actor: Any, data: dict[str, Any]) -> Commitment:
    if outcome == Fulfilment.FULFILLED:
        return fulfilment.commitment_fulfil(commitment=commitment, actor=actor, on=data["on"], note=data["note"])
    if outcome == Fulfilment.CHANGED:
        return fulfilment.commitment_change(
            commitment=commitment,
            actor=actor,
            on=data["on"],
            legal_basis=data["legal_basis"],
            procedure=data["procedure"],
            compensation=data["compensation"],
            note=data.get("note", ""),
        )
    return fulfilment.commitment_breach(
        commitment=commitment, actor=actor, on=data["on"], facts=data["facts"], tier=data["tier"]
    )


@admin.register(Commitment)
class CommitmentAdmin(ReviewableAdminMixin, admin.ModelAdmin):
    form = CommitmentForm
    workflow_service = staticmethod(services.commitment_move)
    inlines = [CounterpartyInline, TargetInline, MilestoneInline, ProgressInline]
    extra_readonly_fields = ["due_on", "fulfilment", "settled_on", "outcome_note", "traced_records"]
    list_display = ["made_on", "title", "kind", "committing_agency", "status", "due_on", "fulfilment"]
    list_filter = ["status", "kind", "fulfilment", MilestoneOverdueFilter]
    search_fields = ["title", "document_number"]
    date_hierarchy = "made_on"
    change_form_template = "admin/commitments/commitment/change_form.html"

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        remember_roles(request.user)
        return super().changelist_view(request, extra_context)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Commitment]:
        return Commitment.objects.visible_to(request.user).select_related(
            "agency",
            "committing_agency",
            "responsible_person",
            "submitted_by",  # a reviewer's list shows who submitted
            "breach_agency_record",
            "breach_person_record",
        )

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        user: Any = request.user
        if db_field.name == "committing_agency":
            agencies = Agency.objects.active()
            kwargs["queryset"] = agencies if user.is_credit_office else agencies.filter(pk=user.agency_id)
        elif db_field.name == "responsible_person":
            kwargs["queryset"] = CivilServant.objects.visible_to(user).select_related("agency")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Commitment, form: Any, change: bool) -> None:
        data = {k: v for k, v in form.cleaned_data.items() if k in Commitment.ENTRY_FIELDS}
        if change:
            saved = services.commitment_update(
                commitment=Commitment.objects.get(pk=obj.pk), actor=request.user, data=data
            )
        else:
            saved = services.commitment_create(actor=request.user, data=data)
        obj.pk = saved.pk

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        parts = {fs.part: _rows(fs) for fs in formsets if getattr(fs, "part", "") and (fs.has_changed() or not change)}
        if parts:
            services.commitment_parts_replace(commitment=form.instance, actor=request.user, parts=parts)
        for formset in formsets:
            # The admin's history message reads these; the service replaced the rows (and audited it).
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    # --- the change page: outcomes and traced records ---

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        obj = self.get_object(request, object_id)
        outcomes = []
        if obj is not None:
            outcomes = [
                (fulfilment.OUTCOME_LABELS[o], reverse("admin:commitments_commitment_outcome", args=[obj.pk, o]))
                for o in fulfilment.outcomes_for(request.user, obj)
            ]
        running = obj is not None and obj.status == "published" and obj.fulfilment == Fulfilment.IN_PROGRESS
        may_report = running and obj is not None and obj.policy.may_report_progress(request.user, obj)  # type: ignore[attr-defined]
        add_url = f"{reverse('admin:commitments_progressupdate_add')}?commitment={obj.pk}" if obj and may_report else ""
        context = {**(extra_context or {}), "commitment_outcomes": outcomes, "progress_add_url": add_url}
        return super().change_view(request, object_id, form_url, context)

    @admin.display(description=gettext_lazy("records of the breach"))
    def traced_records(self, obj: Commitment) -> str:
        records = [r for r in (obj.breach_agency_record, obj.breach_person_record) if r is not None]
        if not records:
            return "—"
        return format_html_join(
            "",
            '<a href="{}">{}</a> · {}<br>',
            (
                (
                    reverse("admin:records_creditrecord_change", args=[r.pk]),
                    r.get_category_display(),
                    r.get_status_display(),
                )
                for r in records
            ),
        )

    def get_urls(self) -> list[Any]:
        return [
            path(
                "<int:pk>/outcome/<str:outcome>/",
                self.admin_site.admin_view(self.outcome_view),
                name="commitments_commitment_outcome",
            ),
            path(
                "progress-evidence/<int:pk>/",
                self.admin_site.admin_view(self.evidence_view),
                name="commitments_progress_evidence",
            ),
            *super().get_urls(),
        ]

    def outcome_view(self, request: HttpRequest, pk: int, outcome: str) -> HttpResponse:
        """Record an outcome: the form on GET, the service on POST; only the outcomes the user may record."""
        commitment = get_object_or_404(self.get_queryset(request), pk=pk)
        if outcome not in OUTCOME_FORMS:
            raise Http404
        if outcome not in fulfilment.outcomes_for(request.user, commitment):
            raise PermissionDenied
        form = OUTCOME_FORMS[outcome](request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                _apply_outcome(outcome, commitment, request.user, form.cleaned_data)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("%(outcome)s: done for %(item)s")
                    % {"outcome": fulfilment.OUTCOME_LABELS[outcome], "item": commitment},
                )
                return HttpResponseRedirect(reverse("admin:commitments_commitment_change", args=[pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": commitment,
            "title": f"{fulfilment.OUTCOME_LABELS[outcome]} · {commitment}",
            "form": form,
            "outcome": outcome,
        }
        return TemplateResponse(request, "admin/commitments/commitment/outcome.html", context)

    def evidence_view(self, request: HttpRequest, pk: int) -> FileResponse:
        """The only way to a progress update's file: its commitment must be visible to the user."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        item = get_object_or_404(
            ProgressUpdate.objects.visible_to(request.user).exclude(evidence_stored_name=""), pk=pk
        )
        response = FileResponse(
            evidence_storage().open(item.evidence_stored_name, "rb"),
            as_attachment=True,
            filename=progress.evidence_download_name(item),
            content_type=item.evidence_content_type,
        )
        response["Cache-Control"] = "private, no-store"
        return response


class ProgressForm(forms.ModelForm):
    evidence_file = forms.FileField(
        label=gettext_lazy("evidence file"),
        required=False,
        help_text=gettext_lazy("PDF, JPEG, PNG, DOCX or XLSX."),
    )

    class Meta:
        model = ProgressUpdate
        fields = ProgressUpdate.ENTRY_FIELDS

    def clean_evidence_file(self) -> Any:
        upload = self.cleaned_data.get("evidence_file")
        if upload:
            try:
                check_upload(upload)
            except EvidenceRejected as exc:
                raise forms.ValidationError(exc.message) from exc
        return upload


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    """Progress is added, never edited or deleted: a correction is a new update."""

    form = ProgressForm
    list_display = ["reported_on", "commitment", "milestone", "entered_by", "entered_at"]
    list_select_related = ["commitment", "milestone", "entered_by"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ProgressUpdate]:
        return ProgressUpdate.objects.visible_to(request.user)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return [*ProgressUpdate.ENTRY_FIELDS, "evidence_file"]
        return [*ProgressUpdate.ENTRY_FIELDS, "evidence", "entered_by", "entered_at"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [*ProgressUpdate.ENTRY_FIELDS, "evidence", "entered_by", "entered_at"] if obj is not None else []

    @admin.display(description=gettext_lazy("evidence file"))
    def evidence(self, obj: ProgressUpdate) -> str:
        return evidence_link(obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        running = Commitment.objects.visible_to(request.user).running()
        if db_field.name == "commitment":
            kwargs["queryset"] = running
        elif db_field.name == "milestone":
            kwargs["queryset"] = Milestone.objects.open().filter(commitment__in=running).select_related("commitment")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def changeform_view(
        self, request: HttpRequest, object_id: str | None = None, form_url: str = "", extra_context: Any = None
    ) -> Any:
        if object_id is not None and self.get_object(request, object_id) is None:
            raise Http404  # another agency's progress: "does not exist"
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request: HttpRequest, obj: ProgressUpdate, form: Any, change: bool) -> None:
        data = {k: form.cleaned_data.get(k) for k in ProgressUpdate.ENTRY_FIELDS}
        try:
            saved = progress.progress_add(actor=request.user, data=data, upload=form.cleaned_data.get("evidence_file"))
        except (ValidationError, PermissionDenied) as exc:
            raise _Refused(exc) from exc
        obj.pk = saved.pk

    def _changeform_view(self, request: HttpRequest, object_id: Any, form_url: str, extra_context: Any) -> Any:
        try:
            return super()._changeform_view(request, object_id, form_url, extra_context)  # type: ignore[misc]
        except _Refused as refused:
            exc = refused.cause
            texts = (
                [m for ms in exc.message_dict.values() for m in ms]
                if isinstance(exc, ValidationError) and hasattr(exc, "error_dict")
                else [str(m) for m in getattr(exc, "messages", [str(exc)])]
            )
            for text in texts:
                messages.error(request, text)
        return HttpResponseRedirect(request.get_full_path())


class _Refused(Exception):
    def __init__(self, cause: Exception) -> None:
        super().__init__(str(cause))
        self.cause = cause
