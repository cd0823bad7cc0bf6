"""Public pages of the records app: the evaluation table and its method, the agency credit
report (a preview, and a POST that issues it with a code), issued reports, their PDFs and the
verification page. Nothing here shows a natural person's name unmasked."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_GET, require_http_methods

from core.models import Agency, CivilServant
from core.throttling import SearchRateThrottle, rate_limited
from records import evaluation as formula
from records import public_lists, selectors
from records.models import IssuedReport, RankingGroup, ReportSubject
from records.pdf import report_pdf
from records.reports import agency_report_content, public_subject_name
from records.services.reports import report_for_code, report_issue

BAR_WIDTH, BAR_GAP, CHART_HEIGHT = 9, 3, 28


def trend_svg(trend: list[tuple[dt.date, Any]]) -> SafeString:
    """Quarter scores as a small bar chart drawn here (no script, no CDN, no inline style)."""
    bars = []
    for i, (start, s) in enumerate(trend):
        q = f"{start.year}Q{(start.month - 1) // 3 + 1}"
        if s is None:
            continue
        h = max(1, int(Decimal(s.score) * CHART_HEIGHT / formula.base()))
        bars.append(
            (i * (BAR_WIDTH + BAR_GAP), CHART_HEIGHT - h, BAR_WIDTH, h, f"grade-{s.grade.lower()}", f"{q} {s.score}")
        )
    width = len(trend) * (BAR_WIDTH + BAR_GAP)
    rects = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" class="{}"><title>{}</title></rect>',
        bars,
    )
    label = " · ".join(f"{start.year}Q{(start.month - 1) // 3 + 1} {s.score}" for start, s in trend if s is not None)
    return format_html(
        '<svg class="trend" role="img" aria-label="{}" width="{}" height="{}" viewBox="0 0 {} {}">{}</svg>',
        label,
        width,
        CHART_HEIGHT,
        width,
        CHART_HEIGHT,
        rects,
    )


def public_cache(view: Any) -> Any:
    return cache_page(settings.PUBLIC_PAGE_CACHE_SECONDS)(view)


@require_GET
@public_cache
def evaluation_table(request: HttpRequest) -> HttpResponse:
    years = selectors.evaluation_years()
    try:
        year = int(request.GET.get("year") or (years[0] if years else timezone.localdate().year))
    except ValueError:
        year = years[0] if years else timezone.localdate().year
    table = selectors.evaluation_table(year)
    groups = []
    for group in RankingGroup:
        rows = [
            {
                "row": r,
                "grade": formula.GRADE_LABELS.get(r.year.grade, r.year.grade),
                "trend": trend_svg(r.trend),
                "report_url": reverse("records:agency-report", args=[r.agency.uscc]),
            }
            for r in table[group.value]
        ]
        groups.append({"key": group.value, "label": group.label, "rows": rows})
    as_of = max((r["row"].year.as_of for g in groups for r in g["rows"]), default=None)
    return render(
        request,
        "records/evaluation_table.html",
        {"groups": groups, "years": years, "year": year, "as_of": as_of},
    )


@require_GET
@public_cache
def evaluation_method(request: HttpRequest) -> HttpResponse:
    weights = formula.weights()
    terms = [{"key": t.key, "label": t.label, "weight": weights[t.key]} for t in formula.evaluation_terms()]
    grades = [(letter, formula.GRADE_LABELS[letter], minimum) for letter, minimum in settings.EVALUATION_GRADES]
    return render(
        request,
        "records/evaluation_method.html",
        {"terms": terms, "base": formula.base(), "grades": grades, "fail_label": formula.GRADE_LABELS["D"]},
    )


def _report_context(content: dict[str, Any], report: IssuedReport | None) -> dict[str, Any]:
    return {"content": content, "report": report}


@require_http_methods(["GET", "POST"])
@rate_limited(SearchRateThrottle, when=lambda r: r.method == "POST")
def agency_report(request: HttpRequest, uscc: str) -> HttpResponse:
    """GET: the report as it would be issued now (no code). POST: issue it, then show it."""
    agency = get_object_or_404(Agency, uscc=uscc.upper(), is_active=True)
    content = agency_report_content(agency)
    if request.method == "POST":
        report = report_issue(content=content, requested_by=request.user)
        return redirect("records:report", code=report.code)
    return render(request, "records/report.html", {**_report_context(content, None), "issue_url": request.path})


def _readable(request: HttpRequest, code: str) -> IssuedReport:
    report = report_for_code(code)
    if report is None:
        raise Http404
    if report.subject_kind == ReportSubject.CIVIL_SERVANT:
        # A civil servant's report is for authorised staff only (those who may read the file).
        user = request.user
        if not (
            user.is_authenticated and CivilServant.objects.visible_to(user).filter(pk=report.subject_code).exists()
        ):
            raise Http404
    return report


@require_GET
def issued_report(request: HttpRequest, code: str) -> HttpResponse:
    report = _readable(request, code)
    return render(request, "records/report.html", _report_context(report.content, report))


@require_GET
def issued_report_pdf(request: HttpRequest, code: str) -> HttpResponse:
    report = _readable(request, code)
    body = report_pdf(report, verify_url=request.build_absolute_uri(reverse("records:verify", args=[report.code])))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="credit-report-{report.code}.pdf"'
    return response


@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    report = report_for_code(code)
    context: dict[str, Any] = {"code": code.strip().upper()}
    if report is not None:
        context["found"] = {
            "code": report.code,
            "kind": report.get_subject_kind_display(),
            "name": public_subject_name(report.subject_kind, report.subject_name),
            "subject_code": report.subject_code if report.subject_kind != ReportSubject.CIVIL_SERVANT else "",
            "issued_at": report.issued_at,
            "issued_to": report.api_client.name if report.api_client_id and report.api_client else "",
            "sha256": report.content_sha256,
        }
    return render(request, "records/verify.html", context, status=200 if report else 404)


def _record_list(request: HttpRequest, polarity: str, template: str) -> HttpResponse:
    """Good examples and dishonesty cases: the same filters, pager and masking."""
    form = public_lists.PublicListFilter(request.GET or None)
    status, page = 200, None
    items: list[dict[str, Any]] = []
    if form.is_bound and not form.is_valid():
        status = 400  # the form shows its field messages; nothing is listed
    else:
        qs = public_lists.public_list_records(polarity)
        page, items = public_lists.record_page(form.apply(qs) if form.is_bound else qs, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        template,
        {
            "form": form,
            **public_lists.filter_choices(),
            "years": public_lists.list_years(polarity),
            "selected": {k: (request.GET.get(k) or "").strip() for k in ("agency", "area", "year")},
            "items": items,
            "page": page,
            "query": query.urlencode(),
        },
        status=status,
    )


@require_GET
@public_cache
def good_examples(request: HttpRequest) -> HttpResponse:
    return _record_list(request, public_lists.GOOD, "records/public/good_examples.html")


@require_GET
@public_cache
def dishonesty_cases(request: HttpRequest) -> HttpResponse:
    return _record_list(request, public_lists.BAD, "records/public/dishonesty_cases.html")


@require_GET
@public_cache
def restricted_agencies(request: HttpRequest) -> HttpResponse:
    page, items = public_lists.restricted_page(request.GET.get("page"))
    return render(request, "records/public/restricted_agencies.html", {"page": page, "items": items})
