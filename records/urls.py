from __future__ import annotations

from django.urls import path

from . import views

app_name = "records"

urlpatterns = [
    path("evaluation/", views.evaluation_table, name="evaluation"),
    path("evaluation/method/", views.evaluation_method, name="evaluation-method"),
    path("agencies/<str:uscc>/credit-report/", views.agency_report, name="agency-report"),
    path("reports/<str:code>/", views.issued_report, name="report"),
    path("reports/<str:code>/pdf/", views.issued_report_pdf, name="report-pdf"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("good-examples/", views.good_examples, name="good-examples"),
    path("dishonesty-cases/", views.dishonesty_cases, name="dishonesty-cases"),
    path("restricted-agencies/", views.restricted_agencies, name="restricted-agencies"),
]
