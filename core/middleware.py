from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

# The source IP of the request being served, for audit entries written deep in services.
current_ip: ContextVar[str | None] = ContextVar("current_ip", default=None)


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # REMOTE_ADDR only: X-Forwarded-For is set by the client unless a trusted proxy
        # rewrites it, and an audit log must not record what an attacker chose.
        token = current_ip.set(request.META.get("REMOTE_ADDR") or None)
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
