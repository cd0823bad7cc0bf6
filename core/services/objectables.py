"""Published items that their counterparty may object to or ask to repair, whichever app owns them
(docs/lifecycles.md, "Objection"; docs/architecture.md).

A company named in a 双公示 decision objects from the decision's public page, without an
account, but `objections` may not import the app that owns the decision. So the owning app
describes its items at start-up (`register_objectable` in its `AppConfig.ready()`): how to
find one that is public, how to tell whether the filer is its counterparty, who answers. The
objections app reads only this description; the item's takedown goes through
`core.services.takedowns` and its 「异议处理中」 mark through `core.services.marks`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class Objectable:
    # The item kind in the objection pages' addresses: /objections/on/<slug>/<pk>/.
    slug: str
    # pk -> the item if it is on the public site now, else None.
    find_public: Callable[[int], models.Model | None]
    # (item, document number, credit code or ID number) -> whether the filer names its counterparty.
    # Compared in constant time; an ID number is checked against the stored keyed hash.
    names_counterparty: Callable[[models.Model, str, str], bool]
    # Whether the counterparty is a natural person (identified by ID number, not by credit code).
    is_natural_person: Callable[[models.Model], bool]
    # The agency whose reviewers answer (the providing agency, 数据来源单位).
    answering_agency_id: Callable[[models.Model], int]
    # The item's public headline (document number and name, personal data masked) and page.
    headline: Callable[[models.Model], str]
    public_url: Callable[[models.Model], str]
    # Credit repair (信用修复): the first day the item's counterparty may apply (the day after
    # its minimum publicity period), or None when the item is not a dishonesty item to repair.
    repair_from: Callable[[models.Model], dt.date | None]


_registry: dict[str, Objectable] = {}
_labels: dict[str, str] = {}  # slug -> model label


def register_objectable(model: type[models.Model], description: Objectable) -> None:
    _registry[model._meta.label_lower] = description
    _labels[description.slug] = model._meta.label_lower


def objectable_label(slug: str) -> str | None:
    """The model label of the item kind ``slug`` in an address, None if there is none."""
    return _labels.get(slug)


def objectable(model: type[models.Model] | str) -> Objectable | None:
    """The description of ``model`` (a class or its ``app_label.modelname``), None if its
    counterparty cannot object to it."""
    label = model if isinstance(model, str) else model._meta.label_lower
    return _registry.get(label)
