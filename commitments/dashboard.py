"""Commitments' numbers on the credit office dashboard (core/services/dashboard.py):
commitments waiting for review, and commitments with a milestone past its date (not reached,
the commitment published and in progress: the milestone clock's items). Milestones have no
list of their own; the commitments list's `MilestoneOverdueFilter` shows the commitments."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commitments.models import Commitment, Milestone
from core.services.dashboard import Section, agency_tile, pending_review_tile, register_dashboard_tile


def with_overdue_milestone(queryset: QuerySet[Any], today: dt.date) -> QuerySet[Any]:
    late = Milestone.objects.open().filter(due_on__lt=today).values("commitment_id")
    return queryset.filter(pk__in=late)


class MilestoneOverdueFilter(admin.SimpleListFilter):
    title = _("milestones")
    parameter_name = "milestone"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("overdue", _("A milestone is past its date"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "overdue":
            return with_overdue_milestone(queryset, timezone.localdate())
        return queryset


def register() -> None:
    register_dashboard_tile(
        pending_review_tile(Commitment, key="commitments.pending_reviews", label=_("Commitments"), order=30)
    )
    register_dashboard_tile(
        agency_tile(
            key="commitments.overdue_milestones",
            label=_("Commitments with a milestone past its date"),
            section=Section.OVERDUE,
            model=Commitment,
            rows=lambda today: with_overdue_milestone(Commitment.objects.all(), today),
            params={"milestone": "overdue"},
            order=40,
        )
    )
