"""A counterparty's objection or credit repair request on the public site, without an account
(issue 10, items 4 and 7).

/objections/on/<kind>/<pk>/          step 1: document number, credit code or ID number, e-mail
/objections/on/<kind>/<pk>/file/     step 2: the mailed code, reasons, evidence (and authorisation)
/objections/on/<kind>/<pk>/?for=repair, …/repair/   the same two steps for credit repair
/objections/receipt/                 the receipt with the query code, right after filing
/objections/status/                  state and dates by query code, nothing else

Every step that checks something typed is rate-limited per client address (`OBJECTION_RATE`,
`OBJECTION_STATUS_RATE`); the service also counts identification attempts per item and day.
None of these pages is cached: each depends on the visitor's session.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from core.services.objectables import Objectable, objectable_label
from core.throttling import ObjectionRateThrottle, ObjectionStatusRateThrottle, rate_limited
from integrity.lib.errors import ApplicationError, NotVisible
from objections.forms import (
    CounterpartyIdentifyForm,
    CounterpartyObjectionForm,
    CounterpartyRepairForm,
    ObjectionStatusForm,
    add_service_error,
)
from objections.models import Objection, RepairRequest
from objections.services import counterparty
from objections.services.counterparty_repair import (
    PURPOSE as REPAIR,
)
from objections.services.counterparty_repair import (
    counterparty_commitment_text,
    counterparty_repair_file,
    item_repair_blocker,
)

RECEIPT_KEY = "objections.counterparty.receipt"


def _is_post(request: HttpRequest) -> bool:
    return request.method == "POST"


def _item(kind: str, pk: int) -> tuple[str, Objectable, Any]:
    """The published item behind an address, or 404 (not objectable, not public, or unknown)."""
    label = objectable_label(kind)
    if label is None:
        raise Http404
    try:
        description, item = counterparty.public_item(label, pk)
    except NotVisible as exc:
        raise Http404 from exc
    return label, description, item


def _context(description: Objectable, item: Any, **more: Any) -> dict[str, Any]:
    return {"headline": description.headline(item), "item_url": description.public_url(item), **more}


@never_cache
@require_http_methods(["GET", "POST"])
@rate_limited(ObjectionRateThrottle, when=_is_post)
def identify(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    label, description, item = _item(kind, pk)
    purpose = REPAIR if request.GET.get("for") == REPAIR else "objection"
    form = CounterpartyIdentifyForm(request.POST or None)
    blocker = ""
    if purpose == REPAIR:  # say at once when a repair is not possible yet, and from when
        blocker, _start = item_repair_blocker(description, item, timezone.localdate())
    if request.method == "POST" and form.is_valid() and not blocker:
        data = form.cleaned_data
        try:
            counterparty.counterparty_identify(
                session=request.session,
                item_label=label,
                item_id=pk,
                document_number=data["document_number"],
                code=data["code"],
                email=data["email"],
                agent=data["agent"],
                purpose=purpose,
            )
        except NotVisible as exc:
            raise Http404 from exc
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            next_step = "objections:counterparty_repair_file" if purpose == REPAIR else "objections:counterparty_file"
            return redirect(next_step, kind=kind, pk=pk)
    status = 400 if request.method == "POST" else 200
    context = _context(description, item, form=form, purpose=purpose, blocker=blocker)
    return render(request, "objections/counterparty/identify.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
@rate_limited(ObjectionRateThrottle, when=_is_post)
def file(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    label, description, item = _item(kind, pk)
    identified = counterparty.session_identification(request.session, label, pk)
    if identified is None:  # no identification in this session (or it expired): start again
        return redirect("objections:counterparty_identify", kind=kind, pk=pk)
    form = CounterpartyObjectionForm(request.POST or None, request.FILES or None, agent=identified.agent)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            counterparty.counterparty_confirm(session=request.session, identified=identified, code=data["email_code"])
            objection = counterparty.counterparty_objection_file(
                session=request.session,
                identified=identified,
                reasons=data["reasons"],
                uploads=data["evidence_files"],
                authorisation=data.get("authorisation"),
            )
        except NotVisible as exc:
            raise Http404 from exc
        except (ApplicationError, ValidationError) as exc:
            if counterparty.session_identification(request.session, label, pk) is None:
                return redirect(reverse("objections:counterparty_identify", args=[kind, pk]) + "?restart=1")
            add_service_error(form, exc)
        else:
            request.session[RECEIPT_KEY] = ["objection", objection.pk]
            return redirect("objections:counterparty_receipt")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "objections/counterparty/file.html",
        _context(description, item, form=form, email=identified.email, confirmed=identified.confirmed),
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
@rate_limited(ObjectionRateThrottle, when=_is_post)
def repair_file(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Step 2 of a counterparty's credit repair request: the mailed code, the statement, the
    evidence and the credit commitment accepted."""
    label, description, item = _item(kind, pk)
    identified = counterparty.session_identification(request.session, label, pk, purpose=REPAIR)
    if identified is None:
        return redirect(reverse("objections:counterparty_identify", args=[kind, pk]) + f"?for={REPAIR}")
    form = CounterpartyRepairForm(request.POST or None, request.FILES or None, agent=identified.agent)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            counterparty.counterparty_confirm(session=request.session, identified=identified, code=data["email_code"])
            repair = counterparty_repair_file(
                session=request.session,
                identified=identified,
                statement=data["statement"],
                commitment_accepted=data["commitment_accepted"],
                uploads=data["evidence_files"],
                authorisation=data.get("authorisation"),
            )
        except NotVisible as exc:
            raise Http404 from exc
        except (ApplicationError, ValidationError) as exc:
            if counterparty.session_identification(request.session, label, pk, purpose=REPAIR) is None:
                return redirect(
                    reverse("objections:counterparty_identify", args=[kind, pk]) + f"?for={REPAIR}&restart=1"
                )
            add_service_error(form, exc)
        else:
            request.session[RECEIPT_KEY] = [REPAIR, repair.pk]
            return redirect("objections:counterparty_receipt")
    status = 400 if request.method == "POST" else 200
    headline = description.headline(item)
    context = _context(
        description,
        item,
        form=form,
        email=identified.email,
        commitment=counterparty_commitment_text(headline, timezone.localdate()),
    )
    return render(request, "objections/counterparty/repair_file.html", context, status=status)


