"""Filters of the staff records API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext_lazy as _

from core.models import Agency, CivilServant
from core.workflow import Status
from records.models import Category, CreditRecord, Polarity, Tier, UseScope


def remember_roles(user: Any) -> None:
    """Load the user's groups once per request: every role check (`has_role`, `visible_to`,
    the review policy) reads ``user.groups.all()``, which is otherwise a query each time."""
    if user is not None and user.is_authenticated and "groups" not in getattr(user, "_prefetched_objects_cache", {}):
        prefetch_related_objects([user], "groups")


def _user(request: Any) -> Any:
    return getattr(request, "user", None)


def _servants(request: Any) -> Any:
    # The choices are the user's own people: a filter form must not list another agency's names.
    user = _user(request)
    return CivilServant.objects.visible_to(user) if user is not None else CivilServant.objects.none()


def _agencies(request: Any) -> Any:
    user = _user(request)
    if user is None or not user.is_authenticated:
        return Agency.objects.none()
    return Agency.objects.all() if user.is_credit_office else Agency.objects.filter(pk=user.agency_id)


class StaffRecordFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("status"), choices=Status.choices)
    polarity = django_filters.ChoiceFilter(label=_("polarity"), choices=Polarity.choices)
    category = django_filters.ChoiceFilter(label=_("category"), choices=Category.choices)
    tier = django_filters.ChoiceFilter(label=_("tier"), choices=Tier.choices)
    use_scope = django_filters.ChoiceFilter(label=_("use scope (信息使用范围)"), choices=UseScope.choices)
    subject_agency = django_filters.ModelChoiceFilter(label=_("subject agency"), queryset=_agencies)
    civil_servant = django_filters.ModelChoiceFilter(label=_("civil servant"), queryset=_servants)

    class Meta:
        model = CreditRecord
        fields = ["status", "polarity", "category", "tier", "use_scope", "subject_agency", "civil_servant"]
