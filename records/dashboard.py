"""Records' numbers on the credit office dashboard (core/services/dashboard.py): credit
records waiting for review, sanctions past their due date (the written explanation or the
rectification, the sanction clock's items), and the newest evaluation table."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.services.dashboard import (
    DashboardPanel,
    Section,
    agency_tile,
    changelist_url,
    pending_review_tile,
    register_dashboard_panel,
    register_dashboard_tile,
)
from records import evaluation as formula
from records import selectors
from records.models import CreditRecord, EvaluationPeriod, EvaluationSnapshot, RankingGroup, Sanction


def overdue_sanctions(queryset: QuerySet[Any], today: dt.date) -> QuerySet[Any]:
    """Explanations and rectifications neither done nor lifted past their due date (the
    sanctions list's "Overdue" filter and the dashboard's number)."""
    return queryset.filter(
        kind__in=Sanction.DUE_KINDS, completed_on__isnull=True, lifted_at__isnull=True, due_on__lt=today
    )


def evaluation_panel(today: dt.date) -> dict[str, Any]:
    """The public evaluation table's selector (records.selectors.evaluation_table), newest year."""
    years = selectors.evaluation_years()
    year = years[0] if years else today.year
    table = selectors.evaluation_table(year)
    groups = []
    for group in RankingGroup:
        rows = [
            {
                "rank": r.year.rank,
                "agency": r.agency.name,
                "score": r.year.score,
                "grade": formula.GRADE_LABELS.get(r.year.grade, r.year.grade),
                "quarter": r.quarter.score if r.quarter else None,
                "url": changelist_url(
                    EvaluationSnapshot,
                    agency__id__exact=r.agency.pk,
                    period__exact=EvaluationPeriod.YEAR.value,
                    current__exact=1,
                    period_start=r.year.period_start.isoformat(),
                ),
            }
            for r in table[group.value]
        ]
        groups.append({"key": group.value, "label": group.label, "rows": rows})
    return {"year": year, "groups": groups, "method_url": changelist_url(EvaluationSnapshot)}


def register() -> None:
    register_dashboard_tile(
        pending_review_tile(CreditRecord, key="records.pending_reviews", label=_("Credit records"), order=20)
    )
    register_dashboard_tile(
        agency_tile(
            key="records.overdue_sanctions",
            label=_("Explanations and rectifications overdue"),
            section=Section.OVERDUE,
            model=Sanction,
            rows=lambda today: overdue_sanctions(Sanction.objects.all(), today),
            params={"state": "overdue"},
            order=30,
        )
    )
    register_dashboard_panel(
        DashboardPanel(
            key="records.evaluation",
            label=_("Integrity evaluation"),
            template="admin/records/dashboard_evaluation.html",
            context=evaluation_panel,
            order=20,
        )
    )
