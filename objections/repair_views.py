"""The civil servant's credit repair pages on the public site (/me/): apply for one record,
and follow a request. Everything is read through the applicant's own gates (`own_records`,
`repairs_of_applicant`), so another person's record or request answers 404 by every id."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from integrity.lib.errors import ApplicationError, NotVisible
from objections.forms import add_service_error
from objections.repair_forms import RepairForm
from objections.repair_models import RepairEvidence
from objections.repair_selectors import repair_options
from objections.services.objections import own_records
from objections.services.repair import repair_file, repairs_of_applicant
from objections.services.repair_rules import commitment_text
from objections.views import civil_servant_required
from records.admin_evidence import evidence_file_response


@require_http_methods(["GET", "POST"])
@civil_servant_required
def repair_new(request: HttpRequest, pk: int) -> HttpResponse:
    record = (
        own_records(request.user).select_related("civil_servant", "providing_agency", "agency").filter(pk=pk).first()
    )
    if record is None:
        raise Http404
    today = timezone.localdate()
    option = repair_options(request.user, [record], today)[record.pk]
    form = RepairForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            repair = repair_file(
                actor=request.user,
                record_id=pk,
                statement=form.cleaned_data["statement"],
                commitment_accepted=form.cleaned_data["commitment_accepted"],
                uploads=form.cleaned_data["evidence_files"],
            )
        except NotVisible as exc:
            raise Http404 from exc
        except (ApplicationError, ValidationError) as exc:
            add_service_error(form, exc)
        else:
            return redirect(reverse("objections:repair_detail", args=[repair.pk]) + "?filed=1")
    status = 400 if request.method == "POST" else 200
    context = {"record": record, "option": option, "form": form, "commitment": commitment_text(record, today)}
    return render(request, "objections/repair/file.html", context, status=status)


@require_GET
@civil_servant_required
def repair_detail(request: HttpRequest, pk: int) -> HttpResponse:
    repair = get_object_or_404(
        repairs_of_applicant(request.user).select_related("record", "agency").prefetch_related("evidence"), pk=pk
    )
    return render(
        request, "objections/repair/detail.html", {"repair": repair, "just_filed": request.GET.get("filed") == "1"}
    )


@require_GET
@civil_servant_required
def repair_evidence_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    item = get_object_or_404(RepairEvidence.objects.filter(request__in=repairs_of_applicant(request.user)), pk=pk)
    return evidence_file_response(item)
