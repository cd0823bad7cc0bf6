"""API glue for every reviewable model: the move endpoints of a staff viewset.

`ReviewMovesMixin` adds ``POST …/{id}/submit/``, ``publish/``, ``return/`` and ``revoke/``
to a viewset whose queryset is already limited by `visible_to` (another agency's item is a
404). Errors are not caught here: the project's one exception handler (core.api_errors)
maps them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from .workflow import PUBLISH, RETURN, REVOKE, SUBMIT, item_move


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class ReviewMovesMixin:
    # (item, *, move, actor, reason) -> item; the app's own service when moves have side effects.
    workflow_service: Callable[..., Any] = staticmethod(item_move)

    # Provided by the viewset this is mixed into.
    get_object: Callable[[], Any]
    get_serializer: Callable[..., Any]

    def _move(self, request: Request, move: str, reason: str = "") -> Response:
        item = self.workflow_service(self.get_object(), move=move, actor=request.user, reason=reason)
        return Response(self.get_serializer(item).data)

    def _move_with_reason(self, request: Request, move: str) -> Response:
        given = ReasonSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        return self._move(request, move, given.validated_data["reason"])

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: Any = None) -> Response:
        return self._move(request, SUBMIT.name)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: Any = None) -> Response:
        return self._move(request, PUBLISH.name)

    @extend_schema(request=ReasonSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request: Request, pk: Any = None) -> Response:
        return self._move_with_reason(request, RETURN.name)

    @extend_schema(request=ReasonSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: Any = None) -> Response:
        return self._move_with_reason(request, REVOKE.name)
