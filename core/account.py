"""Sign-in on the public site for civil servants (issue 10, item 1); staff keep the admin.

- The same controls as the admin's sign-in (core.security): django-axes' lockout per account
  and per address (the address from `core.client_ip`, so a forged X-Forwarded-For moves
  nothing), the idle and absolute session limits, and the lockout shown on this page (429).
- Only an account linked to a civil servant's file signs in here; a staff account is told to
  use the back office, without being signed in.
- Sign-out is a POST that deletes the session on the server.
- The password is set through a one-time link (Django's token generator: the token dies when
  the password changes) under the password validators of the settings.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.db import transaction
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from core.models import CivilServant


def is_civil_servant_account(user: Any) -> bool:
    return bool(user.is_active and not user.is_staff and CivilServant.objects.filter(user=user).exists())


class PublicLoginForm(AuthenticationForm):
    """Civil servants only. A right password of a staff account signs nobody in here."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "staff": gettext_lazy(
            "This is a staff account: staff sign in to the back office at /admin/ (with the authenticator code)."
        ),
        "no_file": gettext_lazy(
            "This account is not linked to a civil servant's integrity file; ask the credit office."
        ),
    }

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if user.is_staff or user.is_superuser:
            raise forms.ValidationError(self.error_messages["staff"], code="staff")
        if not CivilServant.objects.filter(user=user).exists():
            raise forms.ValidationError(self.error_messages["no_file"], code="no_file")


@method_decorator(never_cache, name="dispatch")
class PublicLoginView(auth_views.LoginView):
    template_name = "core/account/login.html"
    form_class = PublicLoginForm
    redirect_authenticated_user = False
    next_page = "objections:me"


class PublicLogoutView(auth_views.LogoutView):
    """POST only (Django's LogoutView): ends the session on the server, then the home page."""

    next_page = "home"


class PortalSetPasswordForm(SetPasswordForm):
    """SetPasswordForm checks AUTH_PASSWORD_VALIDATORS: length, common, similar to the account's
    names (the civil servant's name is copied to the account for that), all digits."""

    @transaction.atomic
    def save(self, commit: bool = True) -> Any:
        from core.services.audit import audit_record

        user = super().save(commit)
        audit_record(
            action="core.user.password_set", actor=user, obj=user, data={"changes": {"password": {"changed": True}}}
        )
        return user


@method_decorator(never_cache, name="dispatch")
class SetPasswordView(auth_views.PasswordResetConfirmView):
    template_name = "core/account/set_password.html"
    form_class = PortalSetPasswordForm
    success_url = reverse_lazy("core:password_set_done")
    post_reset_login = False

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Set your password")
        return context


class SetPasswordDoneView(auth_views.PasswordResetCompleteView):
    template_name = "core/account/set_password_done.html"
