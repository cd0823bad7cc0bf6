from __future__ import annotations

from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("staff/records", api.StaffRecordViewSet, basename="api-staff-record")

urlpatterns = router.urls
