from __future__ import annotations

from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("workdays/", views.workdays_calculator, name="workdays"),
    path("language/<str:code>/", views.switch_language, name="language"),
    path("account/two-factor/", views.otp_enrol, name="otp_enrol"),
]
