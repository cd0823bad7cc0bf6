"""Marks on items, read from facts other apps own (docs/lifecycles.md, "Objections, corrections
and repairs are facts, not statuses").

An open objection makes a record show 「异议处理中」 wherever it is shown, but the record's app
may not import `objections`, and the record's status stays a review state. So the app that
owns the fact registers a provider at start-up (`register_mark_provider` in its
`AppConfig.ready()`), and every output of the item asks `item_marks` for the marks of the rows
it shows: one query per provider for a whole page, never one per row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models


@dataclass(frozen=True)
class Mark:
    code: str  # stable, for the API and tests: "objection_pending"
    label: str  # what a person reads: 「异议处理中」


# provider(pks) -> {pk: [Mark, ...]} for the items among ``pks`` that carry a mark.
MarkProvider = Callable[[list[Any]], dict[Any, list[Mark]]]
_providers: dict[str, list[MarkProvider]] = {}
# provider(model label, pks) -> the same, for a fact that any model's items may carry (an
# objection to a published item of whichever app: core.services.objectables).
AnyItemMarkProvider = Callable[[str, list[Any]], dict[Any, list[Mark]]]
_any_item_providers: list[AnyItemMarkProvider] = []


def register_mark_provider(model: type[models.Model], provider: MarkProvider) -> None:
    providers = _providers.setdefault(model._meta.label_lower, [])
    if provider not in providers:
        providers.append(provider)


def register_any_item_mark_provider(provider: AnyItemMarkProvider) -> None:
    if provider not in _any_item_providers:
        _any_item_providers.append(provider)


def item_marks(model: type[models.Model], pks: Iterable[Any]) -> dict[Any, list[Mark]]:
    """The marks of each of ``pks`` (items without a mark are absent)."""
    wanted = list(pks)
    marks: dict[Any, list[Mark]] = {}
    if not wanted:
        return marks
    label = model._meta.label_lower
    results = [provider(wanted) for provider in _providers.get(label, [])]
    results += [provider(label, wanted) for provider in _any_item_providers]
    for result in results:
        for pk, found in result.items():
            marks.setdefault(pk, []).extend(found)
    return marks


def marks_of(obj: models.Model) -> list[Mark]:
    return item_marks(type(obj), [obj.pk]).get(obj.pk, [])
