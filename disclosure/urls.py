from __future__ import annotations

from django.urls import path

from . import views

app_name = "disclosure"

urlpatterns = [
    path("disclosures/", views.action_list, name="list"),
    path("disclosures/<int:pk>/", views.action_detail, name="detail"),
    path("disclosures/feed.atom", views.LatestActionsFeed(), name="feed"),
    path("disclosures/download.csv", views.download_csv, name="download-csv"),
    path("disclosures/download.json", views.download_json, name="download-json"),
    path("disclosures/download.xlsx", views.download_xlsx, name="download-xlsx"),
    path("agencies/", views.agency_list, name="agencies"),
    path("agencies/<str:uscc>/", views.agency_detail, name="agency"),
    path("subjects/<str:uscc>/", views.subject_detail, name="subject"),
    path("subjects/<str:uscc>/credit-report/", views.subject_report, name="subject-report"),
    path("open-data/", views.open_data, name="open-data"),
    path("takedowns/", views.takedown_log, name="takedowns"),
]
