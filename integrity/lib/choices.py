"""Choice labels, translated once per language and process.

`Model.get_FOO_display()` rebuilds a dict of all the field's choices on every call, hashing
each lazy label (a translation lookup apiece): on a page of twenty credit records, with their
twenty-odd categories, that was some 800 lookups (bench/README.md, "Integrity file pages").
Labels come from the code, so a table per field and language never goes stale.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.db import models
from django.utils.translation import get_language


@cache
def _labels(model: type[models.Model], name: str, language: str | None) -> dict[Any, str]:
    field = model._meta.get_field(name)
    return {value: str(label) for value, label in field.flatchoices}  # type: ignore[union-attr]


def display(obj: models.Model, name: str) -> str:
    """What ``obj.get_<name>_display()`` answers, in the active language: the label of the
    field's value, the value itself when it has no label ("" stays "")."""
    value = getattr(obj, name)
    return _labels(obj._meta.concrete_model, name, get_language()).get(value, "" if value is None else str(value))


@cache
def _class_labels(choices: type[models.Choices], language: str | None) -> dict[Any, str]:
    return {value: str(label) for value, label in choices.choices}


def choice_label(choices: type[models.Choices], value: Any) -> str:
    """``choices(value).label`` in the active language, looked up once per language."""
    return _class_labels(choices, get_language()).get(value, "" if value is None else str(value))
