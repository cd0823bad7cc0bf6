"""The back office for core data. Object-level limits come from the `visible_to` querysets."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from integrity.lib.identifiers import normalise_id_number, validate_id_number
from integrity.lib.workdays import DayKind

from .admin_calendar import CalendarDayAddForm, may_edit_calendar, parse_search_date, schedule_upload_view
from .models import Agency, AuditEvent, CalendarDay, CalendarYear, CivilServant, Notification, User
from .selectors import missing_calendar_years
from .services.accounts import (
    agency_save,
    civil_servant_save,
    civil_servant_sign_in_create,
    group_save,
    may_create_sign_in,
    role_groups,
    user_password_changed,
    user_save,
)
from .services.audit_labels import audit_action_label
from .services.calendar import CalendarError, calendar_day_update


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by services (audit, notices, imports, calendar years): the admin just shows them."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "uscc", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "uscc"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # agencies are deactivated, never deleted: their files must survive

    def save_model(self, request: HttpRequest, obj: Agency, form: Any, change: bool) -> None:
        agency_save(actor=request.user, agency=obj)  # audited with the old and new values


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Accounts. Only a superuser sees superusers and grants superuser status, single
    permissions or groups other than the portal's roles (core.services.accounts); the
    credit office assigns roles and agencies, staff status and deactivates."""

    list_display = ["username", "last_name", "first_name", "agency", "is_staff", "is_active"]
    list_filter = ["groups", "is_staff", "is_active", "agency__kind"]
    list_select_related = ["agency"]
    autocomplete_fields = ["agency"]
    fieldsets = (*DjangoUserAdmin.fieldsets, (_("Agency"), {"fields": ["agency"]}))  # type: ignore[misc]
    # What anyone but a superuser edits: no is_superuser, no single permissions.
    staff_fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Roles and status"), {"fields": ("is_active", "is_staff", "groups")}),
        (_("Agency"), {"fields": ("agency",)}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        queryset = super().get_queryset(request)
        user: Any = request.user
        # A superuser's account is not there for anyone else: its pages answer 404.
        return queryset if user.is_superuser else queryset.filter(is_superuser=False)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        user: Any = request.user
        if obj is None or user.is_superuser:
            return super().get_fieldsets(request, obj)
        return self.staff_fieldsets

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        user: Any = request.user
        if db_field.name == "groups" and not user.is_superuser:
            kwargs["queryset"] = role_groups()
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # accounts are deactivated, never deleted: the audit log names them

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        """Saved in `save_related`, together with its roles, so one audit event has both."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        data = form.cleaned_data
        user_save(
            actor=request.user,
            user=form.instance,
            groups=data["groups"] if "groups" in form.fields else None,
            permissions=data["user_permissions"] if "user_permissions" in form.fields else None,
        )
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        # Django's view saves the form itself; the audit event joins its transaction.
        with transaction.atomic():
            before = User.objects.filter(pk=id).values_list("password", flat=True).first() if id.isdigit() else None
            response = super().user_change_password(request, id, form_url)
            if before is not None and request.method == "POST":
                target = User.objects.get(pk=id)
                if target.password != before:
                    user_password_changed(actor=request.user, user=target)
        return response


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(DjangoGroupAdmin):
    """Roles and their permissions: superusers only (the roles' permissions come from code,
    core.roles, and are re-applied after every migrate)."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(getattr(request.user, "is_superuser", False))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(getattr(request.user, "is_superuser", False))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(getattr(request.user, "is_superuser", False))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(getattr(request.user, "is_superuser", False))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a role's members would silently lose it

    def save_model(self, request: HttpRequest, obj: Group, form: Any, change: bool) -> None:
        """Saved in `save_related`, together with its permissions."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        group_save(actor=request.user, group=form.instance, permissions=form.cleaned_data.get("permissions"))


class CivilServantForm(forms.ModelForm):
    new_id_number = forms.CharField(
        label=_("ID number"),
        max_length=18,
        required=False,
        help_text=_("18 characters. Stored encrypted. Leave blank to keep the current number."),
    )

    class Meta:
        model = CivilServant
        fields = ["name", "agency", "position", "user"]

    def clean_new_id_number(self) -> str:
        number = normalise_id_number(self.cleaned_data.get("new_id_number", ""))
        if not number:
            if not self.instance.pk:
                raise ValidationError(_("Enter the ID number."), code="required")
            return ""
        validate_id_number(number)
        duplicate = CivilServant.objects.filter(id_number_hash=CivilServant.hash_for(number))
        if duplicate.exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("Another civil servant has this ID number."), code="duplicate")
        return number

    def save(self, commit: bool = True) -> CivilServant:
        if self.cleaned_data.get("new_id_number"):
            self.instance.id_number = self.cleaned_data["new_id_number"]
        return super().save(commit)


class SignInAccountForm(forms.Form):
    username = forms.RegexField(
        label=_("username"),
        regex=r"^[A-Za-z0-9_.-]{3,40}$",
        required=False,
        help_text=_("Letters, digits and _ . - (3 to 40)."),
    )
    email = forms.EmailField(label=_("e-mail"), required=False, help_text=_("The set-password link is sent here."))

    def __init__(self, *args: Any, person: CivilServant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        if person.user_id is not None:  # a new link for the existing account: nothing to type
            del self.fields["username"], self.fields["email"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.person.user_id is None:
            for name in ("username", "email"):
                if name in self.fields and not data.get(name) and name not in self.errors:
                    self.add_error(name, _("This field is required."))
        return data


@admin.register(CivilServant)
class CivilServantAdmin(admin.ModelAdmin):
    form = CivilServantForm
    list_display = ["name", "agency", "position", "masked_id"]
    list_filter = ["agency__kind"]
    search_fields = ["name"]
    list_select_related = ["agency"]
    autocomplete_fields = ["agency", "user"]
    readonly_fields = ["masked_id", "sign_in"]

    @admin.display(description=_("ID number"))
    def masked_id(self, obj: CivilServant) -> str:
        return obj.id_number_masked if obj.pk else ""

    def get_queryset(self, request: HttpRequest) -> QuerySet[CivilServant]:
        return CivilServant.objects.visible_to(request.user).select_related("agency")

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[CivilServant], search_term: str
    ) -> tuple[QuerySet[CivilServant], bool]:
        # Exact lookup by ID number goes through the keyed hash, never a decrypting scan.
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = normalise_id_number(search_term)
        if len(term) == 18:
            queryset |= self.get_queryset(request).filter(id_number_hash=CivilServant.hash_for(term))
        return queryset, may_have_duplicates

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        user: Any = request.user
        fields = list(self.readonly_fields)
        if obj is not None and user.has_perm("core.view_full_id_number"):
            fields.append("full_id")  # authorised staff only; everyone else sees the masked form
        # Linking an account decides whose "own file" this is: only the credit office does it.
        return fields + ([] if user.is_credit_office else ["user"])

    @admin.display(description=_("full ID number"))
    def full_id(self, obj: CivilServant) -> str:
        return obj.id_number

    @admin.display(description=_("sign-in on the public site"))
    def sign_in(self, obj: CivilServant) -> str:
        from django.urls import reverse
        from django.utils.html import format_html

        if obj.pk is None:
            return ""
        url = reverse("admin:core_civilservant_sign_in", args=[obj.pk])
        if obj.user_id is None:
            return format_html('<a class="button" href="{}">{}</a>', url, _("Create sign-in account"))
        assert obj.user is not None
        if not obj.user.has_usable_password():
            return format_html('{} · <a href="{}">{}</a>', obj.user.username, url, _("Send a new set-password link"))
        return obj.user.username

    def get_urls(self) -> list[Any]:
        return [
            path(
                "<path:object_id>/sign-in/",
                self.admin_site.admin_view(self.sign_in_view),
                name="core_civilservant_sign_in",
            ),
            *super().get_urls(),
        ]

    def sign_in_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Create the person's sign-in account (or send a new link): the credit office or a
        reviewer of the person's agency; anyone else, or another agency's person, 404."""
        from django.http import Http404, HttpResponseRedirect
        from django.shortcuts import render
        from django.urls import reverse

        person = self.get_queryset(request).filter(pk=object_id).select_related("user").first()
        if person is None or not may_create_sign_in(request.user, person):
            raise Http404
        form = SignInAccountForm(request.POST or None, person=person)
        if request.method == "POST" and form.is_valid():
            try:
                civil_servant_sign_in_create(
                    actor=request.user,
                    person=person,
                    username=form.cleaned_data.get("username") or "",
                    email=form.cleaned_data.get("email") or "",
                    base_url=request.build_absolute_uri("/"),
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("The set-password link has been mailed."))
                return HttpResponseRedirect(reverse("admin:core_civilservant_change", args=[person.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Sign-in account for %(name)s") % {"name": person.name},
            "form": form,
            "person": person,
            "opts": self.model._meta,
        }
        return render(request, "admin/core/civilservant/sign_in.html", context)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a civil servant's file is kept; it moves agency or is linked to no account

    def save_model(self, request: HttpRequest, obj: CivilServant, form: Any, change: bool) -> None:
        civil_servant_save(actor=request.user, person=obj)  # audited; the ID number only as "changed"

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        user: Any = request.user
        if db_field.name == "agency" and not user.is_credit_office:
            kwargs["queryset"] = Agency.objects.filter(pk=user.agency_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(CalendarYear)
class CalendarYearAdmin(ReadOnlyAdmin):
    """Whole years come through the upload page (`upload/`) or `import_calendar`, which share
    the checks; single days are edited under calendar days."""

    list_display = ["year", "source", "loaded_at"]
    change_list_template = "admin/core/calendaryear/change_list.html"

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        from django.utils import timezone

        extra_context = {
            **(extra_context or {}),
            "missing_years": missing_calendar_years(timezone.localdate()),
            "may_edit_calendar": may_edit_calendar(request.user),
        }
        return super().changelist_view(request, extra_context)

    def get_urls(self) -> list[Any]:
        return [
            path("upload/", self.admin_site.admin_view(self.upload_view), name="core_calendaryear_upload"),
            *super().get_urls(),
        ]

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        context = {**self.admin_site.each_context(request), "opts": self.model._meta}
        return schedule_upload_view(request, context=context)


class CalendarDayForm(forms.ModelForm):
    reason = forms.CharField(label=_("Reason for the change"), widget=forms.Textarea(attrs={"rows": 2}))

    class Meta:
        model = CalendarDay
        fields = ["kind", "note", "source"]


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    form = CalendarDayForm
    list_display = ["date", "weekday", "kind", "note", "source"]
    list_filter = ["kind", ("date", admin.DateFieldListFilter)]
    date_hierarchy = "date"
    search_fields = ["note"]
    search_help_text = _("A date (2026-10-01) or words of the note")

    @admin.display(description=_("weekday"))
    def weekday(self, obj: CalendarDay) -> str:
        return "一二三四五六日"[obj.date.weekday()]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # "Adding" sets one day of a covered year (CalendarDayAddForm); whole years are uploaded.
        return may_edit_calendar(request.user)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[CalendarDay], search_term: str
    ) -> tuple[QuerySet[CalendarDay], bool]:
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        date = parse_search_date(search_term)
        if date is not None:
            found = found | queryset.filter(date=date)
        return found, may_have_duplicates

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return [*CalendarDayAddForm._meta.fields, "reason"]  # type: ignore[misc]
        return super().get_fields(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: CalendarDay, form: Any, change: bool) -> None:
        # Every calendar edit goes through the service: audited, and open deadlines recomputed.
        try:
            calendar_day_update(
                date=obj.date,
                kind=DayKind(obj.kind),
                note=obj.note,
                source=obj.source,
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except CalendarError as exc:
            messages.error(request, str(exc))

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is None:
            return super().get_form(request, obj, change, form=CalendarDayAddForm, **kwargs)
        form_class = super().get_form(request, obj, change, **kwargs)

        class Checked(form_class):  # type: ignore[misc, valid-type]
            def clean(self) -> dict[str, Any]:
                data = super().clean()
                from .services.calendar import check_day_kind

                if obj is not None and data.get("kind"):
                    try:
                        check_day_kind(obj.date, DayKind(data["kind"]))
                    except CalendarError as exc:
                        raise ValidationError({"kind": str(exc)}) from exc
                return data

        return Checked


class AuditActionFilter(admin.SimpleListFilter):
    """Filter by what happened, in words (the stored codes stay in the query string only)."""

    title = _("what happened")
    parameter_name = "action"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        actions = AuditEvent.objects.order_by().values_list("action", flat=True).distinct()
        return sorted(((a, audit_action_label(a)) for a in actions), key=lambda pair: pair[1])

    def queryset(self, request: HttpRequest, queryset: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """One readable line per event: when, who, what happened to which object, from and to."""

    list_display = ["created_at", "actor_label", "action_label", "object_link", "change", "source_ip"]
    list_filter = [
        ("created_at", admin.DateFieldListFilter),
        AuditActionFilter,
        ("actor", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["object_repr", "actor_label", "object_id", "reason"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "created_at",
        "actor_label",
        "action_label",
        "object_link",
        "change",
        "reason",
        "data",
        "source_ip",
        "key_id",
        "prev_hash",
        "hash",
    ]
    fields = tuple(readonly_fields)

    @admin.display(description=_("what happened"), ordering="action")
    def action_label(self, obj: AuditEvent) -> str:
        return audit_action_label(obj.action)

    @admin.display(description=_("object"))
    def object_link(self, obj: AuditEvent) -> str:
        from django.urls import NoReverseMatch, reverse
        from django.utils.html import format_html

        app_label, _, model = obj.object_type.partition(".")
        try:
            url = reverse(f"admin:{app_label}_{model}_change", args=[obj.object_id])
        except NoReverseMatch:
            return obj.object_repr
        return format_html('<a href="{}">{}</a>', url, obj.object_repr or obj.object_id)

    @admin.display(description=_("change"))
    def change(self, obj: AuditEvent) -> str:
        if not (obj.from_state or obj.to_state):
            return ""
        from core.workflow import Status

        labels = dict(Status.choices)
        return f"{labels.get(obj.from_state, obj.from_state) or '—'} → {labels.get(obj.to_state, obj.to_state)}"


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "subject", "kind_label", "read_at"]
    list_filter = ["kind"]
    readonly_fields = ["kind_label", "subject", "body", "link", "created_at", "read_at"]
    fields = tuple(readonly_fields)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Notification]:
        return super().get_queryset(request).filter(recipient=request.user)  # own notices only

    @admin.display(description=_("kind"), ordering="kind")
    def kind_label(self, obj: Notification) -> str:
        from .services.notifications import notification_kind_label

        return notification_kind_label(obj.kind)

    @admin.display(description=_("link"))
    def link(self, obj: Notification) -> str:
        from django.utils.html import format_html

        return format_html('<a href="{}">{}</a>', obj.url, _("Open")) if obj.url else ""


from . import admin_sharing  # noqa: E402,F401 - registers the sharing outbox's admin
