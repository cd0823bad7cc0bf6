"""The publication period in templates, from its one setting (never a literal 7 in text)."""

from __future__ import annotations

from django import template

from disclosure.models import ActionKind
from disclosure.services.clock import publication_days as days_for_kind

register = template.Library()


@register.simple_tag
def publication_days(kind: str = "default") -> int:
    return days_for_kind(kind if kind in ActionKind.values else "default")
