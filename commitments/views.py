"""The public commitments section: anonymous, cached briefly, no natural-person data."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_GET

from commitments import presenters, selectors
from commitments.filters import PublicCommitmentFilter
from commitments.models import Commitment, CommitmentKind, Fulfilment
from core.models import Agency

PAGE_SIZE = 20


@require_GET
@cache_page(settings.PUBLIC_PAGE_CACHE_SECONDS)
def commitment_list(request: HttpRequest) -> HttpResponse:
    form = PublicCommitmentFilter(request.GET or None)
    status, items, page = 200, [], None
    if form.is_bound and not form.is_valid():
        status = 400
    else:
        qs = selectors.public_list(form.apply(Commitment.objects.public()) if form.is_bound else None)
        page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
        items = [presenters.list_item(c) for c in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    agencies = Agency.objects.filter(commitments__status="published").distinct().order_by("name")
    return render(
        request,
        "commitments/list.html",
        {
            "form": form,
            "kinds": CommitmentKind.choices,
            "states": Fulfilment.choices,
            "agencies": list(agencies.values_list("uscc", "name")),
            "selected": {k: (request.GET.get(k) or "").strip() for k in ("kind", "agency", "state")},
            "items": items,
            "page": page,
            "query": query.urlencode(),
        },
        status=status,
    )


@require_GET
@cache_page(settings.PUBLIC_PAGE_CACHE_SECONDS)
def commitment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = selectors.public_detail(pk)
    if commitment is None:
        raise Http404  # not published, revoked, or never existed: the same answer
    return render(request, "commitments/detail.html", {"item": presenters.public_commitment(commitment)})
