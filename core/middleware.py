from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy

# The source IP of the request being served, for audit entries written deep in services.
current_ip: ContextVar[str | None] = ContextVar("current_ip", default=None)


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # X-Forwarded-For only from our own proxies (core.client_ip): an audit log must not
        # record an address the client chose.
        from .client_ip import client_ip

        token = current_ip.set(client_ip(request) or None)
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)


class ChineseFirstLocaleMiddleware:
    """Simplified Chinese unless the visitor chose another language with the switch.

    Django's LocaleMiddleware follows the browser's Accept-Language, which would show English
    to most office PCs set up in English; this portal is Chinese first (STYLE "Style").
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        from django.utils.cache import patch_vary_headers

        patch_vary_headers(response, ("Cookie",))
        return response


class MalformedRequestMiddleware:
    """A NUL character anywhere in the path or the query string is a 400 with a message.

    PostgreSQL refuses NUL in text, so such a value reached the database as a 500 from any
    view that filters on it (a public page, an API filter, an admin changelist, the admin
    autocomplete). No legitimate link carries one; one rule here covers every view, those
    of later apps included. A cookie carrying NUL is dropped instead (a stale or forged
    session cookie must not lock anyone out). Placed before the session middleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for name in [k for k, v in request.COOKIES.items() if "\x00" in k or "\x00" in v]:
            del request.COOKIES[name]
        if "\x00" in request.path or any("\x00" in k or "\x00" in v for k, v in _query_items(request)):
            return bad_request(request, _NUL_MESSAGE)
        return self.get_response(request)


def _query_items(request: HttpRequest) -> list[tuple[str, str]]:
    return [(key, value) for key, values in request.GET.lists() for value in values]


_NUL_MESSAGE = gettext_lazy("The address contains a NUL character, which no page of this site accepts.")


def bad_request(request: HttpRequest, message: Any) -> HttpResponse:
    """A 400 in the site's layout, or in JSON under /api/, in the visitor's language."""
    from django.conf import settings
    from django.http import JsonResponse
    from django.template.loader import render_to_string
    from django.utils import translation

    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    with translation.override(language):
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": str(message)}, status=400)
        body = render_to_string("400.html", {"message": message}, request=request)
    return HttpResponse(body, status=400, content_type="text/html; charset=utf-8")


def database_unavailable(exc: BaseException | None) -> bool:
    """Whether an exception means the database is down, hung or too slow, not a bug.

    Django wraps the driver's errors: a refused or timed-out connection, a closed one, and a
    query the server cancelled at statement_timeout (QueryCanceled) are all OperationalError
    or InterfaceError. IntegrityError and ProgrammingError are bugs and stay 500.
    """
    from django.db import InterfaceError, OperationalError

    return isinstance(exc, (OperationalError, InterfaceError))


def database_unavailable_response(request: HttpRequest) -> HttpResponse:
    """503 in the site's layout, or {"detail": …} for the API; tells clients to come back."""
    from django.http import JsonResponse
    from django.shortcuts import render
    from django.utils.translation import gettext

    message = gettext("The service is temporarily unavailable. Please try again in a few minutes.")
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=503)
    else:
        response = render(request, "503.html", {"message": message}, status=503)
    response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """A database that does not answer yields 503 within the timeouts, never a bare 500.

    Covers exceptions from views (DRF passes them on: its handler knows none of these);
    core.views.server_error covers the rest (another middleware, a template).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not database_unavailable(exception):
            return None
        import logging

        logging.getLogger(__name__).error(
            "database unavailable on %s %s: %s", request.method, request.path, exception, exc_info=exception
        )
        return database_unavailable_response(request)
