"""The staff API for commitments: `/api/v1/staff/commitments/` (enter, edit, move, read)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets

from commitments.models import Commitment
from commitments.serializers import StaffCommitmentSerializer
from commitments.services import commitments as services
from core.api_permissions import StaffModelPermissions
from core.api_workflow import ReviewMovesMixin
from records.api import NewestEntered
from records.filters import remember_roles

PART_NAMES = tuple(services.PART_FIELDS)


def _split(validated: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    data = dict(validated)
    parts = {name: [dict(row) for row in data.pop(name)] for name in PART_NAMES if name in data}
    return data, parts


@extend_schema(tags=["staff"])
class StaffCommitmentViewSet(
    ReviewMovesMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """A clerk of the committing agency (or the credit office) enters and submits; another
    reviewer of the agency (or the credit office) publishes or returns. Another agency's
    commitment answers 404."""

    serializer_class = StaffCommitmentSerializer
    permission_classes = [StaffModelPermissions]
    pagination_class = NewestEntered
    workflow_service = staticmethod(services.commitment_move)

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        remember_roles(request.user)
        super().initial(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Commitment]:
        return (
            Commitment.objects.visible_to(self.request.user)
            .select_related("responsible_person")
            .prefetch_related("counterparties", "targets", "milestones")
            .order_by("-id")
        )

    def perform_create(self, serializer: Any) -> None:
        data, parts = _split(serializer.validated_data)
        serializer.instance = services.commitment_create(actor=self.request.user, data=data, parts=parts)

    def perform_update(self, serializer: Any) -> None:
        data, parts = _split(serializer.validated_data)
        serializer.instance = services.commitment_update(
            commitment=serializer.instance, actor=self.request.user, data=data, parts=parts
        )
