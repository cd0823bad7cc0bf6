"""A Redis cache that is down is a cache miss, not an error page (issue 7, item 16).

The public pages and the open-data API cache their answers, and the API's rate limit counts
in the cache. With Django's own RedisCache, a stopped or hung Redis, often the broker's own
server, turned every public page into a 500. Here a connection error or timeout on a read
is a miss and on a write is skipped, logged as a warning. Pages are rendered from the
database until Redis returns, and the rate limit does not count during the outage (it fails
open). The socket timeouts in settings bound the wait for a Redis that does not answer.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5


def _tolerant(method: Callable[..., Any], fallback: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def wrapper(self: TolerantRedisCache, *args: Any, **kwargs: Any) -> Any:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError

        if time.monotonic() < self.down_until:
            return fallback(*args, **kwargs)
        try:
            return method(self, *args, **kwargs)
        except (RedisConnectionError, RedisTimeoutError) as exc:
            # One failure stands for the next few seconds: a page makes several cache calls,
            # and each would wait out the socket timeout again.
            self.down_until = time.monotonic() + RETRY_AFTER_SECONDS
            logger.warning("cache unavailable (%s: %s); skipped for %d s", type(exc).__name__, exc, RETRY_AFTER_SECONDS)
            return fallback(*args, **kwargs)

    return wrapper


def _default(key: Any, default: Any = None, *args: Any, **kwargs: Any) -> Any:
    return default


def _false(*args: Any, **kwargs: Any) -> bool:
    return False


def _nothing(*args: Any, **kwargs: Any) -> Any:
    return None


def _empty(*args: Any, **kwargs: Any) -> dict[str, Any]:
    return {}


def _all_failed(data: dict[str, Any], *args: Any, **kwargs: Any) -> list[str]:
    return list(data)


class TolerantRedisCache(RedisCache):
    down_until = 0.0  # per process: monotonic time before which Redis is not tried again

    get = _tolerant(RedisCache.get, _default)
    get_many = _tolerant(RedisCache.get_many, _empty)
    has_key = _tolerant(RedisCache.has_key, _false)
    add = _tolerant(RedisCache.add, _false)
    set = _tolerant(RedisCache.set, _nothing)
    touch = _tolerant(RedisCache.touch, _false)
    delete = _tolerant(RedisCache.delete, _false)
    set_many = _tolerant(RedisCache.set_many, _all_failed)
    delete_many = _tolerant(RedisCache.delete_many, _nothing)
