"""Integrity facts reported by other apps (docs/architecture.md, "Facts across apps").

`disclosure` reports a missed publication deadline, `objections` a missed answer deadline;
both import this module (the arrows run that way) and records never imports them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import Count
from django.utils import timezone

from core.services.audit import audit_record
from core.services.sharing import Kind as SharingKind
from core.workflow import Status
from records.models import Category, CreditRecord, IntegrityFact, KeyArea, Polarity, Tier, UseScope
from records.services.notices import record_notices_enqueue
from records.services.sharing import record_share

Kind = IntegrityFact.Kind

# The file entry each kind of fact becomes (plan item 16, 行政审批, and item 2, 信息公开):
# (category, key areas). A kind missing here stays a bare fact.
AUTOMATIC_RECORDS: dict[str, tuple[str, list[str]]] = {
    Kind.LATE_PUBLICATION: (Category.INFORMATION_DISCLOSURE, [KeyArea.APPROVAL]),
    Kind.LATE_OBJECTION_ANSWER: (Category.LAW_BASED_ADMINISTRATION, [KeyArea.APPROVAL]),
}


def integrity_fact_record(
    *, agency_id: int, kind: str, obj: models.Model, occurred_on: dt.date, details: dict[str, Any] | None = None
) -> IntegrityFact | None:
    """Record the fact once; a repeated report returns None and changes nothing.

    Runs in the caller's transaction (the change that made it a fact), audited there.
    """
    try:
        with transaction.atomic():  # a savepoint: a repeated report must not spoil the caller's transaction
            fact = IntegrityFact.objects.create(
                agency_id=agency_id,
                kind=kind,
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk),
                occurred_on=occurred_on,
                details=details or {},
            )
    except IntegrityError:
        return None
    audit_record(
        action="records.integrityfact.record",
        obj=obj,
        to_state=kind,
        data={"agency_id": agency_id, "occurred_on": occurred_on.isoformat(), **(details or {})},
    )
    record_from_fact(fact=fact, obj=obj)
    return fact


def record_from_fact(*, fact: IntegrityFact, obj: models.Model) -> CreditRecord | None:
    """The automatic dishonesty record in the agency's file, linked to its fact (and through
    it to the source object). Nobody types it and nobody reviews it: the portal observed the
    fact itself, so it is written published, minor tier, internal scope (it counts in the file
    and the evaluation; nothing unreviewed reaches the public site). Runs in the caller's
    transaction; the one-to-one link makes it once per fact."""
    spec = AUTOMATIC_RECORDS.get(fact.kind)
    if spec is None:
        return None
    category, areas = spec
    record = CreditRecord.objects.create(
        agency_id=fact.agency_id,
        subject_agency_id=fact.agency_id,
        category=category,
        polarity=Polarity.DISHONEST,
        tier=Tier.MINOR,
        key_areas=list(areas),
        decision_date=fact.occurred_on,
        summary=f"{fact.get_kind_display()}: {obj}",
        use_scope=UseScope.INTERNAL,
        status=Status.PUBLISHED,
        published_at=timezone.now(),
        fact=fact,
    )
    audit_record(
        action="records.creditrecord.create_automatic",
        obj=record,
        to_state=record.status,
        data={"fact_id": fact.pk, "source": f"{fact.object_type}:{fact.object_id}"},
    )
    record_share(record, kind=SharingKind.PUBLISH)  # published at once, so shared at once
    # Published dishonesty like any other: the superior and audit agencies are told.
    transaction.on_commit(lambda: record_notices_enqueue(record.pk))
    return record


def integrity_fact_counts(*, kind: str | None = None, since: dt.date | None = None) -> dict[int, int]:
    """Per agency id, how many facts (of ``kind``, on or after ``since``): for the evaluation."""
    facts = IntegrityFact.objects.all()
    if kind is not None:
        facts = facts.filter(kind=kind)
    if since is not None:
        facts = facts.filter(occurred_on__gte=since)
    return {row["agency_id"]: row["n"] for row in facts.values("agency_id").annotate(n=Count("id")).order_by()}
