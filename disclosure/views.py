"""The public site: anonymous, cached briefly, no personal data beyond the masking rule."""

from __future__ import annotations

import csv
import io
import itertools
import json
import logging
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_GET, require_http_methods

from core.models import Agency
from core.throttling import DownloadRateThrottle, SearchRateThrottle, rate_limited
from disclosure import selectors
from disclosure.filters import PublicActionFilter
from disclosure.models import ActionKind
from disclosure.presenters import (
    COLUMN_DESCRIPTIONS,
    PUBLIC_COLUMNS,
    action_marks,
    list_items,
    public_fields,
    public_item,
    standard_columns_public,
    standard_row,
    takedown_entry,
)
from disclosure.reports import company_report_content
from integrity.lib.identifiers import validate_uscc
from integrity.lib.spreadsheet import safe_cell
from records.public import public_agency_sections, public_record_takedowns
from records.services.reports import report_issue

DOWNLOAD_MAX_ROWS = 10_000
DOWNLOAD_CHUNK = 1000

logger = logging.getLogger(__name__)


def public_cache(view: Any) -> Any:
    return cache_page(settings.PUBLIC_PAGE_CACHE_SECONDS)(view)


@require_GET
@public_cache
def home(request: HttpRequest) -> HttpResponse:
    latest = list(selectors.for_lists(selectors.public_actions()).order_by(*selectors.ORDER)[:8])
    # A full count at a million rows takes a while: shared for five minutes across requests.
    counts: dict[str, int] = cache.get_or_set("disclosure:counts-by-kind", selectors.counts_by_kind, 300) or {}
    return render(
        request,
        "disclosure/home.html",
        {
            "latest": list_items(latest),
            "L": item_labels(),
            "counts": [(k, label, counts.get(k, 0)) for k, label in ActionKind.choices],
            "total": sum(counts.values()),
        },
    )


def _filtered(request: HttpRequest) -> PublicActionFilter:
    return PublicActionFilter(request.GET or None, queryset=selectors.public_actions())


# How many earlier cursors a page carries for its "previous" link (keyset pages cannot count
# back); beyond that the previous link of a deep page leads to the first page.
TRAIL_LENGTH = 10


def _pager(request: HttpRequest, next_cursor: str | None) -> dict[str, str | None]:
    """Links forward, back and to the first page, keeping every other parameter.

    Keyset pages only know the way forward, so each link carries the trail of the cursors
    that led here (`back`, newest last): "previous" pops one, "next" pushes the current one."""
    query = request.GET.copy()
    cursor = query.pop("cursor", [""])[-1]
    raw_trail = query.pop("back", [""])[-1]
    trail = [c for c in raw_trail.split(".") if c and selectors.decode_cursor(c)][-TRAIL_LENGTH:]
    plain = query.urlencode()

    def href(cursor_value: str, back: list[str]) -> str:
        params = query.copy()
        if cursor_value:
            params["cursor"] = cursor_value
        if back:
            params["back"] = ".".join(back[-TRAIL_LENGTH:])
        return "?" + params.urlencode()

    on_first = not (cursor and selectors.decode_cursor(cursor))
    links: dict[str, str | None] = {"next": None, "prev": None, "start": None, "query": plain}
    if next_cursor:
        links["next"] = href(next_cursor, [*trail, cursor] if not on_first else [])
    if not on_first:
        previous = trail[-1] if trail else ""
        links["prev"] = href(previous, trail[:-1])
        links["start"] = href("", [])
    return links


def _exact_code(query: str) -> str | None:
    code = query.strip().upper()
    if len(code) != 18:
        return None
    try:
        validate_uscc(code)
    except ValidationError:
        return None
    return code


def item_labels() -> dict[str, str]:
    """The labels of a result, translated once per page rather than once per result."""
    return {
        "kind": _("Kind"),
        "decision_date": _("Decision date"),
        "agency": _("Deciding agency"),
        "document_number": _("Document number"),
        "subject": _("All decisions about this party"),
        "status": _("Status"),
    }


def _count(filterset: PublicActionFilter) -> dict[str, Any]:
    """The result count: exact from the five-minute counts by kind when nothing but the kind
    is chosen (the commonest pages), else capped (selectors.capped_count)."""
    data = filterset.form.cleaned_data if filterset.is_bound else {}
    if data.get("q") and not any(data.get(k) for k in ("kind", "agency", "decided_from", "decided_to")):
        # A search alone: exact when few, else the statistics' estimate ("about N").
        return selectors.search_count(filterset.qs, data["q"])
    if not any(data.get(k) for k in ("q", "agency", "decided_from", "decided_to")):
        counts: dict[str, int] = cache.get_or_set("disclosure:counts-by-kind", selectors.counts_by_kind, 300) or {}
        kind = data.get("kind")
        return {"n": counts.get(kind, 0) if kind else sum(counts.values()), "capped": False}
    return selectors.capped_count(filterset.qs)


