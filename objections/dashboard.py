"""Objections' number on the credit office dashboard (core/services/dashboard.py): objections
that missed their answer deadline, the list's "Missed" filter (ObjectionQuerySet.overdue)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.services.dashboard import Section, agency_tile, register_dashboard_tile
from objections.models import Objection


def register() -> None:
    register_dashboard_tile(
        agency_tile(
            key="objections.overdue",
            label=_("Objections answered late or still open past the due date"),
            section=Section.OVERDUE,
            model=Objection,
            rows=lambda today: Objection.objects.overdue(today),
            params={"deadline": "overdue"},
            order=20,
        )
    )
