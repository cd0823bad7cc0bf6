from __future__ import annotations

import base64
import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from integrity.lib.workdays import CalendarNotCovered

from .forms import DeadlineForm
from .selectors import deadline
from .services.accounts import otp_device_confirm, otp_device_pending


@require_GET
def workdays_calculator(request: HttpRequest) -> HttpResponse:
    """Public deadline calculator: "7 working days after 2026-09-30 is …"."""
    form = DeadlineForm(request.GET or None)
    result = missing_year = None
    if form.is_bound and form.is_valid():
        try:
            result = deadline(form.cleaned_data["start"], form.cleaned_data["days"])
        except CalendarNotCovered as exc:
            missing_year = exc.year
    return render(
        request,
        "core/workdays.html",
        {"form": form, "result": result, "missing_year": missing_year, "example_start": dt.date(2026, 9, 30)},
    )


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers."""
    return JsonResponse({"status": "ok"})


def _check_database() -> str | None:
    from .db import database_ping

    try:
        # A fresh connection with its own deadline: a hung server answers "not ready" within
        # READYZ_DATABASE_TIMEOUT_SECONDS instead of holding the probe (issue 7, item 16).
        database_ping(seconds=settings.READYZ_DATABASE_TIMEOUT_SECONDS)
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
        return f"{type(exc).__name__}"
    return None


def _check_broker() -> str | None:
    from celery import current_app as app  # the project's app (integrity/celery.py), without importing it

    if settings.CELERY_TASK_ALWAYS_EAGER:
        return None
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # noqa: BLE001
        return f"{type(exc).__name__}"
    return None


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: the database and the broker answer. 503 if either does not."""
    checks = {"database": _check_database(), "broker": _check_broker()}
    ready = all(v is None for v in checks.values())
    return JsonResponse(
        {
            "status": "ok" if ready else "unavailable",
            "checks": {k: "ok" if v is None else f"error: {v}" for k, v in checks.items()},
        },
        status=200 if ready else 503,
    )


@require_GET
def switch_language(request: HttpRequest, code: str) -> HttpResponse:
    """Set the language cookie and go back. A GET link, so public pages carry no CSRF
    token and can be cached; choosing a language changes nothing but a preference."""
    from django.http import HttpResponseRedirect
    from django.utils.http import url_has_allowed_host_and_scheme

    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
        )
    return response


class OtpTokenForm(forms.Form):
    token = forms.RegexField(
        label=gettext_lazy("Code from the authenticator app"),
        regex=r"^\d{6}$",
        error_messages={"invalid": gettext_lazy("Enter the 6 digits the app shows.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


@never_cache
@login_required
def otp_enrol(request: HttpRequest) -> HttpResponse:
    """A staff member enrols an authenticator app (TOTP): the secret, its otpauth URI and a QR code."""
    import segno
    from django_otp import login as otp_login
    from django_otp import user_has_device

    user: Any = request.user
    if not user.is_staff:
        raise Http404
    if user_has_device(user, confirmed=True):
        messages.info(request, _("Your authenticator app is already enrolled."))
        return redirect("admin:index")
    device = otp_device_pending(user=user)
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if otp_device_confirm(user=user, device=device, token=form.cleaned_data["token"]):
            otp_login(request, device)
            messages.success(request, _("Two-factor sign-in is on for your account."))
            return redirect("admin:index")
        form.add_error("token", _("The code does not match; check the time on your phone and try the next code."))
    uri = device.config_url
    context = {
        **admin.site.each_context(request),
        "title": _("Enrol your authenticator app"),
        "form": form,
        "secret": base64.b32encode(device.bin_key).decode(),
        "otpauth_uri": uri,
        # An SVG segno draws from our own otpauth URI (modules, no text): nothing a person typed.
        "qr_svg": mark_safe(segno.make(uri, error="m").svg_inline(scale=4)),  # noqa: S308  # nosec B308 B703
        "otp_required": settings.OTP_REQUIRED,
    }
    return render(request, "admin/core/otp_enrol.html", context)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a database that does not answer is 503 with the site's page (or JSON for
    the API) wherever it was raised; anything else is Django's plain 500."""
    import sys

    from django.views.defaults import server_error as default_server_error

    from .middleware import database_unavailable, database_unavailable_response

    if database_unavailable(sys.exc_info()[1]):
        return database_unavailable_response(request)
    return default_server_error(request)
