"""The red and black lists of the public site (R-23): good examples (守信典型), dishonesty cases
(失信案例) and the agencies under joint punishment (联合惩戒).

Only what `CreditRecord.objects.public()` lets through is listed (published, public scope,
inside its public period, not taken down), so a civil servant's record appears only when a
clerk set its scope to public, and then through `records.public.public_record`: surname plus
**, no ID number, free text masked. A page costs a constant number of queries whatever its
length: the count, the page, the marks and (for the restrictions) one more.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Agency
from core.services.marks import item_marks
from records.models import CreditRecord, KeyArea, Polarity
from records.public import public_record
from records.selectors import agencies_restrictions, debtor_sanctions_in_force

PAGE_SIZE = 20


class PublicListFilter(forms.Form):
    """What a visitor narrows a list by: the agency (by credit code), a key area, the year decided."""

    agency = forms.CharField(label=_("Agency"), max_length=18, required=False)
    area = forms.ChoiceField(label=_("Key area"), choices=[("", ""), *KeyArea.choices], required=False)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)

    def clean_agency(self) -> str:
        return (self.cleaned_data.get("agency") or "").strip().upper()

    def apply(self, qs: QuerySet[CreditRecord]) -> QuerySet[CreditRecord]:
        data: dict[str, Any] = self.cleaned_data
        if data.get("agency"):
            # The owning agency: the subject agency, or the civil servant's agency.
            qs = qs.filter(agency__uscc=data["agency"])
        if data.get("area"):
            # The JSON list as text holds the quoted value: portable across SQLite and PostgreSQL.
            qs = qs.filter(key_areas__icontains=f'"{data["area"]}"')
        if data.get("year"):
            qs = qs.filter(decision_date__year=data["year"])
        return qs


def public_list_records(polarity: str) -> QuerySet[CreditRecord]:
    """The public records of one polarity, newest decision first, with what the presenter reads."""
    return (
        CreditRecord.objects.public()
        .filter(polarity=polarity)
        .select_related("agency", "civil_servant", "providing_agency")
        .order_by("-decision_date", "-id")
    )


def list_item(record: CreditRecord, marks: list[Any]) -> dict[str, Any]:
    return {
        **public_record(record),
        "agency_name": record.agency.name,
        "agency_uscc": record.agency.uscc,
        "key_areas": record.key_area_labels(),
        "marks": [m.label for m in marks],
    }


def record_page(qs: QuerySet[CreditRecord], number: Any) -> tuple[Page[CreditRecord], list[dict[str, Any]]]:
    page = Paginator(qs, PAGE_SIZE).get_page(number)
    records = list(page.object_list)
    marks = item_marks(CreditRecord, [r.pk for r in records])
    return page, [list_item(r, marks.get(r.pk, [])) for r in records]


def filter_choices() -> dict[str, Any]:
    """The agencies and key areas a visitor can choose; one query."""
    return {
        "agencies": list(Agency.objects.filter(is_active=True).order_by("name").values_list("uscc", "name")),
        "areas": KeyArea.choices,
    }


def list_years(polarity: str) -> list[int]:
    """The years with a public record of ``polarity``, newest first; one query."""
    dates = CreditRecord.objects.public().filter(polarity=polarity).dates("decision_date", "year", order="DESC")
    return [d.year for d in dates]


GOOD = Polarity.TRUSTWORTHY
BAD = Polarity.DISHONEST


def restricted_agencies(today: dt.date | None = None) -> QuerySet[Agency]:
    """The agencies listed as dishonest judgment debtors by a public record whose
    restrictions are in force today, by name."""
    today = today or timezone.localdate()
    listed = debtor_sanctions_in_force(today, public_only=True).values("record__subject_agency_id")
    return Agency.objects.filter(pk__in=listed).order_by("name", "id")


def restricted_page(number: Any, today: dt.date | None = None) -> tuple[Page[Agency], list[dict[str, Any]]]:
    """A page of restricted agencies, each with its measures and their dates; three queries."""
    today = today or timezone.localdate()
    page = Paginator(restricted_agencies(today), PAGE_SIZE).get_page(number)
    agencies = list(page.object_list)
    restrictions = agencies_restrictions(agencies, today=today, public_only=True)
    return page, [
        {"name": a.name, "uscc": a.uscc, "restrictions": restrictions.get(a.pk, [])}
        for a in agencies
        if restrictions.get(a.pk)
    ]