@require_GET
@public_cache
@rate_limited(SearchRateThrottle, when=lambda request: bool(request.GET.get("q")))
def action_list(request: HttpRequest) -> HttpResponse:
    filterset = _filtered(request)
    page = None
    count = None
    if filterset.is_bound and not filterset.is_valid():
        status = 400
    else:
        status = 200
        code = _exact_code(filterset.form.cleaned_data.get("q") or "") if filterset.is_bound else None
        if code and selectors.has_public_subject(code):
            # An exact 统一社会信用代码 is looking for one company: its page gathers everything.
            return redirect("disclosure:subject", code)
        page = selectors.keyset_page(selectors.for_lists(filterset.qs), request.GET.get("cursor"))
        count = _count(filterset)
        if not count.get("estimated") and (
            count["n"] < len(page.items) or (page.next_cursor and count["n"] <= len(page.items))
        ):
            # The shared counts lag publications by up to five minutes; never show fewer than the page.
            count = selectors.capped_count(filterset.qs)
    more_open = any(request.GET.get(k) for k in ("kind", "agency", "decided_from", "decided_to")) or any(
        k in filterset.form.errors for k in ("kind", "agency", "decided_from", "decided_to")
    )
    return render(
        request,
        "disclosure/list.html",
        {
            "filter": filterset,
            "kinds": ActionKind.choices,
            "agencies": selectors.agency_choices(),
            "selected_agency": (request.GET.get("agency") or "").strip().upper(),
            "items": list_items(page.items) if page else [],
            "L": item_labels(),
            "count": count,
            "pager": _pager(request, page.next_cursor if page else None),
            "more_open": more_open,
        },
        status=status,
    )


@require_GET
@public_cache
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = selectors.public_detail(pk)
    if action is None:
        takedown = selectors.takedown_of(pk)
        if takedown is not None:
            # It was public once, so saying that it left (and why, from the public log) leaks nothing.
            return render(request, "disclosure/gone.html", {"takedown": takedown}, status=404)
        raise Http404  # not published, not public, or never existed: the same answer
    # Only the presenter's output reaches the template: never the model with its ID number.
    return render(request, "disclosure/detail.html", {"item": public_item(action)})


@require_GET
@public_cache
def agency_detail(request: HttpRequest, uscc: str) -> HttpResponse:
    agency = get_object_or_404(Agency, uscc=uscc.upper(), is_active=True)
    page = selectors.keyset_page(
        selectors.for_lists(selectors.public_actions().filter(agency=agency)), request.GET.get("cursor")
    )
    late = selectors.agency_late_publication_count(agency.pk)
    return render(
        request,
        "disclosure/agency.html",
        {
            "agency": agency,
            "items": list_items(page.items),
            "L": item_labels(),
            "pager": _pager(request, page.next_cursor),
            "late_count": late,
            # The agency's integrity file as far as it is public (records.public): records now,
            # sections that other parts of records register (public sanctions) as they come.
            "file_sections": public_agency_sections(agency),
        },
    )


SUBJECT_TABS = (ActionKind.LICENSING, ActionKind.PENALTY)


@require_GET
@public_cache
def subject_detail(request: HttpRequest, uscc: str) -> HttpResponse:
    """One company's or 个体工商户's public licences and penalties; natural persons have none."""
    code = uscc.strip().upper()
    actions = selectors.subject_actions(code)
    counts = selectors.subject_counts(actions)
    if not any(counts.values()):
        raise Http404
    tab = request.GET.get("tab")
    if tab not in {k.value for k in SUBJECT_TABS}:
        tab = ActionKind.PENALTY.value if counts[ActionKind.PENALTY] else ActionKind.LICENSING.value
    page = selectors.keyset_page(selectors.for_lists(actions.filter(kind=tab)), request.GET.get("cursor"))
    items = list_items(page.items)
    for item in items:
        item["subject_url"] = ""  # this page
    if not items:  # a tab with nothing in it still names the subject
        first = selectors.for_lists(actions).order_by(*selectors.ORDER).first()
        assert first is not None
        name = list_items([first])[0]["counterparty_name"]
    else:
        name = items[0]["counterparty_name"]
    return render(
        request,
        "disclosure/subject.html",
        {
            "uscc": code,
            "name": name,
            "counts": counts,
            "tabs": [(k.value, k.label, counts[k.value]) for k in SUBJECT_TABS],
            "tab": tab,
            "items": items,
            "L": item_labels(),
            "pager": _pager(request, page.next_cursor),
        },
    )


