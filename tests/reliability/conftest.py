"""Shared helpers of the fault tests: broker failures and the PostgreSQL-only skips."""

from __future__ import annotations

import os
from typing import Any, NoReturn

import pytest
from django.db import connection
from kombu.exceptions import OperationalError as BrokerDown


def integration_required() -> bool:
    # .ci/run sets this on its PostgreSQL + Redis run, where a skip would hide a broken setup.
    return os.environ.get("INTEGRATION_REQUIRED", "").lower() in ("1", "true", "yes")


def skip_unless_services(reason: str) -> NoReturn:
    if integration_required():
        pytest.fail(f"INTEGRATION_REQUIRED is set, but this test {reason}")
    pytest.skip(reason)


def require_postgresql() -> None:
    if connection.vendor != "postgresql":
        skip_unless_services(f"needs PostgreSQL (DATABASE_URL=postgres://…), not {connection.vendor}")


def broker_down(*args: Any, **kwargs: Any) -> NoReturn:
    """What `Task.delay` raises when Redis refuses the connection."""
    raise BrokerDown("Error 111 connecting to 127.0.0.1:6390. Connection refused.")


@pytest.fixture
def no_broker(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every enqueue fails as with the broker stopped."""
    from celery.app.task import Task

    monkeypatch.setattr(Task, "delay", broker_down)
    monkeypatch.setattr(Task, "apply_async", broker_down)
