from __future__ import annotations

from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("me/records", api.OwnRecordViewSet, basename="api-me-record")
router.register("me/objections", api.OwnObjectionViewSet, basename="api-me-objection")
router.register("me/repairs", api.OwnRepairViewSet, basename="api-me-repair")

urlpatterns = router.urls
