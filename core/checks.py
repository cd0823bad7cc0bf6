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


def sharing_settings_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Half a configuration would look like sharing is on, or silently keep it off."""
    from django.conf import settings

    url, key = settings.CITY_PLATFORM_URL, settings.CITY_PLATFORM_KEY
    errors: list[checks.CheckMessage] = []
    if bool(url) != bool(key):
        errors.append(
            checks.Error(
                "set both CITY_PLATFORM_URL and CITY_PLATFORM_KEY to share with the city credit platform, or neither",
                id="core.E003",
            )
        )
    if url and not url.startswith(("https://", "http://")):
        errors.append(checks.Error("CITY_PLATFORM_URL must be an http(s) address", id="core.E004"))
    return errors


def register() -> None:
    checks.register(entry_fields_check, checks.Tags.models)
    checks.register(sharing_settings_check)
