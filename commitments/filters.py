"""The public list's filters: kind, committing agency (by credit code) and fulfilment."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from commitments.models import Commitment, CommitmentKind, Fulfilment


class PublicCommitmentFilter(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", ""), *CommitmentKind.choices], required=False)
    agency = forms.CharField(label=_("Committing agency"), max_length=18, required=False)
    state = forms.ChoiceField(label=_("Fulfilment"), choices=[("", ""), *Fulfilment.choices], required=False)

    def clean_agency(self) -> str:
        return (self.cleaned_data.get("agency") or "").strip().upper()

    def apply(self, qs: QuerySet[Commitment]) -> QuerySet[Commitment]:
        data: dict[str, Any] = self.cleaned_data
        if data.get("kind"):
            qs = qs.filter(kind=data["kind"])
        if data.get("agency"):
            qs = qs.filter(committing_agency__uscc=data["agency"])
        if data.get("state"):
            qs = qs.filter(fulfilment=data["state"])
        return qs
