"""System checks that keep the allow-lists honest (run by `manage.py check` and the tests)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core import checks


def entry_fields_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    from .workflow import WORKFLOW_FIELDS, Reviewable

    errors: list[checks.CheckMessage] = []
    for model in apps.get_models():
        if not issubclass(model, Reviewable):
            continue
        label = model._meta.label
        if not model.ENTRY_FIELDS:
            errors.append(checks.Error(f"{label} declares no ENTRY_FIELDS", id="core.E001", obj=model))
        editable = {f.name for f in model._meta.fields if f.editable}
        for name in model.ENTRY_FIELDS:
            if name in WORKFLOW_FIELDS or name not in editable:
                errors.append(
                    checks.Error(
                        f"{label}.ENTRY_FIELDS names {name!r}, which is a workflow field or not an editable field",
                        id="core.E002",
                        obj=model,
                    )
                )
    return errors


def register() -> None:
    checks.register(entry_fields_check, checks.Tags.models)
