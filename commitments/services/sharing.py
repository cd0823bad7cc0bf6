"""What the city credit platform (市公共信用信息平台) is told about commitments, and when.

Plan item 7 reports investment-promotion policies, PPP projects and enterprise contracts to the
platform. Every change the platform must hear of calls `commitment_share` inside the
transaction of the change, which writes one message of the core outbox
(`core.services.sharing.sharing_enqueue`): nothing is shared for a change that rolled back.

- publication → ``publish``; revocation → ``withdraw``;
- each outcome (fulfilled, lawfully changed, breached) → ``correct``, one per outcome.

The payload (`commitment_sharing_payload`) is what the public page shows: the committing
agency, kind, title, promise, dates, document number, the companies named (name and credit
code), targets and milestones, and the outcome. The responsible person, whoever entered or
reviewed the commitment and the evidence files are never sent; a breach's dishonesty records
travel as credit records of their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from django.utils import translation

from commitments.models import Commitment
from core.services.sharing import Kind, sharing_enqueue


class Event(StrEnum):
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"
    SETTLED = "settled"  # fulfilled, lawfully changed or breached


def _date(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def commitment_sharing_payload(commitment: Commitment, kind: str, context: Mapping[str, Any]) -> dict[str, Any]:
    """The ``data`` of a message about ``commitment`` (registered in CommitmentsConfig.ready())."""
    agency = commitment.committing_agency
    with translation.override("zh-hans"):
        kind_label = str(commitment.get_kind_display())
        fulfilment_label = str(commitment.get_fulfilment_display())
    return {
        "id": commitment.pk,
        "kind": commitment.kind,
        "kind_label": kind_label,
        "title": commitment.title,
        "promise": commitment.promise,
        "made_on": _date(commitment.made_on),
        "document_number": commitment.document_number,
        "status": commitment.status,
        "published_at": commitment.published_at.isoformat() if commitment.published_at else None,
        "fulfilment": commitment.fulfilment,
        "fulfilment_label": fulfilment_label,
        "settled_on": _date(commitment.settled_on),
        "committing_agency": {"name": agency.name, "uscc": agency.uscc},
        "counterparties": [{"name": c.name, "uscc": c.uscc} for c in commitment.counterparties.order_by("pk")],
        "targets": [
            {
                "description": t.description,
                "value": str(t.value),
                "unit": t.unit,
                "baseline": None if t.baseline is None else str(t.baseline),
                "deadline": _date(t.deadline),
            }
            for t in commitment.targets.order_by("pk")
        ],
        "milestones": [
            {"title": m.title, "due_on": _date(m.due_on), "reached_on": _date(m.reached_on)}
            for m in commitment.milestones.order_by("due_on", "pk")
        ],
    }


_KINDS = {Event.PUBLISHED: Kind.PUBLISH, Event.WITHDRAWN: Kind.WITHDRAW, Event.SETTLED: Kind.CORRECT}


def commitment_share(commitment: Commitment, *, event: Event) -> None:
    """Write the outbox message for ``event`` of ``commitment`` in the caller's transaction."""
    # One correction per outcome: an outcome is final, so the key never repeats.
    suffix = commitment.fulfilment if event == Event.SETTLED else ""
    sharing_enqueue(obj=commitment, kind=_KINDS[event], key_suffix=suffix)
