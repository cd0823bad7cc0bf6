"""Celery's settings that keep tasks from being lost or doubled (issue 7, item 16), read
from the configuration itself, so a new task or a changed timeout is checked too."""

from __future__ import annotations

from typing import Any

import pytest
from celery import Celery
from django.conf import settings
from django.test import override_settings

from integrity.celery import app


def _project_tasks() -> dict[str, Any]:
    app.loader.import_default_modules()
    return {name: task for name, task in app.tasks.items() if not name.startswith("celery.")}


def _longest_retry_delay(task: Any) -> float:
    """The longest wait between two tries that the task's retry policy can produce."""
    delay = float(task.default_retry_delay or 0)
    if getattr(task, "autoretry_for", ()) and getattr(task, "retry_backoff", False):
        backoff = 1 if task.retry_backoff is True else int(task.retry_backoff)
        retries = int(task.max_retries or 0)
        # celery.utils.time.get_exponential_backoff_interval: factor * 2**retries, capped.
        delay = max(delay, min(float(task.retry_backoff_max), backoff * 2 ** max(retries - 1, 0)))
    return delay


def _redis_app(**overrides: Any) -> Celery:
    """The project's Celery configuration as it would be with a Redis broker."""
    import importlib

    import integrity.settings as project_settings

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
        for key, value in overrides.items():
            patch.setenv(key, str(value))
        fresh = importlib.reload(project_settings)
        config = {k: getattr(fresh, k) for k in dir(fresh) if k.startswith("CELERY_")}
    importlib.reload(project_settings)  # back to the environment's own values
    probe = Celery("probe", set_as_current=False)
    probe.config_from_object(config, namespace="CELERY")
    return probe


def test_the_project_has_tasks_to_check() -> None:
    names = set(_project_tasks())
    assert {"core.send_notification_mail", "core.flush_mail_outbox", "disclosure.run_import"} <= names


def test_every_task_acknowledges_late_and_goes_back_to_the_queue_when_its_worker_dies() -> None:
    for name, task in _project_tasks().items():
        assert task.acks_late is True, name
        assert task.reject_on_worker_lost is True, name


def test_the_redis_visibility_timeout_is_set_explicitly() -> None:
    probe = _redis_app()
    options = probe.conf.broker_transport_options
    assert options["visibility_timeout"] == settings.BROKER_VISIBILITY_TIMEOUT_SECONDS
    assert options["socket_connect_timeout"] <= 5 and options["socket_timeout"] <= 10


def test_every_retry_delay_is_below_the_brokers_visibility_timeout() -> None:
    visibility = _redis_app().conf.broker_transport_options["visibility_timeout"]
    delays = {name: _longest_retry_delay(task) for name, task in _project_tasks().items()}
    assert delays["core.send_notification_mail"] > 0  # a task that really retries is among them
    too_long = {name: delay for name, delay in delays.items() if delay >= visibility}
    assert not too_long, f"retry delays not below the visibility timeout of {visibility} s: {too_long}"


def test_the_check_catches_a_retry_delay_over_the_visibility_timeout() -> None:
    # The same rule against a short timeout: the notification mail's backoff (up to 60 s) fails it.
    visibility = _redis_app(BROKER_VISIBILITY_TIMEOUT_SECONDS=30).conf.broker_transport_options["visibility_timeout"]
    assert visibility == 30
    assert _longest_retry_delay(_project_tasks()["core.send_notification_mail"]) >= visibility


def test_publishing_gives_up_quickly_when_the_broker_is_down() -> None:
    policy = settings.CELERY_TASK_PUBLISH_RETRY_POLICY
    worst = policy["max_retries"] * policy["interval_max"]
    assert worst <= 1
    assert settings.CELERY_BROKER_CONNECTION_TIMEOUT <= 5


@override_settings(CELERY_TASK_ALWAYS_EAGER=False)
def test_beat_schedules_the_outbox_and_the_import_recovery() -> None:
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"core.flush_mail_outbox", "disclosure.recover_imports"} <= scheduled
    assert scheduled <= set(_project_tasks())
