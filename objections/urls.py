from __future__ import annotations

from django.urls import path

from . import views

app_name = "objections"

urlpatterns = [
    path("me/", views.my_file, name="me"),
    path("me/records/<int:pk>/", views.my_record, name="record"),
    path("me/records/<int:pk>/objection/", views.objection_new, name="file"),
    path("me/objections/<int:pk>/", views.objection_detail, name="detail"),
    path("me/objections/evidence/<int:pk>/", views.evidence_download, name="evidence"),
]
