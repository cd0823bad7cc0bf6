from __future__ import annotations

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("disclosures", api.DisclosureViewSet, basename="api-disclosure")
router.register("staff/actions", api.StaffActionViewSet, basename="api-staff-action")

urlpatterns = [
    *router.urls,
    path(
        "companies/<str:uscc>/credit-report/",
        api.CompanyCreditReportAPIView.as_view(),
        name="api-company-credit-report",
    ),
]
