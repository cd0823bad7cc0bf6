"""The company credit report (信用报告 of a company named on the public site, issue 11 item 4):
its public licences and penalties, in the shape of records' reports (records/reports.py), so it
is issued, verified and drawn as PDF by the same code."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from disclosure import selectors
from disclosure.models import ActionKind
from disclosure.presenters import list_items
from records.models import ReportSubject
from records.reports import registered_sections, section

REPORT_ROWS = 200


def company_report_content(uscc: str) -> dict[str, Any] | None:
    """None when no licence or penalty of this code is public (natural persons never have one)."""
    code = uscc.strip().upper()
    actions = selectors.subject_actions(code)
    sections = []
    name = ""
    columns = [_("Decision date"), _("Deciding agency"), _("Document number"), _("Decision")]
    for kind, title, empty in (
        (ActionKind.LICENSING, _("Public administrative licences"), _("No licence is public.")),
        (ActionKind.PENALTY, _("Public administrative penalties"), _("No penalty is public.")),
    ):
        items = list_items(
            list(selectors.for_lists(actions.filter(kind=kind)).order_by(*selectors.ORDER)[:REPORT_ROWS])
        )
        name = name or next((i["counterparty_name"] for i in items), "")
        rows = [
            [i["decision_date"], i["agency_name"], i["document_number"], " ".join([i["decision"], *i["marks"]])]
            for i in items
        ]
        sections.append(section(f"{kind}s", title, columns, rows, empty))
    if not name:
        return None
    return {
        "kind": ReportSubject.COMPANY.value,
        "title": _("Public credit report of a market entity"),
        "subject_code": code,
        "subject_name": name,
        "facts": [[_("Unified social credit code"), code]],
        "sections": [*sections, *registered_sections(ReportSubject.COMPANY, code)],
    }
