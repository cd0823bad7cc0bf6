"""Filters of the public list and the open-data API (one FilterSet for both)."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.models import Agency
from disclosure.models import ActionKind, AdministrativeAction
from disclosure.selectors import search
from integrity.lib.identifiers import validate_uscc


class AgencyField(forms.ModelChoiceField):
    """A select of the active agencies by name whose value is the credit code, so the page
    offers names and the API keeps `agency=<USCC>`. Any case is accepted; an inactive agency's
    code still filters (its past decisions may be public), it is only not offered."""

    def to_python(self, value: Any) -> Agency | None:
        if value in self.empty_values:
            return None
        code = str(value).strip().upper()
        # A value that is not a credit code is a bad filter (400 with the message), not "no results".
        validate_uscc(code)
        agency = Agency.objects.filter(uscc=code).first()
        if agency is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return agency

    def validate(self, value: Any) -> None:
        forms.Field.validate(self, value)


class AgencyFilter(django_filters.ModelChoiceFilter):
    field_class = AgencyField


class PublicActionForm(forms.Form):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("decided_from"), data.get("decided_to")
        if start and end and start > end:
            # An error, not an empty list: the reader swapped the dates.
            self.add_error("decided_to", _("The end date is before the start date."))
        return data


class PublicActionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=50)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ActionKind.choices, empty_label=_("All"))
    agency = AgencyFilter(
        label=_("Deciding agency"),
        queryset=Agency.objects.active().order_by("name"),
        to_field_name="uscc",
        empty_label=_("All"),
        help_text=_("The deciding agency; in the API, its unified social credit code."),
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
        form = PublicActionForm

    def filter_agency(
        self, queryset: QuerySet[AdministrativeAction], name: str, value: Any
    ) -> QuerySet[AdministrativeAction]:
        return queryset.filter(agency=value)

    def filter_q(
        self, queryset: QuerySet[AdministrativeAction], name: str, value: Any
    ) -> QuerySet[AdministrativeAction]:
        return search(queryset, value)
