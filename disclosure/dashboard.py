"""Disclosure's numbers on the credit office dashboard (core/services/dashboard.py): actions
waiting for review, publications past their due date, and the on-time publication rate.

The rate is over the last 12 months: actions published after the same day a year ago (so
today's page and the list behind it agree) that have a publication due date; on time means
published on or before that date. The admin list filter `PublicationClockFilter` selects the
same rows, so each figure links to its list.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import admin
from django.db.models import Count, F, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.admin_workflow import due_state
from core.services.dashboard import (
    DashboardPanel,
    Section,
    agency_tile,
    changelist_url,
    pending_review_tile,
    register_dashboard_panel,
    register_dashboard_tile,
)
from disclosure.models import AdministrativeAction


def year_ago(today: dt.date) -> dt.date:
    try:
        return today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 1, day=28)


def published_with_due(today: dt.date, queryset: QuerySet[Any] | None = None) -> QuerySet[Any]:
    """Published in the 12 months up to ``today`` with a publication due date."""
    qs = AdministrativeAction.objects.all() if queryset is None else queryset
    return qs.filter(due_on__isnull=False, published_at__isnull=False, published_at__date__gt=year_ago(today))


ON_TIME = Q(published_at__date__lte=F("due_on"))


class PublicationClockFilter(admin.SimpleListFilter):
    """The dashboard's on-time rate, as lists: what was published in the last 12 months with a
    due date, and of it what was late or on time."""

    title = _("published in the last 12 months")
    parameter_name = "clock12"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("all", _("With a due date")), ("on_time", _("On time")), ("late", _("Late"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() not in {"all", "on_time", "late"}:
            return queryset
        rows = published_with_due(timezone.localdate(), queryset)
        if self.value() == "on_time":
            return rows.filter(ON_TIME)
        if self.value() == "late":
            return rows.exclude(ON_TIME)
        return rows


def on_time_rates(today: dt.date) -> dict[str, Any]:
    """Per agency: published with a due date in the window, how many on time, the rate; one query."""
    rows = (
        published_with_due(today)
        .order_by()
        .values("agency_id", "agency__name")
        .annotate(total=Count("pk"), on_time=Count("pk", filter=ON_TIME))
        .order_by("agency__name")
    )
    agencies = []
    for row in rows:
        rate = round(100 * row["on_time"] / row["total"], 1)
        agencies.append(
            {
                "name": row["agency__name"],
                "total": row["total"],
                "on_time": row["on_time"],
                "late": row["total"] - row["on_time"],
                "rate": rate,
                "total_url": changelist_url(AdministrativeAction, clock12="all", agency__id__exact=row["agency_id"]),
                "late_url": changelist_url(AdministrativeAction, clock12="late", agency__id__exact=row["agency_id"]),
            }
        )
    return {
        "since": year_ago(today),
        "agencies": agencies,
        "chart": {
            "type": "bar",
            "unit": "%",
            "label": str(_("On-time publication rate (%)")),
            "labels": [a["name"] for a in agencies],
            "values": [a["rate"] for a in agencies],
        },
    }


def register() -> None:
    register_dashboard_tile(
        pending_review_tile(
            AdministrativeAction, key="disclosure.pending_reviews", label=_("Administrative actions"), order=10
        )
    )
    register_dashboard_tile(
        agency_tile(
            key="disclosure.overdue_publications",
            label=_("Publications overdue"),
            section=Section.OVERDUE,
            model=AdministrativeAction,
            rows=lambda today: due_state(AdministrativeAction.objects.all(), "overdue", today),
            params={"due": "overdue"},
            order=10,
        )
    )
    register_dashboard_panel(
        DashboardPanel(
            key="disclosure.on_time_rate",
            label=_("On-time publication rate per agency"),
            template="admin/disclosure/dashboard_on_time.html",
            context=on_time_rates,
            order=10,
        )
    )
