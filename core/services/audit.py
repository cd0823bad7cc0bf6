"""The audit log: one append-only, keyed hash chain written in the changing transaction.

Each event carries the HMAC-SHA256 (key `AUDIT_CHAIN_KEY`, kept outside the database) of its
content and of the previous event's hash. Someone who can write the table but has not the key
cannot recompute the chain after an edit. Trimming the newest events (with the head) or
emptying the table is caught by the anchors: `audit_anchor` writes the event count and the
head hash outside the database every day (a file and a mail to the overseers), and
`audit_verify` checks the chain against them. On PostgreSQL a trigger also refuses UPDATE and
DELETE of audit rows (migration core 0003).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from core.middleware import current_ip
from core.models import AuditChainHead, AuditEvent

GENESIS = "0" * 64


class AuditOutsideTransaction(RuntimeError):
    """A programming error: the caller forgot the transaction of the change."""

    def __init__(self, action: str) -> None:
        super().__init__(f"audit_record({action!r}) must run inside the transaction of the change it records")


logger = logging.getLogger("integrity.audit")


def key_id(key: str) -> str:
    """A short public name of a key, stored on each event so rotation keeps old events verifiable."""
    return hashlib.sha256(f"audit-key-id:{key}".encode()).hexdigest()[:12]


def _keys() -> dict[str, bytes]:
    return {key_id(k): k.encode() for k in settings.AUDIT_CHAIN_KEYS}


def signing_key_id() -> str:
    return key_id(settings.AUDIT_CHAIN_KEYS[0])


class UnknownAuditKey(LookupError):
    pass


def event_hash(event: AuditEvent) -> str:
    """HMAC-SHA256, with the event's key, over every recorded field and the previous hash."""
    key = _keys().get(event.key_id)
    if key is None:
        raise UnknownAuditKey(event.key_id)
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
        "key_id": event.key_id,
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hmac.new(key, canonical.encode(), hashlib.sha256).hexdigest()


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
        key_id=signing_key_id(),
    )
    event.hash = event_hash(event)
    return event


@dataclass(frozen=True)
class BrokenLink:
    event_id: int
    problem: str


@dataclass(frozen=True)
class Anchor:
    """The chain as it stood at one moment: its first ``count`` events end in ``head_hash``."""

    count: int
    head_hash: str

    def line(self, when: str) -> str:
        return f"{when} count={self.count} head={self.head_hash}"

    @classmethod
    def parse(cls, line: str) -> Anchor | None:
        fields = dict(part.split("=", 1) for part in line.split() if "=" in part)
        try:
            return cls(int(fields["count"]), fields["head"])
        except (KeyError, ValueError):
            return None


def audit_anchors_read(path: Any = None) -> list[Anchor]:
    path = path or settings.AUDIT_ANCHOR_FILE
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    return [a for a in (Anchor.parse(line) for line in lines) if a is not None]


def audit_anchor() -> Anchor:
    """Write the chain's present state outside the database: the anchor file and the log.

    The caller (the daily task) also mails it to the overseers, so a copy exists that nobody
    with access to this machine alone can change.
    """
    head = AuditChainHead.objects.filter(id=1).first()
    anchor = Anchor(AuditEvent.objects.count(), head.last_hash if head else GENESIS)
    line = anchor.line(timezone.now().isoformat(timespec="seconds"))
    path = settings.AUDIT_ANCHOR_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
    logger.info("audit anchor %s", line)
    return anchor


def audit_verify(batch_size: int = 2000, anchors: list[Anchor] | None = None) -> tuple[int, BrokenLink | None]:
    """Walk the chain oldest first; return (events checked, first broken link or None).

    ``anchors`` (by default those in the anchor file) must each still be found: the event at
    position ``count`` must carry ``head_hash``, so trimmed or emptied chains are caught.
    """
    expected = {a.count: a.head_hash for a in (audit_anchors_read() if anchors is None else anchors)}
    previous = GENESIS
    checked = 0
    events: Iterator[AuditEvent] = AuditEvent.objects.order_by("id").iterator(chunk_size=batch_size)
    for event in events:
        if event.prev_hash != previous:
            return checked, BrokenLink(event.id, "previous hash does not match the event before it")
        try:
            if not hmac.compare_digest(event_hash(event), event.hash):
                return checked, BrokenLink(event.id, "content does not match its hash")
        except UnknownAuditKey:
            return checked, BrokenLink(event.id, "signed with a key that is not configured")
        previous = event.hash
        checked += 1
        if checked in expected and expected[checked] != event.hash:
            return checked, BrokenLink(event.id, f"differs from the anchor taken at {checked} events")
    head = AuditChainHead.objects.filter(id=1).first()
    if head is not None and head.last_hash != previous:
        return checked, BrokenLink(0, "the newest events are missing (chain head does not match)")
    longest = max(expected, default=0)
    if longest > checked:
        return checked, BrokenLink(0, f"the chain has {checked} events but was anchored at {longest}")
    return checked, None
