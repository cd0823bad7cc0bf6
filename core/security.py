"""Staff sign-in: lockout after failed attempts (django-axes), two factors (django-otp TOTP),
session limits. The README's "Security" section lists the controls and their tests.

- The client address is `core.client_ip.client_ip` (REMOTE_ADDR, or what our own
  ``TRUSTED_PROXIES`` saw): a header the client sets itself must not choose the address
  that is locked out.
- The cool-off grows: the first lockout of an account or address lasts
  ``LOGIN_COOLOFF_MINUTES``, each further one within a day twice as long, up to a day.
- With ``OTP_REQUIRED`` a staff session counts only once verified by a code of the person's
  TOTP device; a code is accepted once (django-otp keeps the last time step used).
- A session ends after ``SESSION_IDLE_MINUTES`` without a request (SESSION_COOKIE_AGE, pushed
  forward at most once every ``SESSION_RENEW_SECONDS``) and ``SESSION_ABSOLUTE_HOURS`` after sign-in, whatever the activity.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

log = logging.getLogger("core.security")

LOCKOUT_WINDOW = dt.timedelta(days=1)
MAX_COOLOFF = dt.timedelta(days=1)
SESSION_LOGIN_KEY = "core_login_at"
# When the idle expiry was last pushed forward (SessionLimitsMiddleware).
SESSION_RENEWED_KEY = "core_renewed_at"


# --- the client's address ---


def client_ip(request: HttpRequest) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the one trusted-proxy rule of the rate limits and the audit log."""
    from core.client_ip import client_ip as trusted_client_ip

    return trusted_client_ip(request) or None


# --- lockout (django-axes) ---


def _lockout_keys(username: str | None, ip_address: str | None) -> list[str]:
    keys = []
    if username:
        keys.append(f"login-lockouts:user:{username}")
    if ip_address:
        keys.append(f"login-lockouts:ip:{ip_address}")
    return keys


