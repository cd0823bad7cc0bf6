"""The admin site: the password and, for staff when OTP_REQUIRED, a second factor (core.security)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from .security import PortalLoginForm, is_verified, otp_required_for


class PortalAdminSite(admin.AdminSite):
    login_form = PortalLoginForm
    login_template = "admin/core/login.html"

    def has_permission(self, request: HttpRequest) -> bool:
        user: Any = request.user
        if not super().has_permission(request):
            return False
        return not otp_required_for(user) or is_verified(user)

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        user: Any = request.user
        if otp_required_for(user) and user.is_active and not is_verified(user):
            from django_otp import user_has_device

            if not user_has_device(user, confirmed=True):
                return redirect("core:otp_enrol")  # signed in with the password; the second factor first
        context = {"otp_required": settings.OTP_REQUIRED, **(extra_context or {})}
        return super().login(request, context)

    def get_urls(self) -> list[Any]:
        from django.urls import path

        from .admin_dashboard import dashboard_view

        # The credit office's dashboard; everyone else gets 404 from the view.
        view = self.admin_view(lambda request: dashboard_view(self, request))
        return [path("dashboard/", view, name="dashboard"), *super().get_urls()]
