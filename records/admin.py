"""Back office for integrity files: credit records (entry, review, periods), facts, takedowns.

Every change goes through records.services (audited, permission-checked); the admin only
collects input. Staff see only their own agency's records (`visible_to`); a civil servant
appears with a masked ID number, never the full one.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.admin import ReadOnlyAdmin
from core.admin_workflow import ReviewableAdminMixin
from core.models import Agency, CivilServant
from integrity.lib.identifiers import normalise_id_number
from records.filters import remember_roles
from records.models import CreditRecord, IntegrityFact, KeyArea, RecordTakedown
from records.services import evidence
from records.services import records as services


def _civil_servant_report(request: HttpRequest, pk: int) -> Any:
    from records.admin_reports import civil_servant_report_view

    return civil_servant_report_view(request, pk)


class ServantChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        # Two people may share a name: the masked number tells them apart, the full one never shows.
        return f"{obj.name}（{obj.id_number_masked}）"


class CreditRecordForm(forms.ModelForm):
    key_areas = forms.MultipleChoiceField(
        label=gettext_lazy("key areas (重点领域)"),
        required=False,
        choices=KeyArea.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    # The version the person started from: an edit based on an older one is a conflict.
    based_on_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    evidence_file = forms.FileField(
        label=gettext_lazy("add an evidence file"),
        required=False,
        help_text=gettext_lazy("PDF, JPEG, PNG, DOCX or XLSX. Saved with the record."),
    )

    class Meta:
        model = CreditRecord
        # The allow-list: exactly what a person may type (records.models); version is extra.
        fields = CreditRecord.ENTRY_FIELDS
        field_classes = {"civil_servant": ServantChoiceField}

    def clean_evidence_file(self) -> Any:
        upload = self.cleaned_data.get("evidence_file")
        if upload:
            try:
                evidence.check_upload(upload)
            except evidence.EvidenceRejected as exc:
                raise forms.ValidationError(exc.message) from exc  # nothing is saved: the form fails
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.instance.pk is None:
            return data
        current = CreditRecord.objects.filter(pk=self.instance.pk).first()
        if current is not None and data.get("based_on_version") != current.version:
            differs = [
                str(self.fields[name].label)
                for name in CreditRecord.ENTRY_FIELDS
                if name in data and services._value(current, name) != services._value_of(name, data[name])
            ]
            message = str(services.RecordConflict(current))
            if differs:
                message += " " + _("The current record differs from your input in: %(fields)s.") % {
                    "fields": "、".join(differs)
                }
            self.add_error(None, message)
            # The person has now seen the conflict: saving again is a deliberate overwrite.
            bound = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict
            bound[self.add_prefix("based_on_version")] = str(current.version)
            self.data = bound
        return data


class SubjectKindFilter(admin.SimpleListFilter):
    title = gettext_lazy("file")
    parameter_name = "file"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("agency", _("Agency file")), ("civil_servant", _("Civil servant file"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "agency":
            return queryset.filter(subject_agency__isnull=False)
        if self.value() == "civil_servant":
            return queryset.filter(civil_servant__isnull=False)
        return queryset


class KeyAreaFilter(admin.SimpleListFilter):
    title = gettext_lazy("key area")
    parameter_name = "key_area"

    def lookups(self, request: HttpRequest, model_admin: Any) -> Any:
        return KeyArea.choices

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value in KeyArea.values:
            # The JSON list as text contains the quoted value: portable across SQLite and PostgreSQL.
            return queryset.filter(key_areas__icontains=f'"{value}"')
        return queryset


class AutomaticFilter(admin.SimpleListFilter):
    title = gettext_lazy("entered by")
    parameter_name = "automatic"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("The portal (integrity fact)")), ("no", _("A person"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "yes":
            return queryset.filter(fact__isnull=False)
        if self.value() == "no":
            return queryset.filter(fact__isnull=True)
        return queryset


@admin.register(CreditRecord)
class CreditRecordAdmin(ReviewableAdminMixin, admin.ModelAdmin):
    form = CreditRecordForm
    workflow_service = staticmethod(services.record_move)
    extra_readonly_fields = [
        "subject_display",
        "public_until",
        "min_public_until",
        "influence_until",
        "source",
        "evidence_links",
    ]
    list_display = [
        "decision_date",
        "subject_display",
        "category",
        "polarity",
        "tier",
        "use_scope",
        "status",
        "public_until",
        "influence_until",
        "is_automatic",
    ]
    list_filter = [
        "status",
        SubjectKindFilter,
        "polarity",
        "tier",
        "category",
        KeyAreaFilter,
        "use_scope",
        AutomaticFilter,
    ]
    search_fields = ["document_number", "summary", "civil_servant__name", "subject_agency__name"]
    date_hierarchy = "decision_date"
    change_form_template = "admin/records/creditrecord/change_form.html"

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        remember_roles(request.user)
        return super().changelist_view(request, extra_context)

    def _changeform_view(self, request: HttpRequest, object_id: Any, form_url: str, extra_context: Any) -> Any:
        # The mixin turns a PermissionDenied inside the form view into a message and a redirect
        # to the same page, which for a refused add or edit is a redirect loop: refuse first.
        if object_id is None and not self.has_add_permission(request):
            raise PermissionDenied
        if object_id is not None:
            obj = self.get_object(request, object_id)
            if request.method == "POST" and obj is not None and not self.has_change_permission(request, obj):
                raise PermissionDenied
            if not self.has_view_or_change_permission(request, obj):
                raise PermissionDenied
        return super()._changeform_view(request, object_id, form_url, extra_context)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_fields(request, obj))
        if obj is not None and not self.has_change_permission(request, obj):
            # A read-only view has no edit to lock and nothing to attach.
            fields = [f for f in fields if f not in ("based_on_version", "evidence_file")]
        return fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[CreditRecord]:
        return CreditRecord.objects.visible_to(request.user).select_related(
            "agency", "subject_agency", "civil_servant", "providing_agency", "fact"
        )

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[CreditRecord], search_term: str
    ) -> tuple[QuerySet[CreditRecord], bool]:
        # A civil servant found by ID number through the keyed hash, never a decrypting scan.
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = normalise_id_number(search_term)
        if len(term) == 18:
            queryset |= self.get_queryset(request).filter(civil_servant__id_number_hash=CivilServant.hash_for(term))
        return queryset, may_have_duplicates

    def get_list_display(self, request: HttpRequest) -> Any:
        user: Any = request.user
        return ["agency", *self.list_display] if user.is_credit_office else self.list_display

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        user: Any = request.user
        if db_field.name == "subject_agency":
            agencies = Agency.objects.active()
            kwargs["queryset"] = agencies if user.is_credit_office else agencies.filter(pk=user.agency_id)
        elif db_field.name == "civil_servant":
            kwargs["queryset"] = CivilServant.objects.visible_to(user).select_related("agency")
        elif db_field.name == "providing_agency":
            kwargs["queryset"] = Agency.objects.active()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        if obj is not None and "key_areas" in form.base_fields:  # a read-only view has no entry fields
            form.base_fields["key_areas"].initial = obj.key_areas
            form.base_fields["based_on_version"].initial = obj.version
        return form

    def save_model(self, request: HttpRequest, obj: CreditRecord, form: Any, change: bool) -> None:
        data = {k: v for k, v in form.cleaned_data.items() if k in CreditRecord.ENTRY_FIELDS}
        if change:
            saved = services.record_update(
                record=CreditRecord.objects.get(pk=obj.pk),
                actor=request.user,
                data=data,
                version=form.cleaned_data.get("based_on_version") or 0,
            )
        else:
            saved = services.record_create(actor=request.user, data=data)
        obj.pk = saved.pk
        upload = form.cleaned_data.get("evidence_file")
        if upload:
            evidence.evidence_add(record=saved, actor=request.user, upload=upload)

    def get_urls(self) -> list[Any]:
        return [
            path(
                "evidence/<int:pk>/",
                self.admin_site.admin_view(self.evidence_view),
                name="records_evidence_download",
            ),
            path(
                "civil-servant/<int:pk>/report/",
                self.admin_site.admin_view(_civil_servant_report),
                name="records_civilservant_report",
            ),
            *super().get_urls(),
        ]

    def evidence_view(self, request: HttpRequest, pk: int) -> FileResponse:
        """The only way to a stored file: the record must be visible to the user (else 404)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        item = get_object_or_404(evidence.evidence_visible_to(request.user), pk=pk)
        response = FileResponse(
            evidence.evidence_storage().open(item.stored_name, "rb"),
            as_attachment=True,
            filename=evidence.download_name(item),
            content_type=item.content_type,
        )
        response["Cache-Control"] = "private, no-store"
        return response

    @admin.display(description=gettext_lazy("evidence files"))
    def evidence_links(self, obj: CreditRecord) -> str:
        files = list(obj.evidence.all()) if obj.pk else []
        if not files:
            return "—"
        return format_html_join(
            format_html("<br>"),
            '<a href="{}">{}</a> ({} KB)',
            (
                (reverse("admin:records_evidence_download", args=[f.pk]), f.original_name, max(1, f.size // 1024))
                for f in files
            ),
        )

    @admin.display(description=gettext_lazy("subject"))
    def subject_display(self, obj: CreditRecord) -> str:
        if obj.civil_servant_id and obj.civil_servant:
            return f"{obj.civil_servant.name}（{obj.civil_servant.id_number_masked}）"
        return str(obj.subject_agency) if obj.subject_agency_id else ""

    @admin.display(description=gettext_lazy("automatic"), boolean=True)
    def is_automatic(self, obj: CreditRecord) -> bool:
        return obj.fact_id is not None

    @admin.display(description=gettext_lazy("source"))
    def source(self, obj: CreditRecord) -> str:
        fact = obj.fact
        if fact is None:
            return _("Entered by a person")
        app_label, _dot, model = fact.object_type.partition(".")
        try:
            url = reverse(f"admin:{app_label}_{model}_change", args=[fact.object_id])
        except NoReverseMatch:
            return f"{fact.get_kind_display()} · {fact.object_type}:{fact.object_id}"
        return format_html('{} · <a href="{}">{}</a>', fact.get_kind_display(), url, fact.object_type)


@admin.register(IntegrityFact)
class IntegrityFactAdmin(ReadOnlyAdmin):
    list_display = ["occurred_on", "agency", "kind", "object_type", "object_id", "recorded_at"]
    list_filter = ["kind"]
    list_select_related = ["agency"]


@admin.register(RecordTakedown)
class RecordTakedownAdmin(ReadOnlyAdmin):
    list_display = ["taken_down_at", "record", "reason"]
    list_filter = ["reason"]
    list_select_related = ["record"]


from records import admin_reports  # noqa: E402,F401  (registers the evaluation, report and API client admins)
