from __future__ import annotations

from django.urls import path

from . import account, views

app_name = "core"

urlpatterns = [
    path("workdays/", views.workdays_calculator, name="workdays"),
    path("language/<str:code>/", views.switch_language, name="language"),
    path("account/two-factor/", views.otp_enrol, name="otp_enrol"),
    # The public site's sign-in, for civil servants (staff keep the admin's).
    path("account/login/", account.PublicLoginView.as_view(), name="login"),
    path("account/logout/", account.PublicLogoutView.as_view(), name="logout"),
    path("account/set-password/done/", account.SetPasswordDoneView.as_view(), name="password_set_done"),
    path("account/set-password/<uidb64>/<token>/", account.SetPasswordView.as_view(), name="password_set"),
]
