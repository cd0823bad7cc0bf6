"""What a credit report (信用报告, issue 11 item 4) says: plain, JSON-ready content built once,
stored with the issued report, and rendered as HTML, PDF or API JSON from that same content.

A report is a title, a subject, and sections of rows. The sections records knows are built
here (an agency's evaluation and its published dishonesty records; a civil servant's file).
Other parts of the plan add sections by registration from their ``AppConfig.ready()``:
``register_report_section(ReportSubject.AGENCY, builder)`` where ``builder(subject)``
returns a section or None. The sanctions in force and the judgment-debtor restrictions are
registered below; commitments registers the commitments breached, disclosure the company's
licences and penalties.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from core.models import Agency, CivilServant
from core.workflow import Status
from records import evaluation as formula
from records.models import CreditRecord, Measure, Polarity, ReportSubject, Sanction, SanctionState
from records.selectors import agency_evaluation_history

Section = dict[str, Any]  # {"key", "title", "columns": [..], "rows": [[..]], "empty": str, "note": str}
SectionBuilder = Callable[[Any], Section | None]

_SECTIONS: dict[str, dict[str, SectionBuilder]] = {kind.value: {} for kind in ReportSubject}


def register_report_section(kind: str, key: str, builder: SectionBuilder) -> None:
    """Add a section to every report about a subject of ``kind`` (idempotent by key)."""
    _SECTIONS[kind][key] = builder


def section(key: str, title: str, columns: list[str], rows: list[list[Any]], empty: str, note: str = "") -> Section:
    return {
        "key": key,
        "title": title,
        "columns": columns,
        "rows": [[str(c) for c in r] for r in rows],
        "empty": empty,
        "note": note,
    }


def registered_sections(kind: str, subject: Any) -> list[Section]:
    return [s for builder in _SECTIONS[kind].values() if (s := builder(subject)) is not None]


def _records_rows(records: list[CreditRecord], *, with_scope: bool = False) -> list[list[Any]]:
    rows = []
    for r in records:
        row = [
            r.decision_date.isoformat(),
            r.get_category_display(),
            r.get_tier_display(),
            r.document_number,
            r.summary,
        ]
        if with_scope:
            row += [r.get_polarity_display(), r.get_use_scope_display(), r.get_status_display()]
        rows.append(row)
    return rows


def _evaluation_sections(agency: Agency) -> list[Section]:
    history = agency_evaluation_history(agency)
    current, quarter = history["current"], history["quarter"]
    columns = [_("Period"), _("As of"), _("Score"), _("Grade"), _("Rank in group")]

    def row(label: str, s: Any) -> list[Any]:
        return [label, s.as_of.isoformat(), s.score, formula.GRADE_LABELS.get(s.grade, s.grade), s.rank]

    now_rows = []
    if current:
        now_rows.append(row(_("Year %(year)s") % {"year": current.period_start.year}, current))
    if quarter:
        q = (quarter.period_start.month - 1) // 3 + 1
        now_rows.append(
            row(_("Quarter %(q)s of %(year)s so far") % {"q": q, "year": quarter.period_start.year}, quarter)
        )
    past = [row(str(s.period_start.year), s) for s in history["years"][1:]]
    return [
        section("evaluation", _("Integrity evaluation"), columns, now_rows, _("Not evaluated yet.")),
        section(
            "evaluation_history",
            _("Evaluation history (final score of each year)"),
            columns,
            past,
            _("No earlier years."),
        ),
    ]


def agency_report_content(agency: Agency) -> dict[str, Any]:
    dishonest = list(
        CreditRecord.objects.public()
        .filter(subject_agency=agency, polarity=Polarity.DISHONEST)
        .order_by("-decision_date", "-id")[:200]
    )
    sections = [
        *_evaluation_sections(agency),
        section(
            "dishonesty_records",
            _("Published dishonesty records"),
            [_("Decision date"), _("Category"), _("Tier"), _("Document number"), _("Summary")],
            _records_rows(dishonest),
            _("No dishonesty record is public."),
        ),
        *registered_sections(ReportSubject.AGENCY, agency),
    ]
    return {
        "kind": ReportSubject.AGENCY.value,
        "title": _("Government integrity credit report"),
        "subject_code": agency.uscc,
        "subject_name": agency.name,
        "facts": [[_("Unified social credit code"), agency.uscc], [_("Kind"), agency.get_kind_display()]],
        "sections": sections,
    }


def civil_servant_report_content(servant: CivilServant) -> dict[str, Any]:
    """For authorised staff only: the whole file, every use scope, nothing still in entry."""
    records = list(
        CreditRecord.objects.filter(
            civil_servant=servant, status__in=[Status.PUBLISHED, Status.EXPIRED, Status.REVOKED]
        ).order_by("-decision_date", "-id")[:200]
    )
    return {
        "kind": ReportSubject.CIVIL_SERVANT.value,
        "title": _("Civil servant integrity credit report (authorised query)"),
        "subject_code": str(servant.pk),
        "subject_name": servant.name,
        "facts": [[_("Agency"), servant.agency.name], [_("Position"), servant.position]],
        "sections": [
            section(
                "file",
                _("Integrity file"),
                [
                    _("Decision date"),
                    _("Category"),
                    _("Tier"),
                    _("Document number"),
                    _("Summary"),
                    _("Polarity"),
                    _("Use scope"),
                    _("Status"),
                ],
                _records_rows(records, with_scope=True),
                _("The file has no records."),
            ),
            *registered_sections(ReportSubject.CIVIL_SERVANT, servant),
        ],
    }


def _public_sanctions_in_force(agency: Agency) -> list[Sanction]:
    # The agency report is public: only the measures that are public notices by nature (as on
    # the public agency page), on its own public records; explanations and rectifications are staff-only.
    from records.public import PUBLIC_SANCTION_KINDS

    return list(
        Sanction.objects.in_force()
        .filter(kind__in=PUBLIC_SANCTION_KINDS, record__in=CreditRecord.objects.public().filter(subject_agency=agency))
        .select_related("record")
        .order_by("-active_from", "-id")[:200]
    )


def _dates(sanction: Sanction) -> list[str]:
    return [sanction.active_from.isoformat(), sanction.active_until.isoformat() if sanction.active_until else "—"]


def sanctions_section(agency: Agency) -> Section:
    """The public measures in force on the agency's public dishonesty records, with their dates."""
    rows = [
        [
            s.get_kind_display(),
            s.document_number or s.record.document_number,
            *_dates(s),
            s.due_on.isoformat() if s.due_on else "—",
            str(SanctionState(s.state()).label),
        ]
        for s in _public_sanctions_in_force(agency)
    ]
    return section(
        "sanctions",
        _("Sanctions in force"),
        [_("Measure"), _("Document number"), _("In force from"), _("In force until"), _("Due by"), _("State")],
        rows,
        _("No sanction is in force."),
    )


def restrictions_section(agency: Agency) -> Section:
    """The judgment-debtor restrictions in force (plan item 5), each measure with its dates."""
    labels = dict(Measure.choices)
    rows = []
    for s in _public_sanctions_in_force(agency):
        if s.kind == Sanction.Kind.JUDGMENT_DEBTOR:
            rows += [[labels[m], *_dates(s)] for m in (s.measures or Measure.values) if m in labels]
    return section(
        "restrictions",
        _("Dishonest judgment debtor restrictions in force"),
        [_("Restriction"), _("In force from"), _("In force until")],
        rows,
        _("The agency is under no restriction."),
    )


register_report_section(ReportSubject.AGENCY, "sanctions", sanctions_section)
register_report_section(ReportSubject.AGENCY, "restrictions", restrictions_section)


def public_subject_name(kind: str, name: str) -> str:
    """How the verification page names the subject: a natural person masked (R-P)."""
    from integrity.lib.masking import mask_name

    return mask_name(name) if kind == ReportSubject.CIVIL_SERVANT else name
