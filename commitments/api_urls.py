from __future__ import annotations

from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("staff/commitments", api.StaffCommitmentViewSet, basename="api-staff-commitment")

urlpatterns = router.urls
