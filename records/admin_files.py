"""The staff pages of integrity files (issue 9, item 9): find a file, and the whole file of an
agency or a civil servant in time order, assembled from the sections of `records.selectors`.

Who may open a file is `records.selectors.file_subject_for` (the same gate as the records:
clerks and reviewers of the agency, the credit office, an overseer for what was notified to
it); anything else answers 404. ID numbers appear masked.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.models import Agency
from core.workflow import Status
from integrity.lib.errors import NotVisible
from integrity.lib.identifiers import normalise_id_number
from integrity.lib.masking import mask_id_number
from records import selectors
from records.filters import remember_roles
from records.models import Category, Polarity, Tier, UseScope


def _blank(choices: Any) -> list[tuple[str, Any]]:
    return [("", gettext_lazy("all")), *choices]


class FileFilterForm(forms.Form):
    """The filters of one file page (GET); an invalid value is a form error, never a 500."""

    q = forms.CharField(label=gettext_lazy("Text or document number"), required=False, max_length=100)
    category = forms.ChoiceField(label=gettext_lazy("category"), required=False, choices=_blank(Category.choices))
    polarity = forms.ChoiceField(label=gettext_lazy("polarity"), required=False, choices=_blank(Polarity.choices))
    status = forms.ChoiceField(label=gettext_lazy("status"), required=False, choices=_blank(Status.choices))
    tier = forms.ChoiceField(label=gettext_lazy("tier"), required=False, choices=_blank(Tier.choices))
    use_scope = forms.ChoiceField(
        label=gettext_lazy("use scope (信息使用范围)"), required=False, choices=_blank(UseScope.choices)
    )
    year = forms.IntegerField(label=gettext_lazy("year"), required=False, min_value=1949, max_value=2100)

    def filters(self) -> selectors.FileFilters:
        if not self.is_valid():
            return selectors.FileFilters()
        data = self.cleaned_data
        return selectors.FileFilters(
            category=data["category"],
            polarity=data["polarity"],
            status=data["status"],
            tier=data["tier"],
            use_scope=data["use_scope"],
            year=data["year"],
            q=data["q"].strip(),
        )


class FileIndexForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Name, full ID number or credit code"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("An ID number is matched exactly (all 18 characters), never in part."),
    )
    agency = forms.ModelChoiceField(label=gettext_lazy("agency"), required=False, queryset=Agency.objects.none())

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency_field = self.fields["agency"]
        assert isinstance(agency_field, forms.ModelChoiceField)
        agency_field.queryset = selectors.agencies_for_index(user=user)


def file_index_view(admin: Any, request: HttpRequest) -> HttpResponse:
    """Find a file: agencies and civil servants the user may open, by name, full ID number
    (through the keyed hash), credit code or agency."""
    remember_roles(request.user)
    if not selectors.may_open_files(request.user):
        raise PermissionDenied
    form = FileIndexForm(request.GET or None, user=request.user)
    q, agency = "", None
    if form.is_valid():
        q, agency = form.cleaned_data["q"], form.cleaned_data["agency"]
    people = selectors.servants_for_index(user=request.user, q=q, agency_id=agency.pk if agency else None)
    by_id_number = ""
    if len(normalise_id_number(q)) == 18:
        # The page never shows a full ID number, not even the one typed into the search box.
        by_id_number = mask_id_number(normalise_id_number(q))
        data = request.GET.copy()
        data["q"] = ""
        form = FileIndexForm(data, user=request.user)
    people_page = Paginator(people, selectors.INDEX_PAGE_SIZE).get_page(request.GET.get("page"))
    agencies = selectors.agencies_for_index(user=request.user, q=q)
    if agency is not None:
        agencies = agencies.filter(pk=agency.pk)
    context = {
        **admin.admin_site.each_context(request),
        "title": _("Integrity files"),
        "opts": admin.model._meta,
        "form": form,
        "agencies": agencies[: selectors.INDEX_PAGE_SIZE],
        "people": people_page,
        "query": form.data if form.is_bound else {},
        "by_id_number": by_id_number,
    }
    return TemplateResponse(request, "admin/records/file/index.html", context)


def reading_context(site: Any, request: HttpRequest) -> dict[str, Any]:
    """The admin's page context without the navigation sidebar: a file is a wide reading page
    (the breadcrumbs lead back), and building the sidebar's app list (every model's permissions
    and URLs) cost a fifth of the page (bench/README.md, "Integrity file pages")."""
    script_name = request.META.get("SCRIPT_NAME", "")
    return {
        "site_title": site.site_title,
        "site_header": site.site_header,
        "site_url": script_name if site.site_url == "/" and script_name else site.site_url,
        "has_permission": site.has_permission(request),
        "available_apps": [],
        "is_popup": False,
        "is_nav_sidebar_enabled": False,
        "log_entries": [],
    }


def file_view(admin: Any, request: HttpRequest, *, agency_id: int | None = None, servant_id: int | None = None) -> Any:
    remember_roles(request.user)
    try:
        subject = selectors.file_subject_for(user=request.user, agency_id=agency_id, servant_id=servant_id)
    except NotVisible as exc:
        raise Http404 from exc
    form = FileFilterForm(request.GET or None)
    ctx = selectors.FileContext(
        user=request.user,
        subject=subject,
        filters=form.filters(),
        page=request.GET.get("page"),
        today=timezone.localdate(),
    )
    query = request.GET.copy()
    query.pop("page", None)
    title = (
        _("Integrity file of %(name)s") % {"name": subject.name}
        if subject.agency is not None
        else _("Integrity file of %(name)s (civil servant)") % {"name": subject.name}
    )
    context = {
        **reading_context(admin.admin_site, request),
        "title": title,
        "opts": admin.model._meta,
        "subject": subject,
        "form": form,
        "sections": selectors.file_sections(ctx),
        "filtered": ctx.filters.any,
        "page_query": query.urlencode(),
        "today": ctx.today,
    }
    return TemplateResponse(request, "admin/records/file/file.html", context)


# --- bulk entry (issue 9, item 10) ---


class RecordImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File (.csv or .xlsx)"))
    submit = forms.BooleanField(label=gettext_lazy("Submit for review after import"), required=False, initial=True)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Only .csv and .xlsx files can be imported."))
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 20 MB; split it."))
        return upload


def record_import_view(admin: Any, request: HttpRequest) -> HttpResponse:
    """Check the whole file in the request (hundreds of rows, at most RECORDS_IMPORT_MAX_ROWS;
    not a job) and import all of it or nothing; the row errors are shown on the page."""
    import tempfile
    from pathlib import Path

    from django.contrib import messages
    from django.http import HttpResponseRedirect
    from django.urls import reverse

    from records.services import imports

    remember_roles(request.user)
    if not imports.import_permitted(request.user):
        raise PermissionDenied
    form = RecordImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
            handle.flush()
            result = imports.records_import(
                actor=request.user,
                path=Path(handle.name),
                original_name=upload.name,
                submit=form.cleaned_data["submit"],
            )
        if result.ok:
            messages.success(
                request,
                _("%(count)d records imported from %(name)s.") % {"count": result.imported, "name": upload.name},
            )
            return HttpResponseRedirect(reverse("admin:records_creditrecord_changelist"))
    context = {
        **admin.admin_site.each_context(request),
        "title": _("Import credit records"),
        "opts": admin.model._meta,
        "form": form,
        "result": result,
    }
    return TemplateResponse(request, "admin/records/creditrecord/import.html", context)


def record_template_view(admin: Any, request: HttpRequest, fmt: str) -> HttpResponse:
    from records.services import imports

    if not imports.import_permitted(request.user):
        raise PermissionDenied
    if fmt == "csv":
        response = HttpResponse(imports.template_csv(), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            imports.template_xlsx(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    response["Content-Disposition"] = f'attachment; filename="template-credit-records.{fmt}"'
    return response
