"""The credit office's dashboard page in the admin (R-21): the registered tiles and panels
(core/services/dashboard.py), every number a link to the list behind it, two charts drawn by
the vendored Chart.js from `json_script` data (the CSP allows no inline script)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Agency, CalendarYear, SharingMessage
from .selectors import missing_calendar_years
from .services.dashboard import (
    DashboardTile,
    Section,
    changelist_url,
    dashboard_panels,
    register_dashboard_tile,
    tile_values,
)


def may_see_dashboard(user: Any) -> bool:
    return bool(user.is_active and user.is_staff and user.is_credit_office)


def dashboard_view(site: admin.AdminSite, request: HttpRequest) -> HttpResponse:
    if not may_see_dashboard(request.user):
        raise Http404  # as every page the user may not see: it does not exist for them
    today = timezone.localdate()
    values = tile_values(today)
    wanted = {agency_id for v in values for agency_id, _n, _url in v.agencies}
    names = dict(Agency.objects.filter(pk__in=wanted).values_list("pk", "name")) if wanted else {}
    sections = []
    for section in Section.ORDER:
        tiles = [
            {
                "value": v,
                "agencies": sorted(
                    ((names.get(a, str(a)), n, url) for a, n, url in v.agencies), key=lambda row: (-row[1], row[0])
                ),
            }
            for v in values
            if v.tile.section == section
        ]
        if tiles:
            sections.append({"key": section, "label": Section.LABELS[section], "tiles": tiles})
    overdue = [v for v in values if v.tile.section == Section.OVERDUE]
    overdue_chart = {
        "type": "bar",
        "label": _("Deadlines missed"),
        "labels": [str(v.tile.label) for v in overdue],
        "values": [v.count for v in overdue],
    }
    panels = [
        {"panel": p, "context": p.context(today), "chart_id": f"panel-chart-{i}"}
        for i, p in enumerate(dashboard_panels(), start=1)
    ]
    context = {
        **site.each_context(request),
        "title": _("Credit office dashboard"),
        "today": today,
        "sections": sections,
        "overdue_chart": overdue_chart,
        "panels": panels,
    }
    return TemplateResponse(request, "admin/core/dashboard.html", context)


def register_core_tiles() -> None:
    register_dashboard_tile(
        DashboardTile(
            key="core.sharing_dead",
            label=gettext_lazy("Messages to the city platform that failed"),
            section=Section.SYSTEM,
            count=lambda today: SharingMessage.objects.filter(state=SharingMessage.State.DEAD).count(),
            url=lambda today: changelist_url(SharingMessage, state__exact=SharingMessage.State.DEAD.value),
            order=10,
        )
    )
    # Not rows but their absence: the calendar years list names the missing years and offers the upload.
    register_dashboard_tile(
        DashboardTile(
            key="core.calendar_missing",
            label=gettext_lazy("Calendar years missing"),
            section=Section.SYSTEM,
            count=lambda today: len(missing_calendar_years(today)),
            url=lambda today: changelist_url(CalendarYear),
            order=20,
        )
    )
