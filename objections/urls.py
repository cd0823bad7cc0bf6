from __future__ import annotations

from django.urls import path

from . import counterparty_views, repair_views, views

app_name = "objections"

urlpatterns = [
    path("me/", views.my_file, name="me"),
    path("me/records/<int:pk>/", views.my_record, name="record"),
    path("me/records/<int:pk>/objection/", views.objection_new, name="file"),
    path("me/objections/<int:pk>/", views.objection_detail, name="detail"),
    path("me/objections/evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("me/records/<int:pk>/repair/", repair_views.repair_new, name="repair_file"),
    path("me/repairs/<int:pk>/", repair_views.repair_detail, name="repair_detail"),
    path("me/repairs/evidence/<int:pk>/", repair_views.repair_evidence_download, name="repair_evidence"),
    # A counterparty of a published item, without an account.
    path("objections/on/<slug:kind>/<int:pk>/", counterparty_views.identify, name="counterparty_identify"),
    path("objections/on/<slug:kind>/<int:pk>/file/", counterparty_views.file, name="counterparty_file"),
    path("objections/on/<slug:kind>/<int:pk>/repair/", counterparty_views.repair_file, name="counterparty_repair_file"),
    path("objections/receipt/", counterparty_views.receipt, name="counterparty_receipt"),
    path("objections/status/", counterparty_views.status, name="status"),
]
