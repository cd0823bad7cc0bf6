"""The staff API for credit records: `/api/v1/staff/records/` (enter, edit, move, read)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.pagination import CursorPagination

from core.api_permissions import StaffModelPermissions
from core.api_workflow import ReviewMovesMixin
from core.services.marks import item_marks
from records.filters import StaffRecordFilter, remember_roles
from records.models import CreditRecord
from records.serializers import StaffRecordSerializer
from records.services import records as services


class NewestEntered(CursorPagination):
    ordering = ("-id",)
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


@extend_schema(tags=["staff"])
class StaffRecordViewSet(
    ReviewMovesMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """A clerk (or the credit office) enters and submits; another reviewer of the agency (or
    the credit office) publishes or returns. Another agency's record answers 404."""

    serializer_class = StaffRecordSerializer
    permission_classes = [StaffModelPermissions]
    pagination_class = NewestEntered
    filter_backends = [DjangoFilterBackend]
    filterset_class = StaffRecordFilter
    workflow_service = staticmethod(services.record_move)

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        remember_roles(request.user)  # before the permission check, which already builds the queryset
        super().initial(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[CreditRecord]:
        return (
            CreditRecord.objects.visible_to(self.request.user)
            .select_related("subject_agency", "civil_servant", "fact")
            .order_by("-id")
        )

    def paginate_queryset(self, queryset: Any) -> Any:
        page = super().paginate_queryset(queryset)
        if page is not None:
            self._marks = item_marks(CreditRecord, [r.pk for r in page])  # one query per provider for the page
        return page

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        if hasattr(self, "_marks"):
            context["marks"] = self._marks
        return context

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        data.pop("version", None)
        serializer.instance = services.record_create(actor=self.request.user, data=data)

    def perform_update(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        version = data.pop("version")
        serializer.instance = services.record_update(
            record=serializer.instance, actor=self.request.user, data=data, version=version
        )
