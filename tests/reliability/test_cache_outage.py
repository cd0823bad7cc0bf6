"""The cache's Redis stopped or hung (often the broker's own server): the public site and the
open-data API answer from the database, quickly, instead of 500 (issue 7, item 16)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client, override_settings

from core.cache import TolerantRedisCache
from tests.reliability.harness import free_port
from tests.reliability.test_database_unavailable import Blackhole

pytestmark = pytest.mark.django_db

PATHS = ["/", "/disclosures/", "/agencies/", "/api/v1/disclosures/"]


def _cache_at(port: int) -> dict[str, Any]:
    return {
        "default": {
            "BACKEND": "core.cache.TolerantRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


@pytest.fixture(autouse=True)
def _fresh_breaker() -> Iterator[None]:
    TolerantRedisCache.down_until = 0.0
    yield
    TolerantRedisCache.down_until = 0.0


def _timed_pages() -> dict[str, tuple[int, float]]:
    client = Client(raise_request_exception=False)
    answers = {}
    for path in PATHS:
        started = time.monotonic()
        status = client.get(path).status_code
        answers[path] = (status, round(time.monotonic() - started, 2))
    return answers


def test_a_stopped_cache_redis_is_a_miss_not_a_500() -> None:
    with override_settings(CACHES=_cache_at(free_port())):  # nothing listens there
        answers = _timed_pages()
    print(answers)
    assert {status for status, _ in answers.values()} == {200}, answers
    assert max(seconds for _, seconds in answers.values()) < 2


def test_a_hung_cache_redis_costs_one_socket_timeout_then_is_skipped() -> None:
    hole = Blackhole()
    try:
        with override_settings(CACHES=_cache_at(hole.port)):
            answers = _timed_pages()
    finally:
        hole.close()
    print(answers)
    assert {status for status, _ in answers.values()} == {200}, answers
    assert sum(seconds for _, seconds in answers.values()) < 4  # one 1 s timeout, then skipped


def test_a_redis_cache_url_gets_the_tolerant_backend_with_timeouts() -> None:
    if not settings.CACHES["default"]["LOCATION"] or "redis" not in str(settings.CACHES["default"]["LOCATION"]):
        pytest.skip("CACHE_URL is not Redis here (the PostgreSQL + Redis run checks it)")
    assert settings.CACHES["default"]["BACKEND"] == "core.cache.TolerantRedisCache"
    assert settings.CACHES["default"]["OPTIONS"]["socket_timeout"] <= 2
