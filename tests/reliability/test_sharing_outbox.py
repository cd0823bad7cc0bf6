"""Sharing to the city credit platform (R-3) against a real HTTP receiver on 127.0.0.1: the
signature and the idempotency key, retries with backoff, dead messages, replay, sharing off,
and on PostgreSQL many senders at once sending every message exactly once (SKIP LOCKED)."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone, translation

from core import tasks
from core.models import AuditEvent, Notification, SharingMessage, User
from core.services.sharing import (
    retry_delay,
    sharing_body,
    sharing_message_send,
    sharing_outbox_flush,
    sharing_signature,
)
from records.models import CreditRecord
from records.services.records import record_move
from tests.records.conftest import agency_record_data, make_record
from tests.reliability.city_platform import CityPlatform, city_platform  # noqa: F401 - the fixture
from tests.reliability.conftest import require_postgresql

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]
State = SharingMessage.State


def _published(clerk: User, reviewer: User, capture: Capture, **overrides: Any) -> CreditRecord:
    assert clerk.agency is not None
    record = make_record(clerk, agency_record_data(clerk.agency, **overrides))
    record_move(record, move="submit", actor=clerk)
    with capture(execute=True):  # the fast path sends on commit (tasks run eagerly in tests)
        record_move(record, move="publish", actor=reviewer)
    return record


@pytest.fixture
def publish(clerk_a: User, reviewer_a: User, django_capture_on_commit_callbacks: Capture) -> Callable[[], CreditRecord]:
    """Publishes a fresh dishonesty record of agency A, the on-commit fast path included."""
    return lambda: _published(clerk_a, reviewer_a, django_capture_on_commit_callbacks)


def _later(message: SharingMessage) -> dt.datetime:
    message.refresh_from_db()
    assert message.next_attempt_at is not None
    return message.next_attempt_at + dt.timedelta(seconds=1)


def test_a_published_record_is_posted_signed_with_its_idempotency_key(
    city_platform: CityPlatform,  # noqa: F811
    publish: Callable[[], CreditRecord],
) -> None:
    record = publish()
    message = SharingMessage.objects.get()
    assert (message.state, message.attempts, message.kind) == (State.SENT, 0, "publish")
    (received,) = city_platform.requests
    assert received.status == 200  # the receiver checked the signature and the key itself
    assert received.headers["Idempotency-Key"] == message.idempotency_key == f"records.creditrecord:{record.pk}:publish"
    assert received.headers["X-Signature"] == sharing_signature(received.body)
    assert received.headers["Content-Type"].startswith("application/json")
    assert received.body == sharing_body(message)
    assert received.json["data"]["document_number"] == record.document_number


def test_the_first_failures_are_retried_with_backoff_and_the_same_signed_bytes(
    city_platform: CityPlatform,  # noqa: F811
    publish: Callable[[], CreditRecord],
    settings: Any,
) -> None:
    settings.SHARING_MAX_ATTEMPTS, settings.SHARING_RETRY_BASE_SECONDS = 5, 60
    city_platform.fail_first = 2
    publish()
    message = SharingMessage.objects.get()
    assert (message.state, message.attempts) == (State.PENDING, 1)
    assert message.last_error.startswith("HTTP 503")
    first_wait = message.next_attempt_at - timezone.now()  # type: ignore[operator]
    assert dt.timedelta(seconds=50) < first_wait <= dt.timedelta(seconds=60)

    assert sharing_outbox_flush() == 0  # not due yet: the backoff holds
    assert sharing_outbox_flush(now=_later(message)) == 1
    message.refresh_from_db()
    assert (message.state, message.attempts) == (State.PENDING, 2)
    assert message.next_attempt_at - timezone.now() > dt.timedelta(seconds=110)  # type: ignore[operator]

    assert sharing_outbox_flush(now=_later(message)) == 1
    message.refresh_from_db()
    assert (message.state, message.attempts, message.last_error) == (State.SENT, 2, "")
    assert [r.status for r in city_platform.requests] == [503, 503, 200]
    assert len({r.body for r in city_platform.requests}) == 1  # every try the same bytes
    assert {r.headers["Idempotency-Key"] for r in city_platform.requests} == {message.idempotency_key}
    assert sharing_outbox_flush(now=_later_than_all()) == 0  # sent is sent


def _later_than_all() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=2)


def test_the_backoff_doubles_and_stops_at_its_cap(settings: Any) -> None:
    settings.SHARING_RETRY_BASE_SECONDS, settings.SHARING_RETRY_CAP_SECONDS = 60, 600
    assert [retry_delay(n).total_seconds() for n in range(1, 7)] == [60, 120, 240, 480, 600, 600]


def test_after_the_last_attempt_the_message_is_dead_and_the_credit_office_is_told(
    city_platform: CityPlatform,  # noqa: F811
    publish: Callable[[], CreditRecord],
    credit_office: User,
    settings: Any,
) -> None:
    settings.SHARING_MAX_ATTEMPTS = 3
    city_platform.always = 503
    publish()
    message = SharingMessage.objects.get()
    for _ in range(5):
        sharing_outbox_flush(now=_later_than_all())
    message.refresh_from_db()
    assert (message.state, message.attempts, message.next_attempt_at) == (State.DEAD, 3, None)
    assert len(city_platform.requests) == 3  # no fourth try
    notice = Notification.objects.get(kind="sharing.dead")
    assert notice.recipient == credit_office
    assert f"replay_outbox --id {message.pk}" in notice.body
    assert notice.url.endswith(f"/core/sharingmessage/{message.pk}/change/")


def test_a_message_the_platform_refuses_is_dead_at_once(
    city_platform: CityPlatform,  # noqa: F811
    publish: Callable[[], CreditRecord],
    credit_office: User,
) -> None:
    city_platform.always = 422  # the payload itself is refused: trying again cannot help
    publish()
    message = SharingMessage.objects.get()
    assert (message.state, message.attempts) == (State.DEAD, 1)
    assert message.last_error.startswith("HTTP 422")


def test_a_wrong_key_is_refused_by_the_platform_and_the_message_is_dead(
    city_platform: CityPlatform,  # noqa: F811
    publish: Callable[[], CreditRecord],
    settings: Any,
) -> None:
    settings.CITY_PLATFORM_KEY = "not-the-shared-key"
    publish()
    assert [r.status for r in city_platform.requests] == [401]  # the receiver's own check
    assert SharingMessage.objects.get().state == State.DEAD


def test_a_platform_that_does_not_answer_is_retried(publish: Callable[[], CreditRecord], settings: Any) -> None:
    import socket

    with socket.socket() as unused:  # a port nobody listens on: connection refused
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    settings.CITY_PLATFORM_URL, settings.CITY_PLATFORM_KEY = f"http://127.0.0.1:{port}/", "k"
    publish()
    message = SharingMessage.objects.get()
    assert (message.state, message.attempts) == (State.PENDING, 1)
    assert "URLError" in message.last_error


def test_replay_outbox_sends_a_dead_message_again_and_is_audited(
    city_platform: CityPlatform,  # noqa: F811
    publish: Callable[[], CreditRecord],
    credit_office: User,
    django_capture_on_commit_callbacks: Capture,
    settings: Any,
) -> None:
    settings.SHARING_MAX_ATTEMPTS = 1
    city_platform.always = 503
    publish()
    message = SharingMessage.objects.get(state=State.DEAD)
    city_platform.always = None  # the platform is back
    with django_capture_on_commit_callbacks(execute=True):
        call_command("replay_outbox", "--id", str(message.pk), "--user", "office")
    message.refresh_from_db()
    assert (message.state, message.attempts, message.replays) == (State.SENT, 0, 1)
    assert [r.status for r in city_platform.requests] == [503, 200]
    assert list(city_platform.stored) == [message.idempotency_key]
    event = AuditEvent.objects.get(action="core.sharingmessage.replay")
    assert (event.actor, event.from_state, event.to_state, event.object_id) == (
        credit_office,
        "dead",
        "pending",
        str(message.pk),
    )
    assert event.data["via"] == "replay_outbox"


def test_replay_outbox_refuses_bad_input_with_a_message_and_changes_nothing(
    city_platform: CityPlatform,  # noqa: F811
    publish: Callable[[], CreditRecord],
    settings: Any,
) -> None:
    settings.SHARING_MAX_ATTEMPTS = 1
    city_platform.always = 503
    publish()
    dead = SharingMessage.objects.get()
    city_platform.always = None
    publish()
    sent = SharingMessage.objects.get(state=State.SENT)
    problems = {
        (): "either --id",
        ("--id", str(dead.pk), "--all-dead"): "either --id",
        ("--id", "999999"): "no message with id 999999",
        ("--id", str(dead.pk), "--id", str(sent.pk)): "only a failed message can be replayed",
        ("--all-dead", "--user", "nobody"): "no active account",
        ("--all-dead", "--user", "clerk_a"): "Only the credit office",
    }
    for args, words in problems.items():
        with translation.override("en"), pytest.raises(CommandError, match=words):
            call_command("replay_outbox", *args)
    dead.refresh_from_db()
    assert (dead.state, dead.replays) == (State.DEAD, 0)  # the refused --id list replayed nothing
    assert not AuditEvent.objects.filter(action="core.sharingmessage.replay").exists()


def test_replay_all_dead(
    city_platform: CityPlatform,  # noqa: F811
    publish: Callable[[], CreditRecord],
    settings: Any,
) -> None:
    settings.SHARING_MAX_ATTEMPTS = 1
    city_platform.always = 503
    for _ in range(3):
        publish()
    city_platform.always = None
    call_command("replay_outbox", "--all-dead")  # on-commit fast path not run here: the flush sends
    assert SharingMessage.objects.filter(state=State.PENDING, attempts=0).count() == 3
    assert sharing_outbox_flush() == 3
    assert SharingMessage.objects.filter(state=State.SENT).count() == 3
    assert AuditEvent.objects.filter(action="core.sharingmessage.replay", actor=None).count() == 3


def test_with_sharing_off_messages_wait_without_attempts_and_go_when_it_is_on(
    city_platform: CityPlatform,  # noqa: F811
    publish: Callable[[], CreditRecord],
    settings: Any,
) -> None:
    settings.CITY_PLATFORM_URL = ""
    publish()
    message = SharingMessage.objects.get()
    assert sharing_outbox_flush(now=_later_than_all()) == 0
    assert sharing_message_send(message_id=message.pk) is None
    assert tasks.send_sharing_message.delay(message.pk).get() == ""
    message.refresh_from_db()
    assert (message.state, message.attempts, message.last_error) == (State.PENDING, 0, "")
    assert city_platform.requests == []

    settings.CITY_PLATFORM_URL = city_platform.url  # switched on: the backlog goes out
    assert tasks.flush_sharing_outbox.delay().get() == 1
    message.refresh_from_db()
    assert message.state == State.SENT and len(city_platform.accepted()) == 1


def test_a_message_committed_while_the_broker_is_down_is_sent_by_the_flush(
    city_platform: CityPlatform,  # noqa: F811
    publish: Callable[[], CreditRecord],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.reliability.conftest import broker_down

    monkeypatch.setattr(tasks.send_sharing_message, "delay", broker_down)
    record = publish()  # the publish still commits
    assert CreditRecord.objects.get(pk=record.pk).status == "published"
    message = SharingMessage.objects.get()
    assert (message.state, message.attempts) == (State.PENDING, 0) and city_platform.requests == []
    assert sharing_outbox_flush() == 1  # beat, once the broker is back
    message.refresh_from_db()
    assert message.state == State.SENT


def test_a_redelivered_send_task_posts_nothing_twice(
    city_platform: CityPlatform,  # noqa: F811
    publish: Callable[[], CreditRecord],
) -> None:
    publish()
    message = SharingMessage.objects.get()
    for _ in range(3):
        assert tasks.send_sharing_message.delay(message.pk).get() == ""
    assert len(city_platform.requests) == 1


def test_the_flush_and_send_tasks_are_registered_and_scheduled() -> None:
    from django.conf import settings

    assert tasks.flush_sharing_outbox.name == "core.flush_sharing_outbox"
    assert tasks.send_sharing_message.name == "core.send_sharing_message"
    assert "core.flush_sharing_outbox" in {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}


# --- many senders at once (PostgreSQL: SQLite serialises writers and cannot show the race) ---

SENDERS = 8
MESSAGES = 24


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_senders_flushing_at_once_send_every_message_exactly_once(
    city_platform: CityPlatform,  # noqa: F811
    publish: Callable[[], CreditRecord],
    settings: Any,
) -> None:
    require_postgresql()
    settings.CITY_PLATFORM_URL = ""  # the backlog builds up while sharing is off
    for _ in range(MESSAGES):
        publish()
    settings.CITY_PLATFORM_URL = city_platform.url
    city_platform.delay = 0.05  # each POST holds its row long enough for the others to meet it

    barrier = threading.Barrier(SENDERS)
    errors: list[BaseException] = []
    tried: list[int] = []

    def sender() -> None:
        try:
            barrier.wait(timeout=30)
            tried.append(sharing_outbox_flush())
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sender) for _ in range(SENDERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    per_key = Counter(r.headers["Idempotency-Key"] for r in city_platform.requests)
    assert len(per_key) == MESSAGES and set(per_key.values()) == {1}, per_key  # never one row twice
    assert sum(tried) == MESSAGES
    assert len([n for n in tried if n]) > 1  # the rows really were shared between the senders
    assert SharingMessage.objects.filter(state=State.SENT).count() == MESSAGES
