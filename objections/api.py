"""The signed-in civil servant's API: own records (read), own objections (create, list,
detail). Every object comes from the filer's own gate, so another person's id answers 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from core.account import is_civil_servant_account
from core.api_pagination import NewestEntered
from core.services.marks import item_marks
from objections.models import Objection
from objections.repair_models import RepairRequest
from objections.serializers import ObjectionSerializer, OwnRecordSerializer, RepairRequestSerializer
from objections.services.objections import objection_file, objections_of_filer, own_records
from objections.services.repair import repair_file, repairs_of_applicant
from records.models import CreditRecord


class IsCivilServant(BasePermission):
    """A signed-in account linked to a civil servant's file (not staff)."""

    def has_permission(self, request: Any, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and is_civil_servant_account(user))


class Newest(NewestEntered):
    page_size_query_param = None  # a person's own items: pages of 50, no size to choose


@extend_schema(tags=["civil servant"])
class OwnRecordViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = OwnRecordSerializer
    permission_classes = [IsCivilServant]
    pagination_class = Newest
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[CreditRecord]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return CreditRecord.objects.none()
        return own_records(self.request.user).order_by("-id")

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        page = getattr(self, "_page_ids", None)
        if page is not None:
            context["marks"] = item_marks(CreditRecord, page)
        return context

    def paginate_queryset(self, queryset: Any) -> Any:
        page = super().paginate_queryset(queryset)
        if page is not None:
            self._page_ids = [r.pk for r in page]  # the marks of a page in one query
        return page


@extend_schema(tags=["civil servant"])
class OwnObjectionViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ObjectionSerializer
    permission_classes = [IsCivilServant]
    pagination_class = Newest
    filter_backends: list[Any] = []
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> QuerySet[Objection]:
        return objections_of_filer(self.request.user).select_related("agency").order_by("-id")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        objection = objection_file(
            actor=request.user,
            record_id=data["record_id"],
            reasons=data["reasons"],
            uploads=data.get("evidence_files", []),
        )
        return Response(self.get_serializer(objection).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["civil servant"])
class OwnRepairViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The signed-in civil servant's credit repair requests (create, list, detail)."""

    serializer_class = RepairRequestSerializer
    permission_classes = [IsCivilServant]
    pagination_class = Newest
    filter_backends: list[Any] = []
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> QuerySet[RepairRequest]:
        return repairs_of_applicant(self.request.user).select_related("agency").order_by("-id")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        repair = repair_file(
            actor=request.user,
            record_id=data["record_id"],
            statement=data["statement"],
            commitment_accepted=data["commitment_accepted"],
            uploads=data.get("evidence_files", []),
        )
        return Response(self.get_serializer(repair).data, status=status.HTTP_201_CREATED)
