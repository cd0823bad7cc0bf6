"""The staff API for credit records: `/api/v1/staff/records/` (enter, edit, move, read)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from core.api_pagination import NewestEntered
from core.api_permissions import StaffModelPermissions
from core.api_workflow import ReasonSerializer, ReviewMovesMixin
from core.services.marks import item_marks
from records import selectors
from records.filters import StaffRecordFilter, remember_roles
from records.models import CreditRecord, Sanction
from records.serializers import (
    RestrictionQuerySerializer,
    RestrictionSerializer,
    StaffRecordSerializer,
    StaffSanctionSerializer,
)
from records.services import records as services
from records.services import sanctions as sanction_services


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


class LiftPermission(StaffModelPermissions):
    # Lifting changes a sanction: the change permission (reviewers hold it for this), then the policy.
    perms_map = {**StaffModelPermissions.perms_map, "POST": ["%(app_label)s.change_%(model_name)s"]}


@extend_schema(tags=["staff"])
class StaffSanctionViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Sanctions (惩戒措施) on the dishonesty records of the user's agency: a clerk (or the
    credit office) enters and edits them; reviewers read them. Another agency's sanction
    answers 404."""

    serializer_class = StaffSanctionSerializer
    permission_classes = [StaffModelPermissions]
    pagination_class = NewestEntered
    filter_backends = [DjangoFilterBackend]
    filterset_fields = ["record", "kind"]

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        remember_roles(request.user)
        super().initial(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Sanction]:
        return Sanction.objects.visible_to(self.request.user).prefetch_related("evidence").order_by("-id")

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        data.pop("version", None)
        serializer.instance = sanction_services.sanction_create(actor=self.request.user, data=data)

    @extend_schema(request=ReasonSerializer)
    @action(detail=True, methods=["post"], permission_classes=[LiftPermission])
    def lift(self, request: Request, pk: Any = None) -> Response:
        """Lift one measure early, with a reason: a reviewer of the record's agency or the credit
        office (revoking or repairing the record lifts all of them by itself)."""
        given = ReasonSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        lifted = sanction_services.sanction_lift(
            sanction=self.get_object(), actor=request.user, reason=given.validated_data["reason"]
        )
        return Response(self.get_serializer(lifted).data)

    @extend_schema(parameters=[RestrictionQuerySerializer], responses=RestrictionSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def restrictions(self, request: Request) -> Response:
        """The 失信被执行人 restrictions in force on any agency (by id or credit code): what a
        department checks before a subsidy, a loan, a project approval or an appropriation. They
        come from published records only, so every staff reader may ask about every agency."""
        query = RestrictionQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        agency = query.validated_data["agency"]
        found = selectors.agency_restrictions(agency)
        return Response(RestrictionSerializer(found, many=True).data)

    def perform_update(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        version = data.pop("version")
        serializer.instance = sanction_services.sanction_update(
            sanction=serializer.instance, actor=self.request.user, data=data, version=version
        )