def _username(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.POST.get(getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")) or None


def login_cool_off(request: HttpRequest | None = None) -> dt.timedelta:
    """AXES_COOLOFF_TIME: base × 2^(lockouts in the last day − 1), for the account or the address."""
    base = dt.timedelta(minutes=settings.LOGIN_COOLOFF_MINUTES)
    if request is None:
        return base
    keys = _lockout_keys(_username(request), client_ip(request))
    lockouts = max([cache.get(key, 0) for key in keys], default=0)
    return min(base * 2 ** max(lockouts - 1, 0), MAX_COOLOFF)


def record_lockout(sender: Any, request: HttpRequest, username: str | None, ip_address: str | None, **kw: Any) -> None:
    """axes' user_locked_out: count a new lockout (not every refused try during one) and log it."""
    # The marker holds when the lockout ends; every refused try moves that on (axes restarts the
    # cool-off on each failure during a lockout), so only a lockout after a pause counts again.
    # The time is stored, not left to the key's expiry, so the rule reads the same clock as axes.
    marker = f"login-locked:{username}:{ip_address}"
    now = timezone.now().timestamp()
    until = cache.get(marker)
    if until is None or until <= now:
        for key in _lockout_keys(username, ip_address):
            cache.set(key, cache.get(key, 0) + 1, timeout=int(LOCKOUT_WINDOW.total_seconds()))
        log.warning(
            "sign-in locked out: username=%r address=%s cool-off=%s", username, ip_address, login_cool_off(request)
        )
    cool_off = login_cool_off(request).total_seconds()
    cache.set(marker, now + cool_off, timeout=int(cool_off) + 60)


def lockout_response(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the sign-in page that was used (the admin's or the public site's)
    with the reason, not a bare error."""
    from django.urls import reverse

    minutes = max(1, int(login_cool_off(request).total_seconds() // 60))
    message = _(
        "Too many failed sign-ins for this account or from this address. Sign-in is locked for "
        "%(minutes)d minutes; each further lockout lasts longer. Ask the credit office if this was not you."
    ) % {"minutes": minutes}
    status = getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429)
    if request.path == reverse("core:login"):
        from core.account import PublicLoginForm

        public = {"form": PublicLoginForm(request), "lockout_message": message, "next": request.POST.get("next", "")}
        return render(request, "core/account/login.html", public, status=status)
    context = {
        **admin.site.each_context(request),
        "title": _("Log in"),
        "form": PortalLoginForm(request),
        "lockout_message": message,
        "app_path": request.get_full_path(),
        "next": request.POST.get("next", ""),
        "otp_required": settings.OTP_REQUIRED,
    }
    # Rendered at once: this runs in the innermost middleware, and the ones outside read the content.
    return render(request, "admin/core/login.html", context, status=status)


# --- two factors (django-otp) ---


def otp_required_for(user: Any) -> bool:
    """Staff need a verified second factor when the setting requires it."""
    return bool(settings.OTP_REQUIRED and user.is_authenticated and user.is_staff)


def is_verified(user: Any) -> bool:
    is_verified_attr: Callable[[], bool] | None = getattr(user, "is_verified", None)
    return bool(is_verified_attr and is_verified_attr())


class PortalLoginForm(AdminAuthenticationForm):
    """The admin's sign-in form with the code of the person's authenticator app.

    A staff member without a confirmed device signs in with the password only and is sent
    to enrol one (core.views.otp_enrol); the admin itself stays closed until then. A wrong
    code counts as a failed sign-in for the lockout.
    """

    otp_token = forms.CharField(
        label=gettext_lazy("Code from the authenticator app"),
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if not settings.OTP_REQUIRED:
            return
        from django_otp import match_token, user_has_device

        if not user_has_device(user, confirmed=True):
            return  # enrols next; unverified, the admin stays closed
        token = (self.cleaned_data.get("otp_token") or "").strip()
        device = match_token(user, token) if token else None
        if device is None:
            user_login_failed.send(
                sender=__name__,
                credentials={"username": user.get_username()},
                request=self.request,
            )
            raise forms.ValidationError(
                _("Enter the current code from your authenticator app (each code works once)."), code="otp"
            )
        user.otp_device = device  # django-otp marks the session verified on login


# --- session limits ---


class SessionLimitsMiddleware:
    """Signs out a session older than SESSION_ABSOLUTE_HOURS since sign-in, however active.

    The idle limit is the session's own expiry (SESSION_COOKIE_AGE). It is pushed forward by a
    request at most once every SESSION_RENEW_SECONDS: saving the session on every request was
    an UPDATE and a commit on every staff page (a tenth of a file page's time, bench/README.md).
    So a session ends between SESSION_IDLE_MINUTES minus SESSION_RENEW_SECONDS and
    SESSION_IDLE_MINUTES after its last request: never later than the limit.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = timezone.now().timestamp()
            started = request.session.get(SESSION_LOGIN_KEY)
            if started is None:
                request.session[SESSION_LOGIN_KEY] = now  # a session from before this control
            elif now - started > settings.SESSION_ABSOLUTE_HOURS * 3600:
                logout(request)
                messages.info(
                    request,
                    _("Your session ended after %(hours)d hours; sign in again.")
                    % {"hours": settings.SESSION_ABSOLUTE_HOURS},
                )
                return self.get_response(request)
            renewed = request.session.get(SESSION_RENEWED_KEY)
            if renewed is None or now - renewed >= settings.SESSION_RENEW_SECONDS:
                request.session[SESSION_RENEWED_KEY] = now  # modified: saved with a fresh expiry
        return self.get_response(request)


def stamp_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """user_logged_in: the absolute limit counts from this sign-in."""
    if request is not None and hasattr(request, "session"):
        now = timezone.now().timestamp()
        request.session[SESSION_LOGIN_KEY] = now
        request.session[SESSION_RENEWED_KEY] = now  # signing in saves the session with a fresh expiry


# --- the staff API ---

from rest_framework.authentication import SessionAuthentication  # noqa: E402


class VerifiedSessionAuthentication(SessionAuthentication):
    """DRF session authentication that, like the admin, ignores a staff session not yet
    verified by a second factor when OTP_REQUIRED (API tokens are issued by a superuser)."""

    def authenticate(self, request: Any) -> Any:
        result = super().authenticate(request)
        if result is not None and otp_required_for(result[0]) and not is_verified(result[0]):
            return None
        return result


from drf_spectacular.authentication import SessionScheme  # noqa: E402


class VerifiedSessionScheme(SessionScheme):
    """The OpenAPI description of the session cookie, for the verified-session class above."""

    target_class = "core.security.VerifiedSessionAuthentication"
    priority = 0
