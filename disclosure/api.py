"""Open-data API (anonymous, read-only) and the staff API for entering actions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from core.workflow import WorkflowError
from disclosure import selectors
from disclosure.filters import PublicActionFilter
from disclosure.models import AdministrativeAction
from disclosure.serializers import PublicActionSerializer, ReasonSerializer, StaffActionSerializer
from disclosure.services import actions as services


class NewestFirst(CursorPagination):
    ordering = ("-published_at", "-id")
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class NewestEntered(CursorPagination):
    ordering = ("-id",)
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


@extend_schema(tags=["open data"])
class DisclosureViewSet(viewsets.ReadOnlyModelViewSet):
    """Published public administrative decisions (双公示), natural persons masked."""

    serializer_class = PublicActionSerializer
    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    throttle_classes = [AnonRateThrottle]
    filter_backends = [DjangoFilterBackend]
    filterset_class = PublicActionFilter
    pagination_class = NewestFirst

    def get_queryset(self) -> QuerySet[AdministrativeAction]:
        return selectors.public_actions()


def _as_api_error(exc: Exception) -> Exception:
    if isinstance(exc, ValidationError):
        return ApiValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages})
    if isinstance(exc, WorkflowError):
        return ApiValidationError({"status": [str(exc)]})
    if isinstance(exc, PermissionDenied):
        return ApiPermissionDenied(str(exc))
    return exc


@extend_schema(tags=["staff"])
class StaffActionViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """A clerk enters and submits; a reviewer of the same agency publishes or returns."""

    serializer_class = StaffActionSerializer
    permission_classes = [IsAuthenticated]
    pagination_class = NewestEntered

    def get_queryset(self) -> QuerySet[AdministrativeAction]:
        # Another agency's items answer 404: their existence does not leak.
        return AdministrativeAction.objects.visible_to(self.request.user).select_related("agency").order_by("-id")

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        id_number = data.pop("id_number", "")
        try:
            serializer.instance = services.action_create(actor=self.request.user, data=data, id_number=id_number)
        except (ValidationError, PermissionDenied) as exc:
            raise _as_api_error(exc) from exc

    def perform_update(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        id_number = data.pop("id_number", None)
        try:
            serializer.instance = services.action_update(
                action=serializer.instance, actor=self.request.user, data=data, id_number=id_number
            )
        except (ValidationError, PermissionDenied) as exc:
            raise _as_api_error(exc) from exc

    def _move(self, func: Any, **kwargs: Any) -> Response:
        item = self.get_object()
        try:
            item = func(action=item, actor=self.request.user, **kwargs)
        except (WorkflowError, PermissionDenied) as exc:
            raise _as_api_error(exc) from exc
        return Response(self.get_serializer(item).data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: Any = None) -> Response:
        return self._move(services.action_submit)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: Any = None) -> Response:
        return self._move(services.action_publish)

    @extend_schema(request=ReasonSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request: Request, pk: Any = None) -> Response:
        reason = ReasonSerializer(data=request.data)
        reason.is_valid(raise_exception=True)
        return self._move(services.action_return, reason=reason.validated_data["reason"])

    @extend_schema(request=ReasonSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: Any = None) -> Response:
        reason = ReasonSerializer(data=request.data)
        reason.is_valid(raise_exception=True)
        return self._move(services.action_revoke, reason=reason.validated_data["reason"])


