from __future__ import annotations

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api, api_clients

router = SimpleRouter()
router.register("staff/records", api.StaffRecordViewSet, basename="api-staff-record")
router.register("staff/sanctions", api.StaffSanctionViewSet, basename="api-staff-sanction")

urlpatterns = [
    *router.urls,
    path(
        "agencies/<str:uscc>/credit-report/",
        api_clients.AgencyCreditReportAPIView.as_view(),
        name="api-agency-credit-report",
    ),
]
