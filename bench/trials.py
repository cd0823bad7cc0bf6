"""Bench-only trials of recommended changes, served beside the project's own views.

Nothing here is used by the project: bench/urls.py routes these under /bench/trial/ so
the benchmark can measure a proposed change in the same run as the code as it is.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils.encoding import iri_to_uri
from rest_framework.request import Request
from rest_framework.response import Response

from disclosure.api import DisclosureViewSet


class CachedDisclosureViewSet(DisclosureViewSet):
    """The open-data list with its anonymous responses cached like the public pages.

    The cache is consulted inside the view, after DRF has run the throttle, so rate
    limiting still sees every request (a cache_page decorator around the view would
    answer cached requests before the throttle). Same lifetime as the public pages, so a
    publication or takedown shows within PUBLIC_PAGE_CACHE_SECONDS.
    """

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
        if not seconds:
            return super().list(request, *args, **kwargs)
        key = "api:disclosures:" + iri_to_uri(request.get_full_path())
        data = cache.get(key)
        if data is None:
            data = super().list(request, *args, **kwargs).data
            cache.set(key, data, seconds)
        return Response(data)
