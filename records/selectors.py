"""Reads of integrity files that carry rules: which sanctions bind, which restrictions an
agency is under (plan item 5), who was told of a record (R-3).

Every function costs a constant number of queries, however many records or agencies it is
asked about, so file pages and lists can call them once per page.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from core.models import Agency
from records.models import CreditRecord, Evidence, Measure, RecordNotice, Sanction


@dataclass(frozen=True)
class Restriction:
    """One restriction in force on an agency listed as a dishonest judgment debtor."""

    measure: str
    label: str
    since: dt.date
    until: dt.date | None
    sanction_id: int
    record_id: int


def _agency_id(agency: Agency | int) -> int:
    return agency if isinstance(agency, int) else agency.pk


def _debtor_sanctions(agency_ids: Iterable[int], today: dt.date) -> Any:
    return (
        Sanction.objects.in_force(today)
        .filter(kind=Sanction.Kind.JUDGMENT_DEBTOR, record__subject_agency_id__in=list(agency_ids))
        .values("id", "record_id", "record__subject_agency_id", "measures", "active_from", "active_until")
        .order_by("active_from", "id")
    )


def is_restricted(agency: Agency | int, measure: str, *, today: dt.date | None = None) -> bool:
    """Whether ``agency`` may not have ``measure`` (a `Measure` value) today: it is listed as a
    dishonest judgment debtor by a published record whose restrictions are in force. One query."""
    if measure not in Measure.values:
        raise ValueError(f"unknown restriction {measure!r}")
    today = today or timezone.localdate()
    # The JSON list as text holds the quoted value: portable across SQLite and PostgreSQL.
    return bool(
        Sanction.objects.in_force(today)
        .filter(
            kind=Sanction.Kind.JUDGMENT_DEBTOR,
            record__subject_agency_id=_agency_id(agency),
            measures__icontains=f'"{measure}"',
        )
        .exists()
    )


def agencies_restrictions(
    agencies: Iterable[Agency | int], *, today: dt.date | None = None
) -> dict[int, list[Restriction]]:
    """Per agency id, the restrictions in force (each measure once, from the earliest listing
    that imposes it). Agencies without any are absent. One query."""
    today = today or timezone.localdate()
    labels = dict(Measure.choices)
    found: dict[int, dict[str, Restriction]] = defaultdict(dict)
    for row in _debtor_sanctions((_agency_id(a) for a in agencies), today):
        for measure in row["measures"] or []:
            if measure in labels and measure not in found[row["record__subject_agency_id"]]:
                found[row["record__subject_agency_id"]][measure] = Restriction(
                    measure=measure,
                    label=str(labels[measure]),
                    since=row["active_from"],
                    until=row["active_until"],
                    sanction_id=row["id"],
                    record_id=row["record_id"],
                )
    order = list(Measure.values)
    return {
        agency_id: sorted(by_measure.values(), key=lambda r: order.index(r.measure))
        for agency_id, by_measure in found.items()
    }


def agency_restrictions(agency: Agency | int, *, today: dt.date | None = None) -> list[Restriction]:
    """The restrictions in force on one agency, in the plan's order. One query."""
    return agencies_restrictions([agency], today=today).get(_agency_id(agency), [])


def sanctions_for_records(records: Iterable[CreditRecord | int]) -> dict[int, list[Sanction]]:
    """Per record id, its sanctions (lifted ones included, newest first) with their evidence
    files. Two queries for any number of records."""
    ids = [r if isinstance(r, int) else r.pk for r in records]
    result: dict[int, list[Sanction]] = {pk: [] for pk in ids}
    if not ids:
        return result
    sanctions = (
        Sanction.objects.filter(record_id__in=ids)
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at", "id")))
        .order_by("-active_from", "-id")
    )
    for sanction in sanctions:
        result[sanction.record_id].append(sanction)
    return result


def sanctions_for_record(record: CreditRecord | int) -> list[Sanction]:
    key = record if isinstance(record, int) else record.pk
    return sanctions_for_records([key])[key]


def notices_for_records(records: Iterable[CreditRecord | int]) -> dict[int, list[RecordNotice]]:
    """Per record id, who was told of it and when ("notices sent" on the file page). One query."""
    ids = [r if isinstance(r, int) else r.pk for r in records]
    result: dict[int, list[RecordNotice]] = {pk: [] for pk in ids}
    if not ids:
        return result
    for notice in RecordNotice.objects.filter(record_id__in=ids).select_related("recipient", "recipient_agency"):
        result[notice.record_id].append(notice)
    return result
