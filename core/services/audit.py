"""The audit log: one append-only, hash-chained table written in the changing transaction."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from core.middleware import current_ip
from core.models import AuditChainHead, AuditEvent

GENESIS = "0" * 64


class AuditOutsideTransaction(RuntimeError):
    """A programming error: the caller forgot the transaction of the change."""

    def __init__(self, action: str) -> None:
        super().__init__(f"audit_record({action!r}) must run inside the transaction of the change it records")


def event_hash(event: AuditEvent) -> str:
    """SHA-256 over every recorded field and the previous hash, in a canonical form."""
    payload = {
        "created_at": event.created_at.isoformat(),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "from_state": event.from_state,
        "to_state": event.to_state,
        "reason": event.reason,
        "data": event.data,
        "source_ip": event.source_ip,
        "prev_hash": event.prev_hash,
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def audit_record(
    *,
    action: str,
    actor: Any = None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data: dict[str, Any] | None = None,
    source_ip: str | None = None,
) -> AuditEvent:
    """Append one event, inside the transaction of the change it records.

    Outside a transaction it refuses: opening one of its own would let the event commit
    while the change it describes fails (or the reverse), which is exactly what an audit
    log must not allow.
    """
    if not transaction.get_connection().in_atomic_block:
        raise AuditOutsideTransaction(action)
    head = _locked_head()
    event = _event(
        action=action,
        actor=actor,
        obj=obj,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        data=data,
        source_ip=source_ip,
        prev_hash=head.last_hash,
    )
    event.save()
    head.last_hash = event.hash
    head.save(update_fields=["last_hash"])
    return event


def audit_record_many(events: list[dict[str, Any]], *, batch_size: int = 1000) -> int:
    """Append one event per dict (the keyword arguments of `audit_record`) in one write.

    For bulk operations (a file import): every item gets its own event in its history, and
    the chain head is locked once instead of once per item.
    """
    if not events:
        return 0
    if not transaction.get_connection().in_atomic_block:
        raise AuditOutsideTransaction(events[0].get("action", ""))
    head = _locked_head()
    built = []
    previous = head.last_hash
    for kwargs in events:
        event = _event(**kwargs, prev_hash=previous)
        built.append(event)
        previous = event.hash
    AuditEvent.objects.bulk_create(built, batch_size=batch_size)
    head.last_hash = previous
    head.save(update_fields=["last_hash"])
    return len(built)


def _locked_head() -> AuditChainHead:
    # Locking the head row serialises concurrent writers, so the chain never forks.
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(id=1, defaults={"last_hash": GENESIS})
    return head


def _event(
    *,
    action: str,
    prev_hash: str,
    actor: Any = None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data: dict[str, Any] | None = None,
    source_ip: str | None = None,
) -> AuditEvent:
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    event = AuditEvent(
        created_at=timezone.now(),
        actor=actor,
        actor_label=actor.get_username() if actor else "system",
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:200],
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        data=json.loads(json.dumps(data or {}, default=str)),
        # Hash the address as the column will store it (IPv6 is normalised on save), or
        # `verify_audit` would report an honest event as tampered with.
        source_ip=AuditEvent._meta.get_field("source_ip").get_prep_value(source_ip or current_ip.get()),
        prev_hash=prev_hash,
    )
    event.hash = event_hash(event)
    return event


@dataclass(frozen=True)
class BrokenLink:
    event_id: int
    problem: str


def audit_verify(batch_size: int = 2000) -> tuple[int, BrokenLink | None]:
    """Walk the chain oldest first; return (events checked, first broken link or None)."""
    previous = GENESIS
    checked = 0
    events: Iterator[AuditEvent] = AuditEvent.objects.order_by("id").iterator(chunk_size=batch_size)
    for event in events:
        if event.prev_hash != previous:
            return checked, BrokenLink(event.id, "previous hash does not match the event before it")
        if event_hash(event) != event.hash:
            return checked, BrokenLink(event.id, "content does not match its hash")
        previous = event.hash
        checked += 1
    head = AuditChainHead.objects.filter(id=1).first()
    if head is not None and head.last_hash != previous:
        return checked, BrokenLink(0, "the newest events are missing (chain head does not match)")
    return checked, None
