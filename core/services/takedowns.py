"""Taking an item off the public site, whichever app owns it (docs/architecture.md).

An approved credit repair or an objection answered by revoking must end an item's
publication, but `objections` may not import the app that owns the item. So the owning app
subscribes at start-up (`register_takedown_handler` in its `AppConfig.ready()`), and
whoever needs a takedown asks for it with `takedown_request`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _


class TakedownReason(models.TextChoices):
    EXPIRED = "expired", _("Publicity period ended")
    REVOKED = "revoked", _("Decision revoked")
    REPAIRED = "repaired", _("Credit repaired")


# handler(obj, reason=..., actor=..., note=...): takes the item down and logs it, or does nothing if it is down.
TakedownHandler = Callable[..., None]
_handlers: dict[str, TakedownHandler] = {}


def register_takedown_handler(model: type[models.Model], handler: TakedownHandler) -> None:
    _handlers[model._meta.label_lower] = handler


def takedown_request(*, obj: models.Model, reason: TakedownReason, actor: Any = None, note: str = "") -> None:
    """Take ``obj`` off the public site for ``reason``; runs in the caller's transaction."""
    handler = _handlers.get(obj._meta.label_lower)
    if handler is None:
        raise ImproperlyConfigured(f"no takedown handler is registered for {obj._meta.label_lower}")
    handler(obj, reason=TakedownReason(reason), actor=actor, note=note)
