"""Public API of the core app: the deadline calculator."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import api_view, permission_classes, throttle_classes
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from integrity.lib.workdays import CalendarNotCovered

from .forms import DeadlineForm
from .selectors import deadline
from .throttling import ClientRateThrottle


class SpecialDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    kind = serializers.ChoiceField(choices=["holiday", "makeup"])
    name = serializers.CharField()


DeadlineResponse = inline_serializer(
    "DeadlineResponse",
    {
        "start": serializers.DateField(),
        "days": serializers.IntegerField(),
        "due": serializers.DateField(),
        "holidays_crossed": serializers.ListField(child=serializers.DateField()),
        "makeup_days_crossed": serializers.ListField(child=serializers.DateField()),
        "special_days": SpecialDaySerializer(many=True),
    },
)


@extend_schema(
    summary="Working-day deadline (工作日期限计算)",
    description=(
        "The Nth working day after `start` (the start day is not counted), by the district's "
        "working-day calendar, with the holidays and make-up working days (调休) it crossed. "
        "A year the calendar does not cover answers 400 and names the missing year."
    ),
    parameters=[
        OpenApiParameter("start", OpenApiTypes.DATE, required=True),
        OpenApiParameter("days", OpenApiTypes.INT, required=True, description="1–365"),
    ],
    responses={200: DeadlineResponse, 400: OpenApiTypes.OBJECT},
    auth=[],
)
@api_view(["GET"])
@permission_classes([AllowAny])
@throttle_classes([ClientRateThrottle])
def deadline_view(request: Request) -> Response:
    form = DeadlineForm(request.query_params)
    if not form.is_valid():
        return Response(
            {field: [str(m) for m in messages] for field, messages in form.errors.items()},
            status=status.HTTP_400_BAD_REQUEST,
        )
    start, days = form.cleaned_data["start"], form.cleaned_data["days"]
    try:
        result = deadline(start, days)
    except CalendarNotCovered as exc:
        return Response(
            {
                "detail": _(
                    "The working-day calendar does not cover %(year)s yet: the holiday schedule for that year has not been published or entered."
                )
                % {"year": exc.year},
                "missing_year": exc.year,
            },
            status=status.HTTP_400_BAD_REQUEST,
        )
    return Response(
        {
            "start": result.start.isoformat(),
            "days": result.days,
            "due": result.due.isoformat(),
            "holidays_crossed": [d.date.isoformat() for d in result.holidays_crossed],
            "makeup_days_crossed": [d.date.isoformat() for d in result.makeup_days_crossed],
            "special_days": [
                {"date": d.date.isoformat(), "kind": d.kind.value, "name": d.note}
                for d in sorted(result.holidays_crossed + result.makeup_days_crossed, key=lambda d: d.date)
            ],
        }
    )
