from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Public pages and the open-data API are cached; the throttle counts in the cache."""
    cache.clear()
    yield
    cache.clear()
