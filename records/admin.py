"""Back office for integrity files: credit records (entry, review, periods), facts, takedowns.

Every change goes through records.services (audited, permission-checked); the admin only
collects input. Staff see only their own agency's records (`visible_to`); a civil servant
appears with a masked ID number, never the full one.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.admin import ReadOnlyAdmin
from core.admin_workflow import EntryRefused, ReviewableAdminMixin, messages_from
from core.models import Agency, CivilServant
from integrity.lib.errors import ApplicationError
from integrity.lib.identifiers import normalise_id_number
from records import admin_files, selectors
from records.admin_evidence import LINE_BREAK, EvidenceAdminMixin, evidence_links_html
from records.dashboard import overdue_sanctions
from records.filters import remember_roles
from records.models import (
    CreditRecord,
    Evidence,
    IntegrityFact,
    KeyArea,
    Measure,
    Polarity,
    RecordTakedown,
    Sanction,
    SanctionQuerySet,
)
from records.selectors import fact_source_url
from records.services import evidence
from records.services import records as services
from records.services import sanctions as sanction_services
from records.services.imports import import_permitted


def checked_upload(upload: Any) -> Any:
    """An evidence file judged by content, or a form error (and nothing is saved)."""
    if upload:
        try:
            evidence.check_upload(upload)
        except evidence.EvidenceRejected as exc:
            raise forms.ValidationError(exc.message) from exc
    return upload


def accept_version(form: forms.ModelForm, version: int) -> None:
    """After a conflict the person has seen the current version: saving again is a deliberate overwrite."""
    bound = form.data.copy()  # type: ignore[attr-defined]  # a QueryDict
    bound[form.add_prefix("based_on_version")] = str(version)
    form.data = bound


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
        return checked_upload(self.cleaned_data.get("evidence_file"))

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
            accept_version(self, current.version)
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
class CreditRecordAdmin(EvidenceAdminMixin, ReviewableAdminMixin, admin.ModelAdmin):
    evidence_url_name = "records_evidence_download"
    form = CreditRecordForm
    workflow_service = staticmethod(services.record_move)
    extra_readonly_fields = [
        "subject_display",
        "public_until",
        "min_public_until",
        "influence_until",
        "source",
        "evidence_links",
        "sanction_list",
        "notices_sent",
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
        extra_context = {**(extra_context or {}), "records_import_permitted": import_permitted(request.user)}
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
            # A read-only view has no edit to lock and nothing to attach, and names the key
            # areas (the model field alone would show its JSON).
            fields = [f for f in fields if f not in ("based_on_version", "evidence_file")]
            fields = ["key_areas_display" if f == "key_areas" else f for f in fields]
        return fields

    @admin.display(description=gettext_lazy("key areas (重点领域)"))
    def key_areas_display(self, obj: CreditRecord) -> str:
        return "、".join(obj.key_area_labels()) or "—"

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

    def evidence_visible(self, request: HttpRequest) -> QuerySet[Any]:
        return evidence.evidence_visible_to(request.user)

    def get_urls(self) -> list[Any]:
        wrap = self.admin_site.admin_view
        return [
            path("files/", wrap(self.file_index_view), name="records_file_index"),
            path("import/", wrap(self.import_view), name="records_creditrecord_import"),
            path("template.<str:fmt>", wrap(self.template_view), name="records_creditrecord_template"),
            path("files/agency/<int:pk>/", wrap(self.agency_file_view), name="records_file_agency"),
            path("files/civil-servant/<int:pk>/", wrap(self.servant_file_view), name="records_file_servant"),
            path(
                "civil-servant/<int:pk>/report/",
                self.admin_site.admin_view(_civil_servant_report),
                name="records_civilservant_report",
            ),
            *super().get_urls(),
        ]

    # The integrity files (records.admin_files): the gate is who may read the subject's records.
    def file_index_view(self, request: HttpRequest) -> HttpResponse:
        return admin_files.file_index_view(self, request)

    def agency_file_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return admin_files.file_view(self, request, agency_id=pk)

    def servant_file_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return admin_files.file_view(self, request, servant_id=pk)

    def import_view(self, request: HttpRequest) -> HttpResponse:
        return admin_files.record_import_view(self, request)

    def template_view(self, request: HttpRequest, fmt: str) -> HttpResponse:
        if fmt not in ("csv", "xlsx"):
            raise Http404
        return admin_files.record_template_view(self, request, fmt)

    @admin.display(description=gettext_lazy("sanctions (惩戒措施)"))
    def sanction_list(self, obj: CreditRecord) -> str:
        if obj.pk is None or obj.polarity != Polarity.DISHONEST:
            return "—"
        rows = format_html_join(
            LINE_BREAK,
            '<a href="{}">{}</a> · {}',
            (
                (reverse("admin:records_sanction_change", args=[s.pk]), s.get_kind_display(), state_label(s))
                for s in selectors.sanctions_for_record(obj)
            ),
        )
        add = format_html(
            '<a class="addlink" href="{}?record={}">{}</a>',
            reverse("admin:records_sanction_add"),
            obj.pk,
            _("Add a sanction"),
        )
        return format_html("{}<br>{}", rows, add) if rows else add

    @admin.display(description=gettext_lazy("notices sent"))
    def notices_sent(self, obj: CreditRecord) -> str:
        notices = selectors.notices_for_records([obj]).get(obj.pk, []) if obj.pk else []
        if not notices:
            return "—"
        return format_html_join(
            LINE_BREAK,
            "{} · {} · {}",
            (
                (
                    timezone_local(n.sent_at),
                    n.get_audience_display(),
                    str(n.recipient_agency) if n.recipient_agency else n.recipient.get_username(),
                )
                for n in notices
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
        url = fact_source_url(fact)
        if not url:
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


def timezone_local(moment: Any) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def state_label(sanction: Sanction) -> str:
    from records.models import SanctionState

    return str(SanctionState(sanction.state()).label)


class RecordChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        # The masked number, never the full one, names a civil servant's record.
        if obj.civil_servant_id and obj.civil_servant:
            subject = f"{obj.civil_servant.name}（{obj.civil_servant.id_number_masked}）"
        else:
            subject = str(obj.subject_agency or "")
        return f"{subject} · {obj}（{obj.decision_date}）"


class SanctionForm(forms.ModelForm):
    measures = forms.MultipleChoiceField(
        label=gettext_lazy("restrictions"),
        required=False,
        choices=Measure.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Dishonest judgment debtor only; none ticked: all four restrictions of plan item 5."),
    )
    based_on_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    evidence_file = forms.FileField(
        label=gettext_lazy("add an evidence file"),
        required=False,
        help_text=gettext_lazy("PDF, JPEG, PNG, DOCX or XLSX: for a rectification, the evidence it was done."),
    )

    class Meta:
        model = Sanction
        fields = Sanction.ENTRY_FIELDS  # the allow-list (records.models); version and file are extra
        field_classes = {"record": RecordChoiceField}

    def clean_evidence_file(self) -> Any:
        return checked_upload(self.cleaned_data.get("evidence_file"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        pk = self.instance.pk
        if (
            data.get("kind") == Sanction.Kind.RECTIFICATION
            and data.get("completed_on")
            and not data.get("evidence_file")
            and not (pk and Evidence.objects.filter(sanction_id=pk).exists())
        ):
            self.add_error("evidence_file", _("Attach the evidence that the rectification was done."))
        if pk is not None:
            current = Sanction.objects.filter(pk=pk).first()
            if current is not None and data.get("based_on_version") != current.version:
                self.add_error(None, str(sanction_services.SanctionConflict(current)))
                accept_version(self, current.version)
        return data


class SanctionStateFilter(admin.SimpleListFilter):
    title = gettext_lazy("state")
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("open", _("Awaiting completion")),
            ("overdue", _("Overdue")),
            ("completed", _("Completed")),
            ("in_force", _("In force")),
            ("lifted", _("Lifted")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        today = timezone.localdate()
        value = self.value()
        if value == "open":
            return queryset.filter(kind__in=Sanction.DUE_KINDS, completed_on__isnull=True, lifted_at__isnull=True)
        if value == "overdue":
            return overdue_sanctions(queryset, today)  # the dashboard's number too
        if value == "completed":
            return queryset.filter(completed_on__isnull=False)
        if value == "in_force":
            return cast(SanctionQuerySet, queryset).in_force(today)  # the admin's queryset is Sanction's
        if value == "lifted":
            return queryset.filter(lifted_at__isnull=False)
        return queryset


@admin.register(Sanction)
class SanctionAdmin(admin.ModelAdmin):
    """Sanctions on dishonesty records, entered by whoever may enter the record; lifted only
    through the record (revoked, repaired), never deleted."""

    form = SanctionForm
    list_display = [
        "kind",
        "record_link",
        "state_display",
        "active_from",
        "active_until",
        "due_on",
        "completed_on",
    ]
    list_filter = ["kind", SanctionStateFilter]
    search_fields = ["document_number", "record__document_number", "record__subject_agency__name"]
    date_hierarchy = "active_from"
    readonly_fields = ["agency", "lifted_at", "lift_reason", "version", "sanction_evidence"]

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        remember_roles(request.user)
        return super().changelist_view(request, extra_context)

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> Any:
        remember_roles(request.user)
        if self.get_object(request, object_id) is None:
            raise Http404  # another agency's sanction "does not exist"
        return super().change_view(request, object_id, form_url, extra_context)

    def _changeform_view(self, request: HttpRequest, object_id: Any, form_url: str, extra_context: Any) -> Any:
        # Refuse first (as the records admin does): Django would redirect a refused page to itself.
        if object_id is None and not self.has_add_permission(request):
            raise PermissionDenied
        if object_id is not None and request.method == "POST":
            obj = self.get_object(request, object_id)
            if obj is not None and not self.has_change_permission(request, obj):
                raise PermissionDenied
        try:
            return super()._changeform_view(request, object_id, form_url, extra_context)  # type: ignore[misc]
        except EntryRefused as refused:  # a service's refusal after the form validated (a lost race)
            for message in refused.messages:
                messages.error(request, message)
        return HttpResponseRedirect(request.get_full_path())

    def get_queryset(self, request: HttpRequest) -> QuerySet[Sanction]:
        return Sanction.objects.visible_to(request.user).select_related(
            "agency", "record", "record__subject_agency", "record__civil_servant"
        )

    def get_list_display(self, request: HttpRequest) -> Any:
        user: Any = request.user
        return ["agency", *self.list_display] if user.is_credit_office else self.list_display

    def has_add_permission(self, request: HttpRequest) -> bool:
        # As for records: whom the records policy lets enter for their own agency (a role alone,
        # or a superuser without one, is not enough).
        user: Any = request.user
        blank: Any = CreditRecord(agency_id=user.agency_id)
        return super().has_add_permission(request) and blank.policy.may_enter(user, blank)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        if obj is None:
            return True
        return obj.lifted_at is None and obj.record.policy.may_enter(request.user, obj.record)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a sanction is lifted, never deleted

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_fields(request, obj))
        if obj is not None and not self.has_change_permission(request, obj):
            fields = [f for f in fields if f not in ("based_on_version", "evidence_file")]
        return fields

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None:
            return [*self.readonly_fields, "record"]  # a sanction stays with its record
        return self.readonly_fields

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "record":
            kwargs["queryset"] = (
                CreditRecord.objects.visible_to(request.user)
                .filter(polarity=Polarity.DISHONEST)
                .exclude(status__in=sanction_services.CLOSED_RECORD_STATUSES)
                .select_related("subject_agency", "civil_servant")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        if obj is not None and "measures" in form.base_fields:
            form.base_fields["measures"].initial = obj.measures
            form.base_fields["based_on_version"].initial = obj.version
        return form

    def save_model(self, request: HttpRequest, obj: Sanction, form: Any, change: bool) -> None:
        try:
            self._save(request, obj, form, change)
        except (ValidationError, ApplicationError, PermissionDenied) as exc:
            raise EntryRefused(messages_from(exc)) from exc

    def _save(self, request: HttpRequest, obj: Sanction, form: Any, change: bool) -> None:
        data = {k: v for k, v in form.cleaned_data.items() if k in Sanction.ENTRY_FIELDS}
        upload = form.cleaned_data.get("evidence_file")
        if change:
            data.pop("record", None)
            saved = sanction_services.sanction_update(
                sanction=Sanction.objects.get(pk=obj.pk),
                actor=request.user,
                data=data,
                version=form.cleaned_data.get("based_on_version") or 0,
                upload=upload,
            )
        else:
            saved = sanction_services.sanction_create(actor=request.user, data=data, upload=upload)
        obj.pk = saved.pk

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        pass  # no many-to-many fields; everything was saved by the service

    @admin.display(description=gettext_lazy("credit record"))
    def record_link(self, obj: Sanction) -> str:
        record = obj.record
        person = record.civil_servant
        subject = f"{person.name}（{person.id_number_masked}）" if person else str(record.subject_agency or "")
        url = reverse("admin:records_creditrecord_change", args=[record.pk])
        return format_html('<a href="{}">{} · {}</a>', url, subject, record)

    @admin.display(description=gettext_lazy("state"))
    def state_display(self, obj: Sanction) -> str:
        return state_label(obj)

    @admin.display(description=gettext_lazy("evidence files"))
    def sanction_evidence(self, obj: Sanction) -> str:
        return evidence_links_html(list(obj.evidence.all()) if obj.pk else [], "records_evidence_download")


from records import admin_reports  # noqa: E402,F401  (registers the evaluation, report and API client admins)
