"""The notification row is the mail's outbox: nothing committed waits on the broker, and
every mail goes out once however often its task or the flush runs (issue 7, item 16)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from core import tasks
from core.models import Notification, User
from core.services.notifications import mail_outbox_flush, notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]


def _notify(*recipients: User, key: str = "k-1") -> list[Notification]:
    return notify(recipients=recipients, kind="test.kind", key=key, subject="主题", body="正文")


def _later(minutes: int = 10) -> dt.datetime:
    return timezone.now() + dt.timedelta(minutes=minutes)


def test_a_notice_committed_while_the_broker_is_down_keeps_its_mail_pending(
    no_broker: None, django_capture_on_commit_callbacks: Capture
) -> None:
    user = UserFactory.create(username="u1")
    # Before the outbox, the on-commit enqueue raised here and the mail was lost for good.
    with django_capture_on_commit_callbacks(execute=True):
        _notify(user)
    notice = Notification.objects.get()
    assert (notice.mail_pending, notice.mailed_at, notice.mail_attempts) == (True, None, 0)
    assert mail.outbox == []


def test_the_flush_sends_what_the_broker_missed_once_it_is_back(django_capture_on_commit_callbacks: Capture) -> None:
    user = UserFactory.create(username="u1")
    with pytest.MonkeyPatch.context() as patch:
        from tests.reliability.conftest import broker_down

        patch.setattr(tasks.send_notification_mail, "delay", broker_down)
        with django_capture_on_commit_callbacks(execute=True):
            _notify(user)
    assert mail_outbox_flush(now=timezone.now()) == 0  # not due yet: the fast path may still come
    assert mail_outbox_flush(now=_later()) == 1
    notice = Notification.objects.get()
    assert notice.mail_pending is False and notice.mailed_at is not None
    assert [m.to for m in mail.outbox] == [["u1@example.invalid"]]


def test_the_mail_task_sends_once_however_often_it_is_delivered(django_capture_on_commit_callbacks: Capture) -> None:
    user = UserFactory.create(username="u1")
    with django_capture_on_commit_callbacks(execute=True):
        (notice,) = _notify(user)
    assert len(mail.outbox) == 1
    for _ in range(3):  # redeliveries
        assert tasks.send_notification_mail.delay(notice.pk).get() is False
    for _ in range(3):  # and three flushes in a row
        mail_outbox_flush(now=_later())
    assert len(mail.outbox) == 1


def test_a_recipient_without_an_address_gets_the_notice_and_no_mail(
    django_capture_on_commit_callbacks: Capture,
) -> None:
    user = UserFactory.create(username="u1", email="")
    with django_capture_on_commit_callbacks(execute=True):
        _notify(user)
    assert Notification.objects.get().mail_pending is False
    assert mail_outbox_flush(now=_later()) == 0
    assert mail.outbox == []


@override_settings(EMAIL_BACKEND="tests.reliability.test_mail_outbox.FailingBackend")
def test_a_failed_send_counts_an_attempt_stays_pending_and_is_tried_later(
    django_capture_on_commit_callbacks: Capture,
) -> None:
    user = UserFactory.create(username="u1")
    with django_capture_on_commit_callbacks(execute=True):
        _notify(user)  # the failure is the task's (it retries), never the notifier's
    notice = Notification.objects.get()
    assert notice.mail_pending is True
    assert notice.mail_attempts == 1
    assert notice.mail_next_try_at is not None and notice.mail_next_try_at > timezone.now()


@override_settings(NOTIFICATION_MAIL_MAX_ATTEMPTS=2)
def test_the_flush_gives_up_after_the_maximum_attempts(django_capture_on_commit_callbacks: Capture) -> None:
    user = UserFactory.create(username="u1")
    (notice,) = _notify(user)  # the on-commit enqueue never runs: only the flush sends
    Notification.objects.filter(pk=notice.pk).update(mail_attempts=2)
    assert mail_outbox_flush(now=_later(600)) == 0
    assert mail.outbox == []


def test_the_flush_task_is_registered_and_scheduled() -> None:
    from django.conf import settings

    assert tasks.flush_mail_outbox.name == "core.flush_mail_outbox"
    assert "core.flush_mail_outbox" in {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}


class FailingBackend:
    """A mail server that refuses the connection."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def send_messages(self, messages: Any) -> int:
        raise ConnectionRefusedError("SMTP server down")
