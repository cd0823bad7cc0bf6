"""What the public site may show of integrity files (R-P), for `disclosure`'s agency page.

`disclosure` imports records (never the reverse), so the agency page asks this module for
its sections: the agency's published public records now, and whatever another part of
records registers (`register_public_agency_section`, e.g. active public sanctions). A
section with nothing to show returns None and leaves no heading behind.

Only the output of `public_record` reaches a template: a civil servant appears as surname
plus ** and never with an ID number; a record whose scope is not public never gets here
(`CreditRecord.objects.public()`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from core.models import Agency
from core.services.marks import item_marks
from integrity.lib.masking import mask_name
from integrity.lib.personal_data import mask_personal_data
from records.models import CreditRecord, Measure, Sanction

PUBLIC_RECORDS_SHOWN = 50


def public_record(record: CreditRecord) -> dict[str, Any]:
    """One record as the public may read it: masked names, no ID number, no internal fields."""
    names = record.personal_names()
    return {
        "id": record.pk,
        "subject": mask_name(record.civil_servant.name) if record.civil_servant_id and record.civil_servant else "",
        "category": record.get_category_display(),
        "polarity": record.get_polarity_display(),
        "tier": record.get_tier_display() if record.tier else "",
        "decision_date": record.decision_date,
        "document_number": mask_personal_data(record.document_number, names),
        "summary": mask_personal_data(record.summary, names),
        "public_until": record.public_until,
        "providing_agency": record.providing_agency.name
        if record.providing_agency_id and record.providing_agency
        else "",
    }


def _public_records_of(agency: Agency) -> Any:
    from django.db.models import Q

    return CreditRecord.objects.public().filter(Q(subject_agency=agency) | Q(civil_servant__agency=agency))


def public_records_for(agency: Agency) -> list[dict[str, Any]]:
    """The agency's published public records, and those of its civil servants whose scope a
    clerk set to public, newest decision first, each with its marks (「异议处理中」 while an
    objection is open); one query, and one per mark provider."""
    records = list(
        _public_records_of(agency)
        .select_related("civil_servant", "providing_agency")
        .order_by("-decision_date", "-id")[:PUBLIC_RECORDS_SHOWN]
    )
    marks = item_marks(CreditRecord, [r.pk for r in records])
    return [{**public_record(r), "marks": [m.label for m in marks.get(r.pk, [])]} for r in records]


# What a public sanction section shows: the measures that are a public notice by nature.
PUBLIC_SANCTION_KINDS = (Sanction.Kind.PUBLIC_CRITICISM, Sanction.Kind.JUDGMENT_DEBTOR)


def public_sanctions_for(agency: Agency) -> list[dict[str, Any]]:
    """The sanctions in force on the agency's published public records: public criticism
    (通报批评) with its notice, and the judgment-debtor restrictions with their dates. A civil
    servant appears only through a public-scope record, masked like the records. One query."""
    sanctions = (
        Sanction.objects.in_force()
        .filter(kind__in=PUBLIC_SANCTION_KINDS, record__in=_public_records_of(agency))
        .select_related("record__civil_servant")
        .order_by("-active_from", "-id")[:PUBLIC_RECORDS_SHOWN]
    )
    labels = dict(Measure.choices)
    out = []
    for sanction in sanctions:
        record = sanction.record
        names = record.personal_names()
        measures = sanction.measures or list(Measure.values)
        out.append(
            {
                "id": sanction.pk,
                "record_id": record.pk,
                "kind": sanction.get_kind_display(),
                "subject": mask_name(record.civil_servant.name) if record.civil_servant else "",
                "document_number": mask_personal_data(sanction.document_number, names),
                # Checked for personal data on entry; masked again as every public free text is.
                "notice_text": mask_personal_data(sanction.notice_text, names),
                "restrictions": [str(labels[m]) for m in measures if m in labels]
                if sanction.kind == Sanction.Kind.JUDGMENT_DEBTOR
                else [],
                "active_from": sanction.active_from,
                "active_until": sanction.active_until,
            }
        )
    return out


@dataclass(frozen=True)
class PublicAgencySection:
    key: str
    title: Any
    template: str
    load: Callable[[Agency], Any]  # the template's data, or None for nothing to show
    order: int = 100


_public_sections: dict[str, PublicAgencySection] = {}


def register_public_agency_section(section: PublicAgencySection) -> None:
    _public_sections[section.key] = section


def public_agency_sections(agency: Agency) -> list[tuple[PublicAgencySection, Any]]:
    out = []
    for section in sorted(_public_sections.values(), key=lambda s: (s.order, s.key)):
        data = section.load(agency)
        if data is not None:
            out.append((section, data))
    return out


def _records_section(agency: Agency) -> Any:
    return public_records_for(agency) or None


register_public_agency_section(
    PublicAgencySection(
        key="records",
        title=_("Public credit records (信用记录)"),
        template="records/public/_agency_records.html",
        load=_records_section,
        order=10,
    )
)


def _sanctions_section(agency: Agency) -> Any:
    return public_sanctions_for(agency) or None


register_public_agency_section(
    PublicAgencySection(
        key="sanctions",
        title=_("Sanctions in force (惩戒措施)"),
        template="records/public/_agency_sanctions.html",
        load=_sanctions_section,
        order=20,
    )
)


def public_record_takedowns(limit: int = 200) -> list[dict[str, Any]]:
    """The takedown log of credit records that were on the public site (masked like the
    records themselves), newest first; one query."""
    from records.models import RecordTakedown

    rows = RecordTakedown.objects.select_related(
        "record", "record__subject_agency", "record__civil_servant", "record__providing_agency"
    ).order_by("-taken_down_at", "-id")[:limit]
    out = []
    for row in rows:
        record = row.record
        item = public_record(record)
        item["agency_name"] = record.subject_agency.name if record.subject_agency is not None else ""
        out.append({"when": row.taken_down_at, "reason": row.get_reason_display(), "item": item})
    return out
