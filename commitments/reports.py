"""The commitments' section of an agency's credit report (records/reports.py): the
commitments it was found to have breached. Registered from `CommitmentsConfig.ready()`.

The report is public, so only what the public commitment page shows: never the responsible
person (the breach record in the person's file is staff-only)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from commitments.models import Commitment, Fulfilment
from core.models import Agency
from core.workflow import Status
from records.models import ReportSubject
from records.reports import Section, register_report_section, section


def breached_section(agency: Agency) -> Section:
    commitments = Commitment.objects.filter(
        committing_agency=agency, status=Status.PUBLISHED, fulfilment=Fulfilment.BREACHED
    ).order_by("-settled_on", "-id")[:200]
    rows = [
        [c.settled_on.isoformat() if c.settled_on else "—", c.get_kind_display(), c.title, c.document_number or "—"]
        for c in commitments
    ]
    return section(
        "commitments_breached",
        _("Commitments breached"),
        [_("Found breached on"), _("Kind"), _("Commitment"), _("Document number")],
        rows,
        _("No commitment was found breached."),
    )


def register_sections() -> None:
    register_report_section(ReportSubject.AGENCY, "commitments_breached", breached_section)