@never_cache
@require_GET
def receipt(request: HttpRequest) -> HttpResponse:
    """Shown to the browser that filed, from its session; anyone else follows by query code."""
    kind, pk = request.session.get(RECEIPT_KEY) or ("", None)
    model = RepairRequest if kind == REPAIR else Objection
    filed = model.objects.filter(pk=pk).first() if pk else None
    if filed is None:
        return redirect("objections:status")
    return render(request, "objections/counterparty/receipt.html", {"filed": filed, "is_repair": kind == REPAIR})


@never_cache
@require_http_methods(["GET", "POST"])
@rate_limited(ObjectionStatusRateThrottle, when=_is_post)
def status(request: HttpRequest) -> HttpResponse:
    """The state and dates of a counterparty's objection by its query code (a POST, so the code
    stays out of addresses and logs), an objection's or a repair request's. A civil servant's
    objection is followed in /me/, so its code answers like an unknown one."""
    form = ObjectionStatusForm(request.POST or None)
    found = None
    if request.method == "POST" and form.is_valid():
        found = counterparty.by_query_code(form.cleaned_data["query_code"])
        if found is None:
            form.add_error("query_code", _("Nothing has this query code. Check the code on your receipt."))
    code = 400 if request.method == "POST" and found is None else 200
    context = {"form": form, "filed": found, "is_repair": isinstance(found, RepairRequest)}
    return render(request, "objections/counterparty/status.html", context, status=code)