@require_GET
@public_cache
def open_data(request: HttpRequest) -> HttpResponse:
    columns = [{"key": k, "label": label, "description": COLUMN_DESCRIPTIONS[k]} for k, label in PUBLIC_COLUMNS]
    datasets = [
        (ActionKind.LICENSING.value, _("Administrative licensing (行政许可)")),
        (ActionKind.PENALTY.value, _("Administrative penalty (行政处罚)")),
    ]
    return render(
        request,
        "disclosure/open_data.html",
        {
            "columns": columns,
            "datasets": datasets,
            "standard_columns": [
                (kind, label, [name for _key, name in standard_columns_public(kind)]) for kind, label in datasets
            ],
            "updated": selectors.last_published_at(),
            "download_max_rows": DOWNLOAD_MAX_ROWS,
        },
    )


@require_GET
@public_cache
def agency_list(request: HttpRequest) -> HttpResponse:
    return render(request, "disclosure/agencies.html", {"agencies": Agency.objects.active().order_by("kind", "name")})


@require_GET
@public_cache
def takedown_log(request: HttpRequest) -> HttpResponse:
    entries = [takedown_entry(t) for t in selectors.takedown_log()[:200]]
    return render(
        request, "disclosure/takedowns.html", {"entries": entries, "record_entries": public_record_takedowns()}
    )


# The last line of a download that failed after its first rows were sent (docs/architecture.md,
# "Downloads"). The status line and headers are gone by then, so the file itself must say it is
# incomplete: the CSV ends with this line, the JSON with it as a string and no closing brackets
# (so no JSON parser accepts the file).
DOWNLOAD_INTERRUPTED_MARK = "#DOWNLOAD-INTERRUPTED"


# Downloads in two layouts: the portal's (PUBLIC_COLUMNS, codes beside words) and the national
# standard's (?layout=standard&kind=penalty|licensing: the standard's Chinese column names and
# words, one kind per file, which imports back into the portal).
STANDARD_LAYOUT = "standard"
STANDARD_KINDS = (ActionKind.PENALTY.value, ActionKind.LICENSING.value)


def _layout_problem(request: HttpRequest) -> str | None:
    layout = request.GET.get("layout", "")
    if layout not in ("", "portal", STANDARD_LAYOUT):
        return _("Unknown layout: use layout=standard or leave it out.")
    if layout == STANDARD_LAYOUT and request.GET.get("kind") not in STANDARD_KINDS:
        return _("The standard's layout holds one kind: add kind=penalty or kind=licensing.")
    return None


def _columns(request: HttpRequest) -> list[tuple[str, str]]:
    """(key, header) of the download: the standard's names or PUBLIC_COLUMNS."""
    if request.GET.get("layout") == STANDARD_LAYOUT:
        return [(label, label) for _key, label in standard_columns_public(request.GET["kind"])]
    return PUBLIC_COLUMNS


def _download_rows(request: HttpRequest) -> Iterator[dict[str, Any]] | None:
    """The filtered rows, the first one already built: a failing query or presenter raises here,
    in the view, so it is an ordinary error page and not a 200 with a truncated file."""
    filterset = _filtered(request)
    if filterset.is_bound and not filterset.is_valid():
        return None
    # The site's order (newest decision first), and links that work outside the site.
    rows = _presented(filterset.qs.order_by("-decision_date", "-id")[:DOWNLOAD_MAX_ROWS], request)
    first = next(rows, None)
    return itertools.chain([first], rows) if first is not None else iter(())


def _presented(qs: Any, request: HttpRequest) -> Iterator[dict[str, Any]]:
    actions = qs.iterator(chunk_size=DOWNLOAD_CHUNK)
    in_standard = request.GET.get("layout") == STANDARD_LAYOUT
    try:
        while chunk := list(itertools.islice(actions, DOWNLOAD_CHUNK)):
            if in_standard:
                yield from (standard_row(action) for action in chunk)
                continue
            marks = action_marks(chunk)  # one query per provider and chunk, not per row
            for action in chunk:
                fields = public_fields(action, marks)
                fields["url"] = request.build_absolute_uri(fields["url"])
                yield fields
    finally:
        # On a failure too, close PostgreSQL's server-side cursor now, while the connection is
        # open, rather than at garbage collection after the request ended.
        actions.close()


def _guarded(rows: Iterator[str], request: HttpRequest, marker: str) -> Iterator[str]:
    """Yield the stream; on a failure midway, log it and end with ``marker`` instead of a clean end."""
    try:
        yield from rows
    except Exception:  # the response has started: the only way left to say so is in the file
        logger.exception("download %s failed midway", request.get_full_path())
        yield marker


