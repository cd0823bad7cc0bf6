"""Rate limits keyed on `core.client_ip.client_ip`, for the API and for plain Django views.

DRF's own `AnonRateThrottle` keys on X-Forwarded-For when NUM_PROXIES is unset, so any client
could pick its own address; these classes use the one trusted-proxy rule instead. Public
pages use `rate_limited(scope)`, placed inside the page cache so only cache misses (the
downloads and uncached searches that cost the database) are counted.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from rest_framework.throttling import SimpleRateThrottle

from .client_ip import client_ip


class ClientRateThrottle(SimpleRateThrottle):
    """Per client address, for anonymous and signed-in visitors alike."""

    scope = "anon"

    def get_ident(self, request: Any) -> str:
        return client_ip(request)

    def get_cache_key(self, request: Any, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class DownloadRateThrottle(ClientRateThrottle):
    scope = "download"


class SearchRateThrottle(ClientRateThrottle):
    scope = "search"


def rate_limited(
    throttle_class: type[ClientRateThrottle], when: Callable[[HttpRequest], bool] | None = None
) -> Callable[[Any], Any]:
    """A Django view decorator: 429 in the site's layout once the client's rate is spent.

    ``when`` limits counting to some requests (a list page only when it searches)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            throttle = throttle_class()
            # DRF's throttles read only META and the user, which a plain HttpRequest has too.
            if (when is None or when(request)) and not throttle.allow_request(request, None):  # type: ignore[arg-type]
                wait = throttle.wait()
                response = render(request, "429.html", {"wait": int(wait or 60)}, status=429)
                response["Retry-After"] = str(int(wait or 60))
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class ObjectionRateThrottle(ClientRateThrottle):
    """A counterparty's objection steps (identification, code, filing), per client address."""

    scope = "objection"


class ObjectionStatusRateThrottle(ClientRateThrottle):
    """The query-code status look-up, per client address: a code cannot be guessed by trying."""

    scope = "objection_status"
