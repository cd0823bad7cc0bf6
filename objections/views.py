"""The civil servant's own pages on the public site (/me/): the file, one record, an objection
with its receipt. Everything is read through the filer's own gates (`own_records`,
`objections_of_filer`), so another person's record or objection answers 404 by every id."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from core.account import is_civil_servant_account
from core.models import CivilServant
from integrity.lib.errors import ApplicationError, NotVisible
from objections.forms import ObjectionForm, add_service_error
from objections.models import ObjectionEvidence
from objections.repair_selectors import repair_options
from objections.selectors import my_file as file_entries
from objections.services.objections import objection_file, objections_of_filer
from records.admin_evidence import evidence_file_response


def civil_servant_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Signed in on the public site as a civil servant; a staff account has no file here (404)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("core:login"))
        if not is_civil_servant_account(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return never_cache(wrapped)


@require_GET
@civil_servant_required
def my_file(request: HttpRequest) -> HttpResponse:
    person = CivilServant.objects.select_related("agency").get(user=request.user)
    entries = file_entries(request.user)
    open_objections = [o for e in entries for o in e.objections if o.is_open]
    repairs = repair_options(request.user, [e.record for e in entries], timezone.localdate())
    for entry in entries:
        entry.repair = repairs[entry.record.pk]  # type: ignore[attr-defined]
    return render(
        request, "objections/me.html", {"person": person, "entries": entries, "open_objections": open_objections}
    )


@require_GET
@civil_servant_required
def my_record(request: HttpRequest, pk: int) -> HttpResponse:
    entries = file_entries(request.user, record_id=pk)
    if not entries:
        raise Http404
    return render(request, "objections/record.html", {"entry": entries[0]})


@require_http_methods(["GET", "POST"])
@civil_servant_required
def objection_new(request: HttpRequest, pk: int) -> HttpResponse:
    entries = file_entries(request.user, record_id=pk)
    if not entries:
        raise Http404
    entry = entries[0]
    form = ObjectionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            objection = objection_file(
                actor=request.user,
                record_id=pk,
                reasons=form.cleaned_data["reasons"],
                uploads=form.cleaned_data["evidence_files"],
            )
        except NotVisible as exc:
            raise Http404 from exc
        except (ApplicationError, ValidationError) as exc:
            add_service_error(form, exc)
        else:
            return redirect(reverse("objections:detail", args=[objection.pk]) + "?filed=1")
    status = 400 if request.method == "POST" else 200
    return render(request, "objections/file.html", {"entry": entry, "form": form}, status=status)


@require_GET
@civil_servant_required
def objection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    objection = get_object_or_404(
        objections_of_filer(request.user).select_related("record", "agency").prefetch_related("evidence"), pk=pk
    )
    return render(
        request,
        "objections/detail.html",
        {"objection": objection, "just_filed": request.GET.get("filed") == "1"},
    )


@require_GET
@civil_servant_required
def evidence_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    item = get_object_or_404(ObjectionEvidence.objects.filter(objection__in=objections_of_filer(request.user)), pk=pk)
    return evidence_file_response(item)