class _Echo:
    def write(self, value: str) -> str:
        return value


@require_GET
@rate_limited(DownloadRateThrottle)
def download_csv(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    problem = _layout_problem(request)
    if problem:
        return HttpResponse(problem, status=400, content_type="text/plain; charset=utf-8")
    rows = _download_rows(request)
    if rows is None:
        return HttpResponse(_("Invalid filter values."), status=400, content_type="text/plain; charset=utf-8")
    writer = csv.writer(_Echo())
    columns = _columns(request)

    def stream() -> Iterator[str]:
        yield "\ufeff"  # so Excel opens the UTF-8 file as UTF-8
        yield writer.writerow([label for _, label in columns])
        for row in rows:
            # Every cell is neutralised against formula injection when opened in Excel.
            yield writer.writerow([safe_cell(_cell(row[key])) for key, _ in columns])

    message = _("the download was interrupted and this file is incomplete; download it again")
    marker = writer.writerow([f"{DOWNLOAD_INTERRUPTED_MARK} {message}"])
    response = StreamingHttpResponse(_guarded(stream(), request, marker), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="huaiyin-disclosures.csv"'
    return response


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "；".join(value)
    return str(value)


@require_GET
@rate_limited(DownloadRateThrottle)
def download_json(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    problem = _layout_problem(request)
    if problem:
        return HttpResponse(json.dumps({"layout": [problem]}), status=400, content_type="application/json")
    rows = _download_rows(request)
    if rows is None:
        return HttpResponse(
            json.dumps({"detail": _("Invalid filter values.")}), status=400, content_type="application/json"
        )

    def stream() -> Iterator[str]:
        yield '{"items": ['
        for i, row in enumerate(rows):
            yield ("," if i else "") + json.dumps(row, ensure_ascii=False)
        yield "]}"

    message = _("the download was interrupted and this file is incomplete; download it again")
    marker = "\n" + json.dumps(f"{DOWNLOAD_INTERRUPTED_MARK} {message}", ensure_ascii=False)  # and no "]}"
    response = StreamingHttpResponse(
        _guarded(stream(), request, marker), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="huaiyin-disclosures.json"'
    return response


@require_GET
@rate_limited(DownloadRateThrottle)
def download_xlsx(request: HttpRequest) -> HttpResponse:
    """The same rows and columns as the CSV, as a workbook (codes kept as text)."""
    from openpyxl import Workbook

    problem = _layout_problem(request)
    if problem:
        return HttpResponse(problem, status=400, content_type="text/plain; charset=utf-8")
    rows = _download_rows(request)
    if rows is None:
        return HttpResponse(_("Invalid filter values."), status=400, content_type="text/plain; charset=utf-8")
    columns = _columns(request)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("data")
    sheet.append([label for _, label in columns])
    for row in rows:
        sheet.append([safe_cell(_cell(row[key])) for key, _ in columns])
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="huaiyin-disclosures.xlsx"'
    return response


class LatestActionsFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("Huaiyin District: latest administrative decisions")
    subtitle = gettext_lazy("Administrative licensing, penalties and other decisions published by Huaiyin District.")

    def link(self) -> str:
        return reverse("disclosure:list")

    def items(self) -> list[dict[str, Any]]:
        latest = list(selectors.public_actions().order_by("-published_at", "-id")[:50])
        marks = action_marks(latest)
        return [public_fields(a, marks) for a in latest]

    def item_title(self, item: dict[str, Any]) -> str:
        marks = "".join(f"【{mark}】" for mark in item["marks"])  # 「异议处理中」, as on the pages
        return f"{marks}{item['kind_label']}：{item['document_number']} {item['counterparty_name']}"

    def item_description(self, item: dict[str, Any]) -> str:
        return f"{item['agency_name']} · {item['document_name']} · {item['decision_date']}"

    def item_link(self, item: dict[str, Any]) -> str:
        return item["url"]

    def item_pubdate(self, item: dict[str, Any]) -> Any:
        from django.utils.dateparse import parse_datetime

        return parse_datetime(item["published_at"]) if item["published_at"] else None


@require_http_methods(["GET", "POST"])
@rate_limited(SearchRateThrottle, when=lambda r: r.method == "POST")
def subject_report(request: HttpRequest, uscc: str) -> HttpResponse:
    """A company's credit report: GET shows it as it stands, POST issues it with a code."""
    content = company_report_content(uscc)
    if content is None:
        raise Http404
    if request.method == "POST":
        report = report_issue(content=content, requested_by=request.user)
        return redirect("records:report", code=report.code)
    return render(request, "records/report.html", {"content": content, "report": None, "issue_url": request.path})
