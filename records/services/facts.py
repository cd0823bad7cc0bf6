"""Integrity facts reported by other apps (docs/architecture.md, "Facts across apps").

`disclosure` reports a missed publication deadline, `objections` a missed answer deadline;
both import this module (the arrows run that way) and records never imports them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import Count

from core.services.audit import audit_record
from records.models import IntegrityFact

Kind = IntegrityFact.Kind


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
    return fact


def integrity_fact_counts(*, kind: str | None = None, since: dt.date | None = None) -> dict[int, int]:
    """Per agency id, how many facts (of ``kind``, on or after ``since``): for the evaluation."""
    facts = IntegrityFact.objects.all()
    if kind is not None:
        facts = facts.filter(kind=kind)
    if since is not None:
        facts = facts.filter(occurred_on__gte=since)
    return {row["agency_id"]: row["n"] for row in facts.values("agency_id").annotate(n=Count("id")).order_by()}
