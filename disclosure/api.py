"""Open-data API (anonymous, read-only) and the staff API for entering actions."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.encoding import iri_to_uri
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, viewsets
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.pagination import BasePagination
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from core.api_pagination import NewestEntered
from core.api_permissions import StaffModelPermissions
from core.api_workflow import ReviewMovesMixin
from core.throttling import ClientRateThrottle
from disclosure import selectors
from disclosure.filters import PublicActionFilter
from disclosure.models import ActionKind, AdministrativeAction
from disclosure.presenters import action_marks
from disclosure.reports import company_report_content
from disclosure.serializers import (
    PublicActionSerializer,
    StaffActionSerializer,
    StandardActionSerializer,
    StandardLicenceSerializer,
    StandardPenaltySerializer,
)
from disclosure.services import actions as services
from records.api_clients import CreditReportAPIView


class NewestFirst(BasePagination):
    """The public site's keyset pages (selectors.keyset_page): newest decision first (decision
    date, then id), no COUNT, and the search plan that stays fast for rare and common words alike."""

    page_size = 20
    max_page_size = 100

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> list[Any]:
        try:
            size = min(max(int(request.query_params.get("page_size", self.page_size)), 1), self.max_page_size)
        except ValueError:
            raise ApiValidationError({"page_size": ["A whole number from 1 to 100."]}) from None
        cursor = request.query_params.get("cursor")
        if cursor and selectors.decode_cursor(cursor) is None:
            raise ApiValidationError({"cursor": ["Not a cursor from a `next` link."]})
        self.request = request
        self.page = selectors.keyset_page(queryset, cursor, size)
        return self.page.items

    def get_paginated_response(self, data: Any) -> Response:
        next_url = None
        if self.page.next_cursor:
            next_url = replace_query_param(self.request.build_absolute_uri(), "cursor", self.page.next_cursor)
        return Response({"next": next_url, "results": data})

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["results"],
            "properties": {"next": {"type": "string", "format": "uri", "nullable": True}, "results": schema},
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": "cursor",
                "in": "query",
                "required": False,
                "schema": {"type": "string"},
                "description": "The `next` link's cursor.",
            },
            {"name": "page_size", "in": "query", "required": False, "schema": {"type": "integer", "maximum": 100}},
        ]


@extend_schema(tags=["open data"])
@extend_schema_view(
    list=extend_schema(
        description=(
            "Published public administrative decisions, the same order as the public site: newest "
            "`decision_date` first, then `id` descending. Pages follow the `next` link (a keyset cursor). "
            "With `layout=standard` each item is in the national 双公示 standard's layout for its kind "
            "(Chinese field names and the standard's words, as listed on the open-data page)."
        ),
        parameters=[
            OpenApiParameter(
                "layout",
                str,
                enum=["standard"],
                required=False,
                description="`standard`: the national 双公示 data standard's fields and values; needs "
                "`kind=penalty` or `kind=licensing` (400 otherwise).",
            )
        ],
        # Either layout: the portal's own items, or the standard's for the one kind asked for.
        responses={
            200: PolymorphicProxySerializer(
                component_name="OpenDataItem",
                serializers=[PublicActionSerializer, StandardPenaltySerializer, StandardLicenceSerializer],
                resource_type_field_name=None,
                many=True,
            )
        },
    ),
    retrieve=extend_schema(responses={200: PublicActionSerializer}),
)
class DisclosureViewSet(viewsets.ReadOnlyModelViewSet):
    """Published public administrative decisions (双公示), natural persons masked."""

    serializer_class = PublicActionSerializer
    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    throttle_classes = [ClientRateThrottle]
    filter_backends = [DjangoFilterBackend]
    filterset_class = PublicActionFilter
    pagination_class = NewestFirst

    def get_queryset(self) -> QuerySet[AdministrativeAction]:
        return selectors.public_actions()

    def paginate_queryset(self, queryset: Any) -> Any:
        page = super().paginate_queryset(queryset)
        if page is not None:
            self._marks = action_marks(page)  # 「异议处理中」 for the whole page in one query
        return page

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        if hasattr(self, "_marks"):
            context["marks"] = self._marks
        return context

    STANDARD_KINDS = {ActionKind.PENALTY: StandardPenaltySerializer, ActionKind.LICENSING: StandardLicenceSerializer}

    def get_serializer_class(self) -> Any:
        request = getattr(self, "request", None)
        params = getattr(request, "query_params", {}) if request is not None else {}
        if "layout" not in params:
            return PublicActionSerializer
        # The standard has a layout per kind: one kind a request, as for the downloads.
        if params.get("layout") != "standard" or params.get("kind") not in self.STANDARD_KINDS:
            raise ApiValidationError(
                {"layout": [_("The standard layout needs kind=penalty or kind=licensing (one kind a file).")]}
            )
        serializer: type[StandardActionSerializer] = self.STANDARD_KINDS[params["kind"]]
        return serializer

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response | HttpResponse:  # type: ignore[override]
        # Cached like the public pages, but inside the view, after DRF has run the throttle,
        # so rate limiting still counts every request. The rendered bytes are cached: the
        # JSON renderer costs as much as the rest (bench/README.md). A bad filter raises
        # before anything is cached.
        seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
        renderer = request.accepted_renderer
        if not seconds or renderer.format != "json":
            return super().list(request, *args, **kwargs)
        # The answer holds absolute `next` links: keyed on the scheme, host and port as well
        # as the path, or a request through another allowed host planted its links for all.
        key = "api:disclosures:" + hashlib.sha256(iri_to_uri(request.build_absolute_uri()).encode()).hexdigest()
        body = cache.get(key)
        if body is None:
            response = super().list(request, *args, **kwargs)
            body = renderer.render(response.data, request.accepted_media_type, self.get_renderer_context())
            cache.set(key, body, seconds)
        return HttpResponse(body, content_type=renderer.media_type)


@extend_schema(tags=["staff"])
class StaffActionViewSet(
    ReviewMovesMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """A clerk enters and submits; a reviewer of the same agency publishes or returns."""

    serializer_class = StaffActionSerializer
    permission_classes = [StaffModelPermissions]
    pagination_class = NewestEntered
    workflow_service = staticmethod(services.action_move)

    def get_queryset(self) -> QuerySet[AdministrativeAction]:
        # Another agency's items answer 404: their existence does not leak.
        return AdministrativeAction.objects.visible_to(self.request.user).select_related("agency").order_by("-id")

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        id_number = data.pop("id_number", "")
        rep_number = data.pop("legal_representative_id_number", "")
        serializer.instance = services.action_create(
            actor=self.request.user, data=data, id_number=id_number, legal_representative_id_number=rep_number
        )

    def perform_update(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        id_number = data.pop("id_number", None)
        rep_number = data.pop("legal_representative_id_number", None)
        serializer.instance = services.action_update(
            action=serializer.instance,
            actor=self.request.user,
            data=data,
            id_number=id_number,
            legal_representative_id_number=rep_number,
        )


@extend_schema(
    tags=["credit reports"],
    responses={200: OpenApiResponse(description="The report, issued with a verification code"), 401: None, 404: None},
)
class CompanyCreditReportAPIView(CreditReportAPIView):
    """A company's credit report (its public licences and penalties) for an API client."""

    kind = "company"
    content_for = staticmethod(company_report_content)
