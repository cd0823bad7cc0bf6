from __future__ import annotations

from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("staff/records", api.StaffRecordViewSet, basename="api-staff-record")
router.register("staff/sanctions", api.StaffSanctionViewSet, basename="api-staff-sanction")

urlpatterns = router.urls
