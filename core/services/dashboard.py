"""The credit office's dashboard (R-21): numbers every app owns, shown on one admin page.

Core may not import the apps whose rows it counts (imports run one way), so each app
registers its tiles at start-up (`register_dashboard_tile` in its `AppConfig.ready()`), as for
marks and takedowns. A tile is one number with the admin list behind it: its `url` is the
changelist filtered to exactly the rows `count` counts (the tests open every link and compare).
A tile may also break its number down by agency (`by_agency`), each figure linking to the same
list narrowed to the agency. Panels are whole tables an app renders itself (the evaluation,
the on-time publication rate), with optional chart data.

Queries: one per tile, one per breakdown, one for the agencies' names and what each panel
needs, whatever the number of agencies or items (tests/core/test_dashboard.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Section:
    """The page's groups of tiles, in the order shown."""

    REVIEWS = "reviews"
    OVERDUE = "overdue"
    SYSTEM = "system"

    LABELS: dict[str, Promise] = {
        REVIEWS: _("Waiting for review"),
        OVERDUE: _("Deadlines missed"),
        SYSTEM: _("Sharing and calendar"),
    }
    ORDER = (REVIEWS, OVERDUE, SYSTEM)


@dataclass(frozen=True)
class DashboardTile:
    key: str  # stable, for tests and the page's ids: "disclosure.pending_reviews"
    label: str | Promise
    section: str  # a Section value
    count: Callable[[dt.date], int]
    url: Callable[[dt.date], str]  # the admin list of exactly the counted rows
    # today -> {agency_id: count} (agencies with none absent); agency_url(today, agency_id).
    by_agency: Callable[[dt.date], dict[int, int]] | None = None
    agency_url: Callable[[dt.date, int], str] | None = None
    order: int = 100


@dataclass(frozen=True)
class DashboardPanel:
    """A table an app renders with its own template from ``context(today)``. A panel that sets
    ``context["chart"]`` ({"type", "label", "labels", "values"}) gets it drawn above the table."""

    key: str
    label: str | Promise
    template: str
    context: Callable[[dt.date], dict[str, Any]]
    order: int = 100


@dataclass
class TileValue:
    tile: DashboardTile
    count: int
    url: str
    agencies: list[tuple[int, int, str]] = field(default_factory=list)  # (agency_id, count, url)


_tiles: dict[str, DashboardTile] = {}
_panels: dict[str, DashboardPanel] = {}


def register_dashboard_tile(tile: DashboardTile) -> DashboardTile:
    if tile.section not in Section.ORDER:
        raise ValueError(f"unknown dashboard section {tile.section!r}")
    _tiles[tile.key] = tile  # by key: a second ready() replaces, never doubles
    return tile


def register_dashboard_panel(panel: DashboardPanel) -> DashboardPanel:
    _panels[panel.key] = panel
    return panel


def dashboard_tiles() -> list[DashboardTile]:
    return sorted(_tiles.values(), key=lambda t: (Section.ORDER.index(t.section), t.order, t.key))


def dashboard_panels() -> list[DashboardPanel]:
    return sorted(_panels.values(), key=lambda p: (p.order, p.key))


def tile_values(today: dt.date) -> list[TileValue]:
    values = []
    for tile in dashboard_tiles():
        value = TileValue(tile, tile.count(today), tile.url(today))
        if tile.by_agency is not None and tile.agency_url is not None:
            value.agencies = [
                (agency_id, n, tile.agency_url(today, agency_id)) for agency_id, n in tile.by_agency(today).items() if n
            ]
        values.append(value)
    return values


# --- helpers the apps' tiles share ---


def changelist_url(model: type[Any], **params: Any) -> str:
    """The model's admin list with ``params`` as its filters (names of its list filters or
    plain field lookups, which the admin allows on the model's own fields)."""
    from django.urls import reverse
    from django.utils.http import urlencode

    base = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return f"{base}?{urlencode(params)}" if params else base


def agency_counts(queryset: Any, agency_field: str = "agency_id") -> dict[int, int]:
    """{agency_id: rows} in one grouped query."""
    from django.db.models import Count

    rows = queryset.order_by().values(agency_field).annotate(n=Count("pk")).values_list(agency_field, "n")
    return dict(rows)


def agency_tile(
    *,
    key: str,
    label: str | Promise,
    section: str,
    model: type[Any],
    rows: Callable[[dt.date], Any],
    params: dict[str, str],
    order: int = 100,
) -> DashboardTile:
    """A tile counting ``rows(today)`` of ``model`` (which has an `agency` key), broken down by
    agency; ``params`` select the same rows on the model's admin list."""
    return DashboardTile(
        key=key,
        label=label,
        section=section,
        count=lambda today: rows(today).count(),
        url=lambda today: changelist_url(model, **params),
        by_agency=lambda today: agency_counts(rows(today)),
        agency_url=lambda today, agency_id: changelist_url(model, **params, agency__id__exact=agency_id),
        order=order,
    )


def pending_review_tile(model: type[Any], *, key: str, label: str | Promise, order: int = 100) -> DashboardTile:
    """Submitted items of a reviewable model, waiting for a reviewer, per agency."""
    from core.workflow import Status

    return agency_tile(
        key=key,
        label=label,
        section=Section.REVIEWS,
        model=model,
        rows=lambda today: model.objects.filter(status=Status.SUBMITTED),
        params={"status__exact": Status.SUBMITTED.value},
        order=order,
    )
