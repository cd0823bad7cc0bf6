"""Sharing to the city credit platform (市公共信用信息平台, R-3): the outbox, its sender, replay.

Any app with items the platform must know of registers the item's model once
(`register_sharing_subject(Model, payload_builder)` in its ``AppConfig.ready()``) and, from its
own services, calls `sharing_enqueue(obj=…, kind=…)` in the transaction that publishes,
corrects or withdraws the item. That writes one `SharingMessage` row (refused outside a
transaction, like the audit log), so a change that rolls back leaves no message and a
committed change never loses its message to a broker or a platform that is down.

Sending is at least once, received once: every message carries an idempotency key (unique
here; sent as ``Idempotency-Key``) and the same signed bytes on every try. A worker claims a
due row with ``SELECT … FOR UPDATE SKIP LOCKED`` and holds the lock while it POSTs, so two
workers never send one row at the same time; the state moves to ``sent`` in the same
transaction. A failure waits ``SHARING_RETRY_BASE_SECONDS``, doubling up to
``SHARING_RETRY_CAP_SECONDS``; after ``SHARING_MAX_ATTEMPTS`` (or at once when the platform
refuses the message itself, a 4xx) it is ``dead`` and the credit office is notified. It can
then replay it (the admin action, ``manage.py replay_outbox``), which is audited.

Without ``CITY_PLATFORM_URL`` and ``CITY_PLATFORM_KEY`` sharing is off: messages are still
written, wait without attempts, and the credit office sees the warning in the admin.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import http.client
import json
import logging
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import IntegrityError, models, transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.models import SharingMessage
from integrity.lib.errors import ApplicationError

from .audit import audit_record
from .notifications import credit_office_users, notify, register_notification_kind

logger = logging.getLogger(__name__)

SCHEMA = "huaiyin-integrity/sharing/1"
REPLAY_PERMISSION = "core.replay_sharingmessage"
# A 4xx means the platform refuses this message as it is: trying it again cannot help. These
# four are about the moment (timeout, too early, too many requests) and are retried.
RETRYABLE_CLIENT_ERRORS = frozenset({408, 409, 425, 429})

Kind = SharingMessage.Kind
State = SharingMessage.State

# builder(obj, kind, context) -> the "data" part of the payload: exactly what the platform is
# entitled to, JSON-ready (strings, numbers, lists, dicts). The subject's app owns it.
PayloadBuilder = Callable[[Any, str, Mapping[str, Any]], dict[str, Any]]
_builders: dict[str, PayloadBuilder] = {}

register_notification_kind("sharing.dead", gettext_lazy("Sharing failed"))


class SharingOutsideTransaction(RuntimeError):
    """A message written outside the transaction of its change could outlive a rollback."""


class ReplayRefused(ApplicationError):
    default_field = "state"


def register_sharing_subject(model: type[models.Model], builder: PayloadBuilder) -> None:
    _builders[model._meta.label_lower] = builder


def sharing_is_on() -> bool:
    return bool(settings.CITY_PLATFORM_URL and settings.CITY_PLATFORM_KEY)


def sharing_enqueue(
    *, obj: models.Model, kind: str, key_suffix: str = "", context: Mapping[str, Any] | None = None
) -> SharingMessage | None:
    """Write the message for ``kind`` of ``obj`` in the caller's transaction; None if it exists.

    The idempotency key is ``<app.model>:<pk>:<kind>[:<key_suffix>]``: one publication and one
    withdrawal per item, one correction per ``key_suffix`` (the item's version).
    """
    if not transaction.get_connection().in_atomic_block:
        raise SharingOutsideTransaction(f"{obj._meta.label_lower} {kind}")
    label = obj._meta.label_lower
    builder = _builders.get(label)
    if builder is None:
        raise ImproperlyConfigured(f"no sharing payload is registered for {label}")
    kind = Kind(kind)
    key = ":".join(part for part in (label, str(obj.pk), kind.value, key_suffix) if part)
    if SharingMessage.objects.filter(idempotency_key=key).exists():
        return None
    now = timezone.now()
    payload = {
        "schema": SCHEMA,
        "idempotency_key": key,
        "kind": kind.value,
        "subject_type": label,
        "subject_id": str(obj.pk),
        "occurred_at": now.isoformat(),
        "data": builder(obj, kind.value, context or {}),
    }
    try:
        with transaction.atomic():  # a savepoint: a racing twin must not spoil the caller's transaction
            message = SharingMessage.objects.create(
                kind=kind,
                subject_type=label,
                subject_id=str(obj.pk),
                subject_repr=str(obj)[:200],
                payload=payload,
                idempotency_key=key,
                next_attempt_at=now,
            )
    except IntegrityError:
        return None
    transaction.on_commit(lambda: sharing_message_enqueue(message_id=message.pk))
    return message


def sharing_message_enqueue(*, message_id: int) -> bool:
    """The fast path after commit; never raises. The beat flush sends whatever this misses."""
    if not sharing_is_on():
        return False
    from core.tasks import send_sharing_message

    try:
        send_sharing_message.delay(message_id)
    except Exception as exc:  # noqa: BLE001 - whatever the broker's client raises, the row is the record
        logger.warning(
            "sharing message %s not enqueued (%s: %s); core.flush_sharing_outbox sends it",
            message_id,
            type(exc).__name__,
            exc,
        )
        return False
    return True


def sharing_body(message: SharingMessage) -> bytes:
    """The bytes that are sent and signed: canonical JSON, the same on every try and database."""
    return json.dumps(message.payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def sharing_signature(body: bytes, key: str | None = None) -> str:
    """``sha256=<hex>``: HMAC-SHA256 of the body under the shared key (the X-Signature header)."""
    secret = (settings.CITY_PLATFORM_KEY if key is None else key).encode("utf-8")
    return "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()


def retry_delay(attempts: int) -> dt.timedelta:
    """How long a message waits after its ``attempts``-th failure: doubling, capped."""
    base, cap = settings.SHARING_RETRY_BASE_SECONDS, settings.SHARING_RETRY_CAP_SECONDS
    return dt.timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), cap))


@dataclass(frozen=True)
class Delivery:
    ok: bool
    error: str = ""
    permanent: bool = False


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # A redirect would turn the POST into a GET elsewhere: report it as the error it is.
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _post(message: SharingMessage) -> Delivery:
    url = settings.CITY_PLATFORM_URL
    if not url.startswith(("https://", "http://")):
        return Delivery(False, f"CITY_PLATFORM_URL is not an http(s) address: {url[:60]}", permanent=True)
    body = sharing_body(message)
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above: http(s) only
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "Idempotency-Key": message.idempotency_key,
            "X-Signature": sharing_signature(body),
            "User-Agent": "huaiyin-integrity-portal",
        },
    )
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=settings.CITY_PLATFORM_TIMEOUT_SECONDS) as response:
            response.read(1024)
            return Delivery(True)
    except urllib.error.HTTPError as exc:
        text = exc.read(300).decode("utf-8", "replace").strip()
        permanent = 300 <= exc.code < 500 and exc.code not in RETRYABLE_CLIENT_ERRORS
        return Delivery(False, f"HTTP {exc.code}: {text}"[:1000], permanent=permanent)
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as exc:
        return Delivery(False, f"{type(exc).__name__}: {exc}"[:1000])


def _send_next(candidates: QuerySet[SharingMessage], now: dt.datetime) -> SharingMessage | None:
    """Claim one due message (skipping rows another worker holds), send it, record the outcome."""
    with transaction.atomic():
        message = (
            candidates.select_for_update(skip_locked=True)
            .filter(state=State.PENDING, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "pk")
            .first()
        )
        if message is None:
            return None
        delivery = _post(message)
        done = timezone.now()
        if delivery.ok:
            message.state, message.sent_at, message.last_error = State.SENT, done, ""
            message.next_attempt_at = None
        else:
            message.attempts += 1
            message.last_error = delivery.error
            if delivery.permanent or message.attempts >= settings.SHARING_MAX_ATTEMPTS:
                message.state, message.next_attempt_at = State.DEAD, None
                _notify_dead(message)
            else:
                message.next_attempt_at = done + retry_delay(message.attempts)
        message.save(update_fields=["state", "sent_at", "last_error", "attempts", "next_attempt_at"])
    return message


def _notify_dead(message: SharingMessage) -> None:
    from django.urls import reverse

    logger.error("sharing message %s is dead after %d attempts: %s", message.pk, message.attempts, message.last_error)
    words = {"message": str(message), "id": message.pk, "error": message.last_error[:300]}
    notify(
        recipients=credit_office_users(),
        kind="sharing.dead",
        key=f"sharing-dead-{message.pk}-{message.replays}",
        subject=_("Not shared with the city credit platform: %(message)s") % words,
        body=_(
            "The city credit platform did not accept message %(id)s. Last error: %(error)s. "
            "Replay it in the admin (Messages to the city credit platform) or with "
            "`python manage.py replay_outbox --id %(id)s` once the cause is fixed."
        )
        % words,
        url=reverse("admin:core_sharingmessage_change", args=[message.pk]),
    )


def sharing_message_send(*, message_id: int, now: dt.datetime | None = None) -> SharingMessage | None:
    """Send one message if it is due and nobody holds it; None if there was nothing to do."""
    if not sharing_is_on():
        return None
    return _send_next(SharingMessage.objects.filter(pk=message_id), now or timezone.now())


def sharing_outbox_flush(*, now: dt.datetime | None = None, limit: int | None = None) -> int:
    """Send the due messages one by one (beat); returns how many were tried.

    Each is claimed and sent in its own transaction, so workers flushing at once share the
    rows between them and none is sent twice; a failed one is due again only later.
    """
    if not sharing_is_on():
        return 0  # sharing is off: messages wait, no attempt is counted
    now = now or timezone.now()
    tried = 0
    for _round in range(settings.SHARING_FLUSH_LIMIT if limit is None else limit):
        if _send_next(SharingMessage.objects.all(), now) is None:
            break
        tried += 1
    return tried


def may_replay(user: Any) -> bool:
    return bool(user is not None and user.is_active and user.has_perm(REPLAY_PERMISSION))


def sharing_message_replay(*, message: SharingMessage, actor: Any, via: str = "admin") -> SharingMessage:
    """Send a dead message again from the first attempt; audited. ``actor`` None: the shell."""
    if actor is not None and not may_replay(actor):
        raise PermissionDenied(_("Only the credit office can replay messages to the city credit platform."))
    with transaction.atomic():
        current = SharingMessage.objects.select_for_update().get(pk=message.pk)
        if current.state != State.DEAD:
            raise ReplayRefused(
                _("Message %(id)s is “%(state)s”: only a failed message can be replayed.")
                % {"id": current.pk, "state": current.get_state_display()}
            )
        now = timezone.now()
        SharingMessage.objects.filter(pk=current.pk, state=State.DEAD).update(
            state=State.PENDING, attempts=0, next_attempt_at=now, replays=F("replays") + 1
        )
        audit_record(
            action="core.sharingmessage.replay",
            actor=actor,
            obj=current,
            from_state=State.DEAD,
            to_state=State.PENDING,
            data={"attempts": current.attempts, "last_error": current.last_error[:300], "via": via},
        )
        transaction.on_commit(lambda: sharing_message_enqueue(message_id=current.pk))
    current.refresh_from_db()
    return current


def sharing_replay_dead(*, actor: Any, via: str = "admin", ids: list[int] | None = None) -> int:
    """Replay every dead message (or the dead ones among ``ids``); returns how many."""
    dead = SharingMessage.objects.filter(state=State.DEAD)
    if ids is not None:
        dead = dead.filter(pk__in=ids)
    count = 0
    with transaction.atomic():
        for message in dead.order_by("pk"):
            sharing_message_replay(message=message, actor=actor, via=via)
            count += 1
    return count


@dataclass(frozen=True)
class SharingStatus:
    on: bool
    pending: int
    dead: int


def sharing_status() -> SharingStatus:
    """What the credit office is shown: is sharing on, and how many messages wait or failed."""
    counts = SharingMessage.objects.aggregate(
        pending=Count("pk", filter=Q(state=State.PENDING)), dead=Count("pk", filter=Q(state=State.DEAD))
    )
    return SharingStatus(on=sharing_is_on(), pending=counts["pending"], dead=counts["dead"])
