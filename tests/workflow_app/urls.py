from __future__ import annotations

from django.urls import include, path
from rest_framework import serializers, viewsets
from rest_framework.routers import DefaultRouter

from core.api_permissions import StaffModelPermissions
from core.api_workflow import ReviewMovesMixin
from tests.workflow_app.models import Pledge


class PledgeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Pledge
        fields = ("id", *Pledge.ENTRY_FIELDS, "status")
        read_only_fields = ("status",)


class PledgeViewSet(ReviewMovesMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = PledgeSerializer
    permission_classes = [StaffModelPermissions]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return Pledge.objects.visible_to(self.request.user).order_by("id")


router = DefaultRouter()
router.register("pledges", PledgeViewSet, basename="pledge")
urlpatterns = [path("api/v1/test/", include(router.urls)), path("", include("integrity.urls"))]
