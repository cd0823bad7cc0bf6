"""The hook where commitments are shared to the city platform (市公共信用信息平台, plan item 7).

Every change the platform must hear of calls `commitment_share` inside the transaction of the
change: publication, revocation and each fulfilment outcome. The generic outbox in `core` is
being built separately; when it lands, this function writes one outbox row (in the same
transaction, so nothing is shared for a change that rolled back) and nothing else changes.
Until then it only records, in the audit log, that the item is due to be shared.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from core.services.audit import audit_record


class Event(StrEnum):
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"
    SETTLED = "settled"  # fulfilled, lawfully changed or breached


def commitment_share(commitment: Any, *, event: Event) -> None:
    """Queue ``commitment`` for the city platform. Runs in the caller's transaction.

    HOOK: replace the body with the core outbox's enqueue call (e.g.
    ``outbox_enqueue(obj=commitment, event=event, payload=commitment_payload(commitment))``).
    """
    audit_record(
        action="commitments.commitment.share_due",
        obj=commitment,
        to_state=commitment.fulfilment if event == Event.SETTLED else commitment.status,
        data={"event": str(event)},
    )
