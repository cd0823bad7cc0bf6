"""Filters of the public list and the open-data API (one FilterSet for both)."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from disclosure.models import ActionKind, AdministrativeAction
from disclosure.selectors import search
from integrity.lib.identifiers import validate_uscc


class PublicActionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=50)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ActionKind.choices)
    agency = django_filters.CharFilter(
        label=_("Agency (USCC)"),
        field_name="agency__uscc",
        max_length=18,
        help_text=_("The deciding agency's unified social credit code."),
        # A value that is not a credit code is a bad filter (400 with the message), not "no results".
        validators=[validate_uscc],
        method="filter_agency",
    )
    decided_from = django_filters.DateFilter(
        label=_("Decided from"),
        field_name="decision_date",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    decided_to = django_filters.DateFilter(
        label=_("Decided to"),
        field_name="decision_date",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = AdministrativeAction
        fields: list[str] = []

    def filter_agency(
        self, queryset: QuerySet[AdministrativeAction], name: str, value: Any
    ) -> QuerySet[AdministrativeAction]:
        return queryset.filter(agency__uscc=value.strip().upper())

    def filter_q(
        self, queryset: QuerySet[AdministrativeAction], name: str, value: Any
    ) -> QuerySet[AdministrativeAction]:
        return search(queryset, value)
